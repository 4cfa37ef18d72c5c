// The bearer-token guard: a valid access token whose session is still live.
// Routes that need a user add `onRequest: authGuard(ctx)` (before the body is even read) and read
// the user with userOf(req).
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { liveSessionUser, sessionRecord } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { unauthorized, type ApiError } from '../errors.js';
import type { AccessClaims } from '../tokens.js';

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(h) : null;
  return m?.[1];
}

export function authGuard(ctx: ApiContext): onRequestHookHandler {
  /** The claims' session must still be live; then the request is theirs. */
  const admit = (req: FastifyRequest, claims: AccessClaims): ApiError | undefined => {
    // The session's row is read again only after a write (a logout, a revoke: any commit); its end is checked now.
    const session = ctx.memo(`session:${claims.sessionId}`, (d) => sessionRecord(d, claims.sessionId));
    if (liveSessionUser(session, ctx.core.clock()) !== claims.userId) return unauthorized('This session has ended; log in again', 'session_revoked');
    req.auth = claims;
    return undefined;
  };
  // Callback style: a token verified before (nearly every request) is admitted
  // without a promise; a new one is verified asynchronously, once.
  return (req, _reply, done) => {
    const token = bearerToken(req);
    if (!token) return done(unauthorized('Send an access token: Authorization: Bearer <token>', 'missing_token'));
    const known = ctx.tokens.verifiedBefore(token);
    if (known) return done(admit(req, known));
    ctx.tokens
      .verify(token)
      .then((claims) => admit(req, claims))
      .then(
        (refused) => done(refused),
        (err: Error) => done(err),
      );
  };
}

/** The authenticated caller (the guard ran). */
export function authOf(req: FastifyRequest): AccessClaims {
  if (!req.auth) throw unauthorized('Not authenticated', 'missing_token');
  return req.auth;
}

export function userOf(req: FastifyRequest): number {
  return authOf(req).userId;
}
