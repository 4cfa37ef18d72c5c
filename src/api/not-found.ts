// The answer to a request no route takes. A path the server knows under other
// methods (DELETE /api/v1/wallets, PUT /health) is 405 method_not_allowed
// with an Allow header naming them (RFC 9110 §15.5.6), so a client learns its
// method is wrong, not that the resource is missing; any other path is 404
// not_found. Both in the API's one error shape.
//
// A secret route (the bot's webhook: its path and Telegram's secret header are
// both secrets) is answered from here, never registered with the router: a
// request that is not a POST to its path with the right secret is, by
// construction, the request to an unknown path (same hooks, body parsing,
// access-log row, status, body and headers). As a route it leaked: GET was
// 405 with "Allow: POST", a wrong secret 401, and /docs/json listed the path.
import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toErrorResponse } from './errors.js';

/** A POST route that exists only for whoever sends its secret in `header`. */
export type SecretRoute = {
  path: string;
  /** The request header carrying the secret, lower case. */
  header: string;
  secret: string;
  handle: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

// One call per request, no Hash object (crypto.hash: Node >= 20.12, the engines floor).
const digest = (s: string): Buffer => hash('sha256', s, 'buffer');

/** True when `req` is a POST to the route's path with its secret (compared in constant time). */
function secretRouteMatcher(route: SecretRoute): (req: FastifyRequest, path: string) => boolean {
  const expected = digest(route.secret);
  return (req, path) => {
    if (req.method !== 'POST' || path !== route.path) return false;
    const given = req.headers[route.header];
    // Digests of equal length: the comparison takes as long whatever was sent.
    return typeof given === 'string' && timingSafeEqual(digest(given), expected);
  };
}

/** Register before the routes: it records the methods they use. */
export function registerNotFound(app: FastifyInstance, secretRoute?: SecretRoute): void {
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    // A catch-all (CORS's OPTIONS *) matches every path: it would make every path known.
    if (route.url === '*' || route.url === '/*') return;
    for (const m of ([] as string[]).concat(route.method)) methods.add(m);
  });
  const isSecretRoute = secretRoute ? secretRouteMatcher(secretRoute) : undefined;
  app.setNotFoundHandler((req, reply) => {
    const query = req.url.indexOf('?');
    const path = query < 0 ? req.url : req.url.slice(0, query);
    if (secretRoute && isSecretRoute?.(req, path)) return secretRoute.handle(req, reply);
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
