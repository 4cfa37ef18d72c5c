// HMAC verification (see hmac-sign.ts for the scheme). Runs after the body is
// parsed (the raw text is kept for the hash) and before schema validation.
// Required on routes marked `config: { hmac: 'always' }`, and on every
// mutating /api/v1 route when REQUIRE_HMAC_VERIFICATION=true.
import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { HMAC_HEADERS, HMAC_WINDOW_S, hmacSignature, sameSignature } from '../hmac-sign.js';
import { rememberSignature } from '../store/hmac-replays.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const refuse = (message: string, reason: string) => new ApiError(401, 'unauthorized', message, { reason });

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The secret of each client allowed to sign. */
function clientSecrets(ctx: ApiContext): Record<string, string> {
  return { telegram_bot: ctx.config.secrets.hmac };
}

export function verifyHmac(ctx: ApiContext, req: FastifyRequest): void {
  const clientId = header(req, HMAC_HEADERS.clientId);
  const timestamp = header(req, HMAC_HEADERS.timestamp);
  const signature = header(req, HMAC_HEADERS.signature);
  if (!clientId || !timestamp || !signature) {
    throw refuse('This endpoint needs a signed request (X-Client-Id, X-Timestamp, X-Signature)', 'signature_missing');
  }
  const secret = Object.hasOwn(clientSecrets(ctx), clientId) ? clientSecrets(ctx)[clientId] : undefined;
  if (!secret) throw refuse('Unknown client', 'unknown_client');
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse('X-Timestamp must be unix seconds', 'bad_timestamp');
  const nowS = Math.floor(ctx.now() / 1000);
  const ts = Number(timestamp);
  if (ts < nowS - HMAC_WINDOW_S) throw refuse('The request timestamp is too old', 'stale_timestamp');
  if (ts > nowS + HMAC_WINDOW_S) throw refuse('The request timestamp is in the future', 'future_timestamp');
  const expected = hmacSignature(secret, req.method, req.url, timestamp, req.rawBody ?? '');
  if (!sameSignature(expected, signature)) throw refuse('The request signature does not match', 'bad_signature');
  // Only a valid signature is remembered, so forgeries cannot fill the table.
  if (!rememberSignature(ctx.core.db, expected, (ts + HMAC_WINDOW_S + 1) * 1000, ctx.now())) {
    throw refuse('This signed request was already received', 'replayed');
  }
}

/** Whether a route needs a signature: marked `hmac: 'always'`, or mutating while REQUIRE_HMAC_VERIFICATION is on. */
export function needsHmac(ctx: ApiContext, marked: 'always' | undefined, methods: readonly string[]): boolean {
  return marked === 'always' || (ctx.config.http.requireHmac && methods.some((m) => MUTATING.has(m)));
}

/** The signature check, added to the routes that need one (see needsHmac). */
export function hmacGuard(ctx: ApiContext, marked: 'always' | undefined): preValidationHookHandler {
  return (req, _reply, done) => {
    // A route of several methods checks the method of this request.
    if (needsHmac(ctx, marked, [req.method])) verifyHmac(ctx, req);
    done();
  };
}
