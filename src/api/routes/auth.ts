// Email logins: register, log in, refresh (rotating refresh tokens with reuse
// detection, see domain/auth/sessions.ts), log out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { purposeKey, revokeSession, rotateRefreshToken, startSession } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { logInWithPassword, registerWithPassword } from '../password-login.js';
import { authGuard, authOf } from '../plugins/auth.js';
import { bearerSecurity, errorResponses } from '../schemas.js';

type Credentials = { email: string; password: string };
type RegisterBody = Credentials & { name: string };
type RefreshBody = { refresh_token: string };

const email = { type: 'string', minLength: 1, maxLength: 254, example: 'ann@example.com' } as const;
const password = { type: 'string', minLength: 1, maxLength: 1024, description: 'At least 10 characters' } as const;

const tokenPairSchema = {
  type: 'object',
  required: ['access_token', 'refresh_token', 'user_id', 'expires_in'],
  properties: {
    access_token: { type: 'string', description: 'JWT (HS256), valid 15 minutes' },
    refresh_token: { type: 'string', description: 'Opaque; valid once, 30 days' },
    user_id: { type: 'integer' },
    expires_in: { type: 'integer', enum: [900], description: 'Seconds until the access token expires' },
  },
} as const;

export function sessionMeta(req: FastifyRequest) {
  return { userAgent: req.headers['user-agent'] ?? null, ip: req.ip };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { limits } = ctx;
  // Keyed on the JWT secret: only this server can tell the successor of a refresh token (see REFRESH_GRACE_MS).
  const successorKey = purposeKey(ctx.config.secrets.jwt, 'refresh-successor');

  async function tokenPair(userId: number, sessionId: string, refreshToken: string) {
    const access = await ctx.tokens.issue(userId, sessionId);
    return { access_token: access.token, refresh_token: refreshToken, user_id: userId, expires_in: access.expiresIn };
  }

  app.post<{ Body: RegisterBody }>(
    '/auth/register',
    {
      // The password guard's registration limit (429 too_many_registrations).
      config: { throttled: true },
      schema: {
        tags: ['auth'],
        summary: 'Create an email account (off when ALLOW_REGISTRATION=false)',
        body: {
          type: 'object',
          required: ['email', 'password', 'name'],
          additionalProperties: false,
          properties: { email, password, name: { type: 'string', minLength: 1, maxLength: 64, description: 'At most 64 characters (code points, as the core counts)' } },
        },
        response: { 201: { type: 'object', required: ['user_id'], properties: { user_id: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!ctx.config.http.allowRegistration) {
        throw new ApiError(403, 'forbidden', 'Registration is turned off on this server; ask its owner for an account', { reason: 'registration_disabled' });
      }
      const user = await registerWithPassword(ctx, req, req.body);
      return reply.code(201).send({ user_id: user.id });
    },
  );

  app.post<{ Body: Credentials }>(
    '/auth/login',
    {
      config: { rateLimit: { max: limits.login.max, timeWindow: limits.login.timeWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email, password } },
        response: { 200: tokenPairSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = await logInWithPassword(ctx, req, req.body, 'api');
      const session = startSession(ctx.core, user.id, sessionMeta(req));
      return tokenPair(user.id, session.sessionId, session.refreshToken);
    },
  );

  app.post<{ Body: RefreshBody }>(
    '/auth/refresh',
    {
      config: { rateLimit: { max: limits.refresh.max, timeWindow: limits.refresh.timeWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new pair (the old refresh token stops working)',
        description:
          'The same refresh token sent again within 20 seconds (two tabs, a retry) gets the same new refresh token. ' +
          'Presenting an already exchanged refresh token later revokes its whole session (reuse detection).',
        body: {
          type: 'object',
          required: ['refresh_token'],
          additionalProperties: false,
          properties: { refresh_token: { type: 'string', minLength: 1, maxLength: 512 } },
        },
        response: { 200: tokenPairSchema, ...errorResponses },
      },
    },
    async (req) => {
      const session = rotateRefreshToken(ctx.core, req.body.refresh_token, sessionMeta(req), { successorKey });
      return tokenPair(session.userId, session.sessionId, session.refreshToken);
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: authGuard(ctx),
      schema: {
        tags: ['auth'],
        summary: 'End the session of this access token (its refresh token stops working too)',
        security: bearerSecurity,
        response: { 204: { type: 'null', description: 'Logged out' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      revokeSession(ctx.core, authOf(req).sessionId, 'logout');
      return reply.code(204).send();
    },
  );
}
