// The OpenAPI document, generated from the route schemas (never written by
// hand), served at /docs/json (and /docs/yaml) and browsable with Swagger UI
// at /docs.
//
// Built on the first request to /docs, not at start: @fastify/swagger,
// @fastify/swagger-ui and theirs (yaml, @fastify/static, glob…) cost the API
// 0.1–0.35 s of its start-up (measured under load) and ~2 MB of heap for a
// page few people open. The server records every route's options as it is registered (what
// @fastify/swagger itself records); the first /docs request builds a small
// Fastify instance holding both plugins and the same routes (method, URL,
// schema, config; handlers never run, schemas are not compiled) and each /docs
// request is answered by that instance through inject(): the same document,
// files and headers as when the plugins ran inside the server.
import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiContext } from '../context.js';
import { seaResourceDir } from '../../runtime/sea.js';
import { join } from 'node:path';

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="32" viewBox="0 0 160 32"><text x="0" y="23" font-family="sans-serif" font-size="20" font-weight="700" fill="#ffffff">finance-bot API</text></svg>';

/** Response headers of the docs instance that belong to its own connection, not to the answer. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

function swaggerOptions(ctx: ApiContext): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'finance-bot API',
        version: ctx.config.version,
        description:
          'Family finance over HTTP, on the same core as the Telegram bot. Errors are always {"error":{"code","message","field?","reason?"}}. ' +
          'Money is a decimal string in the wallet\'s currency ("50.00").',
      },
      servers: [{ url: ctx.config.http.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          hmacClient: { type: 'apiKey', in: 'header', name: 'X-Client-Id' },
          hmacTimestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp' },
          hmacSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Signature',
            description: 'hex HMAC-SHA256 over METHOD:PATH:TIMESTAMP:BODY_HASH with the client secret',
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Email logins and sessions' },
        { name: 'telegram', description: 'Binding a Telegram chat to a login' },
        { name: 'families', description: 'Families, wallets, categories, audit log' },
        { name: 'transactions', description: 'The ledger' },
        { name: 'reports', description: 'Budgets, goals, monthly reports and trend, the chart, CSV export' },
        { name: 'health', description: 'Probes' },
      ],
    },
  };
}

function swaggerUiOptions(): FastifySwaggerUiOptions {
  const sea = seaResourceDir();
  return {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    // Given inline so the plugin does not read its own logo file (the single-binary build has no node_modules).
    logo: { type: 'image/svg+xml', content: LOGO_SVG },
    // Inside the single executable the UI's files are extracted from its assets.
    ...(sea ? { baseDir: join(sea, 'swagger-ui') } : {}),
    // Swagger UI styles itself inline; everything else stays as strict as the rest of the site.
    staticCSP:
      "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
  };
}

/** A Fastify instance serving /docs for `routes` (the server's, as registered). */
async function buildDocsServer(ctx: ApiContext, routes: readonly RouteOptions[]): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const docs = Fastify();
  // The routes below only describe the server's: their schemas are read, never compiled.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await docs.register(swagger, swaggerOptions(ctx));
  for (const r of routes) {
    docs.route({ method: r.method, url: r.url, ...(r.schema ? { schema: r.schema } : {}), ...(r.config ? { config: r.config } : {}), handler: async () => undefined });
  }
  await docs.register(swaggerUi, swaggerUiOptions());
  await docs.ready();
  return docs;
}

export function registerDocs(app: FastifyInstance, ctx: ApiContext): void {
  // Every route registered from here on, as @fastify/swagger records them; HEAD routes are
  // Fastify's own copies of GET routes (the docs instance makes its own), hidden routes never show.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    if (r.method === 'HEAD' || (r.schema as { hide?: boolean } | undefined)?.hide === true) return;
    routes.push(r);
  });

  let docs: Promise<FastifyInstance> | undefined;
  const answer = async (req: FastifyRequest, reply: FastifyReply) => {
    docs ??= buildDocsServer(ctx, routes).catch((err: unknown) => {
      docs = undefined;
      throw err;
    });
    // A HEAD request is answered from the GET answer: the server's own HEAD handling drops the body.
    // Streamed, as @fastify/static streams its files: a request never holds Swagger UI's 1.5 MB script.
    const res = await (await docs).inject({ method: 'GET', url: req.url, headers: req.headers, payloadAsStream: true });
    const body = res.stream();
    // Not found is the server's own 404 (its error shape and its headers).
    if (res.statusCode === 404) {
      body.resume();
      return reply.callNotFound();
    }
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !NOT_FORWARDED.has(name)) reply.header(name, value);
    }
    reply.code(res.statusCode);
    // No body (a redirect, 304 Not Modified): no content type either.
    if (res.statusCode === 304 || res.headers['content-length'] === '0') {
      body.resume();
      return reply.send();
    }
    return reply.send(body);
  };
  app.get('/docs', { schema: { hide: true } }, answer);
  app.get('/docs/*', { schema: { hide: true } }, answer);
  app.addHook('onClose', async () => {
    if (docs) await (await docs.catch(() => undefined))?.close();
  });
}
