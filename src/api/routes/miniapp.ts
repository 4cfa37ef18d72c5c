// The Telegram Mini App's two API calls of its own. POST /miniapp/session
// trades Telegram's signed initData for a short access token (the same JWT as
// every other API call, on a session that ends when the initData goes stale);
// GET /miniapp/me tells the page who it is, its families, roles, members and
// what the role allows, so the page shows only the buttons the core will
// accept. Everything else the page reads through the ordinary REST routes,
// scoped and audited as for any client.
import type { FastifyInstance } from 'fastify';
import { can, listFamiliesForUser, listMembers, getUser } from '../../domain/index.js';
import { loginWithInitData } from '../../domain/auth/index.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { authGuard, userOf } from '../plugins/auth.js';
import { bearerSecurity, errorResponses } from '../schemas.js';
import { sessionMeta } from './auth.js';

type SessionBody = { init_data: string };

const sessionSchema = {
  type: 'object',
  required: ['access_token', 'expires_in', 'session_expires_in', 'user_id', 'locale'],
  properties: {
    access_token: { type: 'string', description: 'JWT (HS256), valid 15 minutes or until the session ends' },
    expires_in: { type: 'integer', description: 'Seconds until the access token expires' },
    session_expires_in: { type: 'integer', description: 'Seconds until the Mini App must be opened again (initData window)' },
    user_id: { type: 'integer' },
    locale: { type: ['string', 'null'], description: 'The account\'s language, else Telegram\'s' },
  },
} as const;

const memberSchema = {
  type: 'object',
  required: ['user_id', 'name', 'role'],
  properties: { user_id: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' } },
} as const;

const meSchema = {
  type: 'object',
  required: ['user_id', 'name', 'locale', 'families'],
  properties: {
    user_id: { type: 'integer' },
    name: { type: 'string' },
    locale: { type: ['string', 'null'] },
    families: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'base_currency', 'timezone', 'locale', 'role', 'can_approve', 'can_create', 'members'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          base_currency: { type: 'string' },
          timezone: { type: 'string' },
          locale: { type: 'string' },
          role: { type: 'string', enum: ['owner', 'admin', 'member', 'viewer'] },
          can_approve: { type: 'boolean', description: 'The role may approve or reject others\' transactions' },
          can_create: { type: 'boolean' },
          members: { type: 'array', items: memberSchema },
        },
      },
    },
  },
} as const;

export function registerMiniAppRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: SessionBody }>(
    '/miniapp/session',
    {
      config: { rateLimit: { max: ctx.limits.refresh.max, timeWindow: ctx.limits.refresh.timeWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Log in from the Telegram Mini App with its signed initData',
        description:
          'initData is checked as Telegram specifies (HMAC-SHA256 with the bot token, auth_date within MINIAPP_AUTH_MAX_AGE_SECONDS). ' +
          'The Telegram user must already have talked to the bot. No refresh token: when the access token expires the app sends initData again.',
        body: {
          type: 'object',
          required: ['init_data'],
          additionalProperties: false,
          properties: { init_data: { type: 'string', minLength: 1, maxLength: 8192, description: 'Telegram.WebApp.initData, as received' } },
        },
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (req) => {
      const botToken = ctx.config.bot.token;
      if (!botToken) throw new ApiError(503, 'unavailable', 'The Mini App needs the bot: set BOT_TOKEN on the server', { reason: 'bot_not_configured' });
      const login = loginWithInitData(ctx.core, { initData: req.body.init_data, botToken, maxAgeS: ctx.config.miniApp.authMaxAgeS, meta: sessionMeta(req) });
      const access = await ctx.tokens.issue(login.userId, login.sessionId);
      const sessionLeftS = Math.max(0, Math.floor((login.sessionExpiresAt - ctx.now()) / 1000));
      return {
        access_token: access.token,
        expires_in: Math.min(access.expiresIn, sessionLeftS),
        session_expires_in: sessionLeftS,
        user_id: login.userId,
        locale: login.locale,
      };
    },
  );

  app.get(
    '/miniapp/me',
    {
      onRequest: authGuard(ctx),
      schema: {
        tags: ['families'],
        summary: 'Who the caller is: families, roles, members and what the role allows (for the Mini App)',
        security: bearerSecurity,
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (req) => {
      const userId = userOf(req);
      const user = getUser(ctx.reads(), userId);
      return {
        user_id: userId,
        name: user.name,
        locale: user.locale,
        families: listFamiliesForUser(ctx.reads(), userId).map((f) => ({
          id: f.id,
          name: f.name,
          base_currency: f.baseCurrency,
          timezone: f.timezone,
          locale: f.locale,
          role: f.role,
          can_approve: can(f.role, 'approve_transaction'),
          can_create: can(f.role, 'create_transaction'),
          members: listMembers(ctx.reads(), userId, f.id).map((m) => ({ user_id: m.userId, name: m.name, role: m.role })),
        })),
      };
    },
  );
}
