// The /docs server, loaded by the first /docs request (docs.ts): @fastify/swagger
// and @fastify/swagger-ui in a small Fastify instance of their own that holds
// the server's routes (method, URL, schema, config; handlers never run,
// schemas are not compiled).
import { join } from 'node:path';
import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi, { type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { ApiContext } from '../context.js';
import { seaResourceDir } from '../../runtime/sea.js';
import { documentedSchema } from '../openapi-responses.js';

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="32" viewBox="0 0 160 32"><text x="0" y="23" font-family="sans-serif" font-size="20" font-weight="700" fill="#ffffff">finance-bot API</text></svg>';

function swaggerOptions(ctx: ApiContext): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'finance-bot API',
        version: ctx.config.version,
        description:
          'Family finance over HTTP, on the same core as the Telegram bot. Errors are always {"error":{"code","message","field?","reason?"}}. ' +
          'A path below with a method it does not list answers 405 method_not_allowed, its Allow header naming the methods it takes; an unknown path answers 404 not_found. ' +
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
    // Swagger UI styles itself inline (a <style> element its script adds); its scripts are all files, so
    // everything else stays as strict as the rest of the site (tests/e2e/docs-page loads it in a browser).
    staticCSP:
      "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
  };
}

/** A Fastify instance serving /docs for `routes` (the server's, as registered). */
export async function buildDocsServer(ctx: ApiContext, routes: readonly RouteOptions[]): Promise<FastifyInstance> {
  const docs = Fastify();
  // The routes below only describe the server's: their schemas are read, never compiled.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await docs.register(swagger, swaggerOptions(ctx));
  for (const r of routes) {
    const schema = documentedSchema(r);
    docs.route({ method: r.method, url: r.url, ...(schema ? { schema } : {}), ...(r.config ? { config: r.config } : {}), handler: async () => undefined });
  }
  await docs.register(swaggerUi, swaggerUiOptions());
  await docs.ready();
  return docs;
}
