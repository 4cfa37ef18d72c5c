// Read-only views of the caller's families: the families, their wallets and
// categories, and the audit log (owners and admins). The core scopes every
// read to the caller's membership; another family's id is "not found".
import type { FastifyInstance } from 'fastify';
import { listCategories, listEvents, listFamiliesForUser, listWallets } from '../../domain/index.js';
import type { ApiContext } from '../context.js';
import { authGuard, userOf } from '../plugins/auth.js';
import { badInput } from '../errors.js';
import { bearerSecurity, errorResponses, idParam, toId } from '../schemas.js';
import { categorySchema, categoryView, eventSchema, eventView, familySchema, familyView, walletSchema, walletView } from '../views.js';
import { keptJson } from './kept-json.js';
import { decodeCursor, encodeCursor, limitParam } from './paging.js';

const familyQuery = {
  type: 'object',
  required: ['family_id'],
  additionalProperties: false,
  properties: { family_id: idParam },
} as const;

export function registerFamilyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = authGuard(ctx);

  app.get(
    '/families',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'The caller\'s families and role in each',
        security: bearerSecurity,
        response: { 200: { type: 'object', required: ['families'], properties: { families: { type: 'array', items: familySchema } } }, ...errorResponses },
      },
    },
    (req, reply) => {
      const user = userOf(req);
      return keptJson(reply, ctx.memo(`families:${user}`, (d) => reply.serialize({ families: listFamiliesForUser(d, user).map(familyView) })));
    },
  );

  app.get<{ Querystring: { family_id: string } }>(
    '/wallets',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Active wallets of a family with their balances',
        security: bearerSecurity,
        querystring: familyQuery,
        response: { 200: { type: 'object', required: ['wallets'], properties: { wallets: { type: 'array', items: walletSchema } } }, ...errorResponses },
      },
    },
    (req, reply) => {
      const user = userOf(req);
      const familyId = toId(req.query.family_id);
      return keptJson(reply, ctx.memo(`wallets:${user}:${familyId}`, (d) => reply.serialize({ wallets: listWallets(d, user, familyId).map(walletView) })));
    },
  );

  app.get<{ Querystring: { family_id: string } }>(
    '/categories',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'Active categories of a family',
        security: bearerSecurity,
        querystring: familyQuery,
        response: {
          200: { type: 'object', required: ['categories'], properties: { categories: { type: 'array', items: categorySchema } } },
          ...errorResponses,
        },
      },
    },
    (req, reply) => {
      const user = userOf(req);
      const familyId = toId(req.query.family_id);
      return keptJson(reply, ctx.memo(`categories:${user}:${familyId}`, (d) => reply.serialize({ categories: listCategories(d, user, familyId).map(categoryView) })));
    },
  );

  app.get<{ Querystring: { family_id: string; limit?: string; cursor?: string } }>(
    '/events',
    {
      onRequest: guard,
      schema: {
        tags: ['families'],
        summary: 'The family\'s audit log, newest first (owners and admins)',
        security: bearerSecurity,
        querystring: {
          type: 'object',
          required: ['family_id'],
          additionalProperties: false,
          properties: { family_id: idParam, limit: limitParam, cursor: { type: 'string', maxLength: 40 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['events', 'next_cursor'],
            properties: { events: { type: 'array', items: eventSchema }, next_cursor: { type: ['string', 'null'] } },
          },
          ...errorResponses,
        },
      },
    },
    (req) => {
      const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
      if (limit > 100) throw badInput('limit', 'limit must be between 1 and 100');
      const beforeId = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor);
      // One more than asked tells whether another page exists.
      const rows = listEvents(ctx.reads(), userOf(req), { familyId: toId(req.query.family_id), limit: limit + 1, ...(beforeId ? { beforeId } : {}) });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { events: page.map(eventView), next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
    },
  );
}
