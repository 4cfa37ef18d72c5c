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
// request is answered by that instance (docs-server.ts) through inject(): the
// same document, files and headers as when the plugins ran inside the server.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiContext } from '../context.js';

/** Response headers of the docs instance that belong to its own connection, not to the answer. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

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
    docs ??= import('./docs-server.js').then(({ buildDocsServer }) => buildDocsServer(ctx, routes)).catch((err: unknown) => {
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
