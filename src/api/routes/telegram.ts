// Binding a Telegram chat to a web login. The bot (a signed client) asks for
// a one-time code for a chat; the person, logged in on the web, previews
// which Telegram account the code connects, then confirms it explicitly. When
// the login already has chats, one of them must allow it first (202). The
// rule lives in domain/auth/binding.ts.
import type { FastifyInstance } from 'fastify';
import { confirmBinding, createBindingCode, describeTelegramAccount, previewBinding, purposeKey, telegramAccountParts, type TelegramAccount } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import { authGuard, authOf } from '../plugins/auth.js';
import { bearerSecurity, errorResponses, iso } from '../schemas.js';
import { HMAC_HEADERS } from '../hmac-sign.js';
import { idempotencyHeader, idempotencyKeyOf } from './idempotency.js';

type StartBody = { chat_id: number; username?: string | null; first_name?: string | null };
type PreviewBody = { code: string; chat_id?: number };
type ConfirmBody = { code: string; chat_id: number; confirm?: boolean; username?: string | null; first_name?: string | null };

const chatId = { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, not: { const: 0 }, description: 'Telegram chat id' } as const;

export function registerTelegramRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // Keyed on the JWT secret, as auth.ts's successorKey: only this server can tell the code a retry key made.
  const bindingCodeSecret = purposeKey(ctx.config.secrets.jwt, 'binding-code');
  const confirmLimit = { rateLimit: { max: ctx.limits.telegramConfirm.max, timeWindow: ctx.limits.telegramConfirm.timeWindowMs } };
  // name and username_shown are the parts to show as separate labelled fields (a name may itself contain "(@someone)").
  const telegramView = (t: TelegramAccount) => {
    const parts = telegramAccountParts(t);
    return { chat_id: t.chatId, first_name: t.firstName, username: t.username, display: describeTelegramAccount(t), name: parts.name, username_shown: parts.username };
  };

  app.post<{ Body: StartBody }>(
    '/auth/telegram/start',
    {
      config: { hmac: 'always' },
      schema: {
        tags: ['telegram'],
        summary: 'One-time binding code for a chat (signed clients only)',
        description:
          'Always requires an HMAC signature (X-Client-Id, X-Timestamp, X-Signature), whatever REQUIRE_HMAC_VERIFICATION says. ' +
          'username and first_name are the Telegram account\'s, as Telegram gave them: the web page shows them before anyone connects the chat. ' +
          'A new code replaces the chat\'s earlier unused one. Send an Idempotency-Key to make a retry safe: the same key (re-signed: a signature is accepted once) ' +
          'answers the same code again (Idempotent-Replayed: true) and makes no second one; the same key for another chat_id is 422 idempotency_mismatch.',
        security: [{ hmacSignature: [], hmacClient: [], hmacTimestamp: [] }],
        headers: idempotencyHeader,
        body: {
          type: 'object',
          required: ['chat_id'],
          additionalProperties: false,
          properties: { chat_id: chatId, username: { type: ['string', 'null'], maxLength: 64 }, first_name: { type: ['string', 'null'], maxLength: 64 } },
        },
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
    async (req, reply) => {
      const key = idempotencyKeyOf(req);
      // The signature was checked (config.hmac), so the client id is one of ours: a key is that client's own.
      const clientId = req.headers[HMAC_HEADERS.clientId];
      const requestKey = key === null ? undefined : { key: `${String(clientId)}:${key}`, secret: bindingCodeSecret };
      const binding = createBindingCode(
        ctx.core,
        { chatId: req.body.chat_id, username: req.body.username ?? null, firstName: req.body.first_name ?? null },
        requestKey ? { requestKey } : {},
      );
      if (binding.replayed) reply.header('idempotent-replayed', 'true');
      return { code: binding.code, expires_in: binding.expiresIn };
    },
  );

  app.post<{ Body: PreviewBody }>(
    '/auth/telegram/preview',
    {
      onRequest: authGuard(ctx),
      config: confirmLimit,
      schema: {
        tags: ['telegram'],
        summary: 'Which Telegram account a code would connect to the caller, and how (nothing changes)',
        description: 'Show telegram.display to the person and let them confirm; 409 when connecting would be refused.',
        security: bearerSecurity,
        body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 32 }, chat_id: chatId } },
        response: { 200: previewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const p = previewBinding(ctx.core, authOf(req).userId, { code: req.body.code, ...(req.body.chat_id !== undefined ? { chatId: req.body.chat_id } : {}) });
      return { telegram: telegramView(p.telegram), outcome: p.outcome, approval_required: p.approvalRequired };
    },
  );

  app.post<{ Body: ConfirmBody }>(
    '/auth/telegram/confirm',
    {
      onRequest: authGuard(ctx),
      config: confirmLimit,
      schema: {
        tags: ['telegram'],
        summary: 'Connect the code\'s chat to the caller, after the person confirmed which Telegram account it is',
        description:
          'Send "confirm": true once the person saw the account (see /auth/telegram/preview); without it nothing changes (400 confirmation_required, the message names the account). ' +
          'When the caller\'s login already has Telegram chats, one of them must press [Allow] first: the answer is then 202 and nothing is connected yet. ' +
          'When the chat already belongs to another account, the account without family data is merged into the one with it; ' +
          'user_id and jwt_token are then the surviving account\'s. 409 when both accounts have family data. ' +
          'username and first_name are ignored (the bot gave Telegram\'s own when the code was made).',
        security: bearerSecurity,
        body: {
          type: 'object',
          required: ['code', 'chat_id'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', minLength: 1, maxLength: 32 },
            chat_id: chatId,
            confirm: { type: 'boolean', description: 'true: the person saw which Telegram account this is and wants it connected' },
            username: { type: ['string', 'null'], maxLength: 64, deprecated: true },
            first_name: { type: ['string', 'null'], maxLength: 128, deprecated: true },
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
              telegram: telegramSchema,
            },
          },
          202: {
            type: 'object',
            required: ['success', 'status', 'telegram', 'approval_expires_at'],
            properties: {
              success: { type: 'boolean', enum: [false] },
              status: { type: 'string', enum: ['approval_requested'] },
              telegram: telegramSchema,
              approval_expires_at: { type: 'string', format: 'date-time' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { sessionId, userId } = authOf(req);
      const input = { code: req.body.code, chatId: req.body.chat_id };
      if (req.body.confirm !== true) {
        const p = previewBinding(ctx.core, userId, input);
        throw badInput(
          'confirm',
          `Nothing was connected. This code connects the Telegram account ${describeTelegramAccount(p.telegram)}; send "confirm": true once the person has seen that and wants it`,
          'confirmation_required',
        );
      }
      const result = confirmBinding(ctx.core, userId, { ...input, origin: `api:${sessionId}` });
      if (result.status === 'approval_requested') {
        return reply.code(202).send({ success: false, status: 'approval_requested', telegram: telegramView(result.telegram), approval_expires_at: iso(result.expiresAt) });
      }
      // A merge moves the caller's session onto the surviving account, so the new token lives in it.
      const access = await ctx.tokens.issue(result.userId, sessionId);
      return { success: true, user_id: result.userId, jwt_token: access.token, expires_at: iso(access.expiresAt), telegram: telegramView(result.telegram) };
    },
  );
}

const telegramSchema = {
  type: 'object',
  required: ['chat_id', 'first_name', 'username', 'display', 'name', 'username_shown'],
  properties: {
    chat_id: { type: 'integer', description: 'Telegram chat id (a private chat\'s id is the Telegram user id): show it too' },
    first_name: { type: ['string', 'null'], description: 'As Telegram gave it' },
    username: { type: ['string', 'null'], description: 'As Telegram gave it' },
    display: {
      type: 'string',
      description: 'One line naming it: the name in quotes, the real @username outside them, the id: “Ann” @ann_tg · id 777; “Ann (@ann_tg)” · id 778 has no username',
    },
    name: { type: ['string', 'null'], description: 'The name to show, cleaned for display; free text, so show it as its own field' },
    username_shown: { type: ['string', 'null'], description: 'The username to show (without "@"), cleaned for display; null: the account has no username (say so)' },
  },
} as const;

const previewSchema = {
  type: 'object',
  required: ['telegram', 'outcome', 'approval_required'],
  properties: {
    telegram: telegramSchema,
    outcome: { type: 'string', enum: ['bound', 'already_bound', 'chat_moved', 'email_into_telegram', 'telegram_into_email'] },
    approval_required: { type: 'boolean', description: 'true: the caller\'s login has chats, and one of them must press [Allow]' },
  },
} as const;
