// What a route's answers look like in the OpenAPI document, beyond the bodies
// its schema declares: the error answers are the API's one JSON error shape
// (application/json, even on the chart's and the export's routes, whose
// successes are image/png and text/csv), and the headers the server really
// sends are named, each derived from what makes the server send it:
//   - WWW-Authenticate on a 401 of a route that takes a Bearer token (auth plugin),
//   - Retry-After on a 429 (a route with config.rateLimit or config.throttled: rate limits, the
//     password guard, the chart gate, a running export) and on a 503 (password and chart queues;
//     not on every 503: a stopping server or a broken database say no time), never on another 4XX/5XX,
//   - X-RateLimit-Limit/-Remaining/-Reset on every answer of a route with a rate limit (config.rateLimit),
//   - Idempotent-Replayed on the successes of a route that takes an Idempotency-Key.
// A route's own response headers (the export's Content-Disposition) are declared in its schema.
// Used by the /docs server only: the routes' runtime schemas (validation, serialization) are unchanged.
import type { FastifySchema, RouteOptions } from 'fastify';
import { errorSchema } from './schemas.js';

type Header = { type: string; description: string };
type ResponseDoc = { description?: string; headers?: Record<string, Header>; content?: unknown; [key: string]: unknown };

const RETRY_AFTER_429: Record<string, Header> = {
  'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again (always sent with 429)' },
};
const RETRY_AFTER_503: Record<string, Header> = {
  'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again, when the server knows (reason password_checks_busy, charts_busy)' },
};
const RATE_LIMIT: Record<string, Header> = {
  'X-RateLimit-Limit': { type: 'integer', description: 'Requests allowed per window from this address' },
  'X-RateLimit-Remaining': { type: 'integer', description: 'Requests left in the current window' },
  'X-RateLimit-Reset': { type: 'integer', description: 'Seconds until the window starts again' },
};
const BEARER_CHALLENGE: Record<string, Header> = {
  'WWW-Authenticate': { type: 'string', description: 'Bearer realm="finance-bot", error="invalid_token"' },
};
const REPLAYED: Record<string, Header> = {
  'Idempotent-Replayed': { type: 'string', description: '"true" when this is the stored answer to an earlier request with the same Idempotency-Key' },
};

const jsonError = (description: string, headers: Record<string, Header>): ResponseDoc => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
  ...(Object.keys(headers).length > 0 ? { headers } : {}),
});

function takesBearer(schema: FastifySchema & { security?: Array<Record<string, unknown>> }): boolean {
  return (schema.security ?? []).some((s) => 'bearerAuth' in s);
}

function takesIdempotencyKey(schema: FastifySchema): boolean {
  const headers = schema.headers as { properties?: Record<string, unknown> } | undefined;
  return headers?.properties?.['idempotency-key'] !== undefined;
}

/** The route's schema as the document shows it: its responses with their media types and headers. */
export function documentedSchema(route: Pick<RouteOptions, 'schema' | 'config'>): FastifySchema | undefined {
  const schema = route.schema as (FastifySchema & { security?: Array<Record<string, unknown>> }) | undefined;
  const response = schema?.response as Record<string, ResponseDoc> | undefined;
  if (!schema || !response) return schema;
  const config = route.config as { rateLimit?: unknown; throttled?: true } | undefined;
  const limited = config?.rateLimit !== undefined;
  const every = limited ? RATE_LIMIT : {};
  const out: Record<string, ResponseDoc> = {};
  for (const [status, doc] of Object.entries(response)) {
    if (/^[45]/.test(status)) continue;
    const headers = { ...every, ...(takesIdempotencyKey(schema) ? REPLAYED : {}), ...doc.headers };
    out[status] = Object.keys(headers).length > 0 ? { ...doc, headers } : doc;
  }
  if (takesBearer(schema)) out['401'] = jsonError('Not logged in: no, expired or revoked access token (error.code unauthorized)', { ...every, ...BEARER_CHALLENGE });
  if (limited || config?.throttled) out['429'] = jsonError('Too many requests (error.code rate_limited; reason says which limit)', { ...every, ...RETRY_AFTER_429 });
  out['4xx'] = jsonError('The request was refused (error.code says why: validation, not_found, method_not_allowed…)', every);
  out['503'] = jsonError('The server cannot answer now (error.code unavailable; reason shutting_down, password_checks_busy, charts_busy…)', { ...every, ...RETRY_AFTER_503 });
  out['5xx'] = jsonError('The server could not answer (error.code internal)', every);
  return { ...schema, response: out };
}
