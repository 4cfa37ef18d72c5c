// The answer to a request no route takes. A path the server knows under other
// methods (DELETE /api/v1/wallets, PUT /health) is 405 method_not_allowed
// with an Allow header naming them (RFC 9110 §15.5.6), so a client learns its
// method is wrong, not that the resource is missing; any other path is 404
// not_found. Both in the API's one error shape.
import type { FastifyInstance } from 'fastify';
import { ApiError, toErrorResponse } from './errors.js';

/** Register before the routes: it records the methods they use. */
export function registerNotFound(app: FastifyInstance): void {
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    // A catch-all (CORS's OPTIONS *) matches every path: it would make every path known.
    if (route.url === '*' || route.url === '/*') return;
    for (const m of ([] as string[]).concat(route.method)) methods.add(m);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    // Looked up only on this path (a miss), a handful of router lookups: the routed requests pay nothing.
    const allowed = [...methods].filter((m) => app.findRoute({ method: m as 'GET', url: path }) !== null).sort();
    // A route that found nothing itself (a missing file under /docs, callNotFound) is a 404 on a known path.
    const err =
      allowed.length > 0 && !allowed.includes(req.method)
        ? new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } })
        : new ApiError(404, 'not_found', `No such endpoint: ${req.method} ${path}`);
    const { status, body, headers } = toErrorResponse(err);
    return reply.code(status).headers(headers).send(body);
  });
}
