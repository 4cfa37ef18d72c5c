// The bearer-token guard: a valid access token whose session is still live.
// Routes that need a user add `onRequest: authGuard(ctx)` (before the body is even read) and read
// the user with userOf(req).
import type { FastifyRequest } from 'fastify';
import { sessionUser } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { unauthorized } from '../errors.js';
import type { AccessClaims } from '../tokens.js';

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(h) : null;
  return m?.[1];
}

export function authGuard(ctx: ApiContext) {
  return async (req: FastifyRequest): Promise<void> => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('Send an access token: Authorization: Bearer <token>', 'missing_token');
    const claims = await ctx.tokens.verify(token);
    if (sessionUser(ctx.reads(), claims.sessionId) !== claims.userId) {
      throw unauthorized('This session has ended; log in again', 'session_revoked');
    }
    req.auth = claims;
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
