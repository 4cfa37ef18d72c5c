// Binding a Telegram chat to a web login. The bot (a signed client) asks for
// a one-time code for a chat; the person, logged in on the web, confirms it.
import type { FastifyInstance } from 'fastify';
import { confirmBinding, createBindingCode } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { authGuard, authOf } from '../plugins/auth.js';
import { bearerSecurity, errorResponses, iso } from '../schemas.js';

type StartBody = { chat_id: number };
type ConfirmBody = { code: string; chat_id: number; username?: string | null; first_name?: string | null };

const chatId = { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, not: { const: 0 }, description: 'Telegram chat id' } as const;

export function registerTelegramRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: StartBody }>(
    '/auth/telegram/start',
    {
      config: { hmac: 'always' },
      schema: {
        tags: ['telegram'],
        summary: 'One-time binding code for a chat (signed clients only)',
        description: 'Always requires an HMAC signature (X-Client-Id, X-Timestamp, X-Signature), whatever REQUIRE_HMAC_VERIFICATION says.',
        security: [{ hmacSignature: [], hmacClient: [], hmacTimestamp: [] }],
        body: { type: 'object', required: ['chat_id'], additionalProperties: false, properties: { chat_id: chatId } },
        response: {
          200: {
            type: 'object',
            required: ['code', 'expires_in'],
            properties: { code: { type: 'string', example: 'K7QM2XPA' }, expires_in: { type: 'integer', enum: [600] } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const binding = createBindingCode(ctx.core, { chatId: req.body.chat_id });
      return { code: binding.code, expires_in: binding.expiresIn };
    },
  );

  app.post<{ Body: ConfirmBody }>(
    '/auth/telegram/confirm',
    {
      onRequest: authGuard(ctx),
      config: { rateLimit: { max: ctx.limits.telegramConfirm.max, timeWindow: ctx.limits.telegramConfirm.timeWindowMs } },
      schema: {
        tags: ['telegram'],
        summary: 'Bind the code\'s chat to the caller (merging a family-less account into the other)',
        description:
          'When the chat already belongs to another account, the account without family data is merged into the one with it; ' +
          'user_id and jwt_token are then the surviving account\'s. 409 when both accounts have family data.',
        security: bearerSecurity,
        body: {
          type: 'object',
          required: ['code', 'chat_id'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', minLength: 1, maxLength: 32 },
            chat_id: chatId,
            username: { type: ['string', 'null'], maxLength: 64 },
            first_name: { type: ['string', 'null'], maxLength: 128 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['success', 'user_id', 'jwt_token', 'expires_at'],
            properties: {
              success: { type: 'boolean', enum: [true] },
              user_id: { type: 'integer' },
              jwt_token: { type: 'string', description: 'An access token of the surviving account, in the same session' },
              expires_at: { type: 'string', format: 'date-time' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { sessionId } = authOf(req);
      const result = confirmBinding(ctx.core, authOf(req).userId, {
        code: req.body.code,
        chatId: req.body.chat_id,
        username: req.body.username ?? null,
        firstName: req.body.first_name ?? null,
      });
      ctx.onOutbox();
      // A merge moves the caller's session onto the surviving account, so the new token lives in it.
      const access = await ctx.tokens.issue(result.userId, sessionId);
      return { success: true, user_id: result.userId, jwt_token: access.token, expires_at: iso(access.expiresAt) };
    },
  );
}
