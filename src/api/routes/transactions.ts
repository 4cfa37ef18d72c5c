// The ledger over HTTP: list and read transactions, record one, approve or
// reject one that waits, reverse an executed one (each with an Idempotency-Key).
// Every rule (roles, threshold, funds, idempotency) is the core's; this
// file parses input, calls one core function and shapes the answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  approveTransaction,
  createTransaction,
  getTransaction,
  listTransactions,
  checkDay,
  checkInstant,
  DATE_RANGE_TEXT,
  utcTime,
  rejectTransaction,
  reverseTransaction,
  type Transaction,
  type TransactionStatus,
  TRANSACTION_KINDS,
} from '../../domain/index.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import { authGuard, authOf, userOf } from '../plugins/auth.js';
import { amountInput, bearerSecurity, errorResponses, idParam, idParams, integerId, iso, nullableId, toId } from '../schemas.js';
import { canonicalHash, idempotencyHeader, idempotencyKeyOf, replay, respondOnce, storedAnswer } from './idempotency.js';
import { storeResponse } from '../store/idempotent-responses.js';
import { createdTransactionSchema, createdTransactionView, transactionSchema, transactionView } from '../views.js';
import { decodeCursor, encodeCursor, limitParam } from './paging.js';

type CreateBody = {
  family_id: number;
  from_wallet_id?: number | null;
  to_wallet_id?: number | null;
  amount: number | string;
  to_amount?: number | string | null;
  category_id?: number | null;
  description?: string | null;
};
type ListQuery = {
  family_id: string;
  wallet_id?: string;
  status?: TransactionStatus;
  created_by?: string;
  category_id?: string;
  kind?: string;
  q?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
};
type IdParams = { id: string };
type ReasonBody = { reason?: string | null } | undefined;

const STATUSES = ['pending_approval', 'executed', 'rejected', 'reversed', 'withdrawn'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A real calendar day (a whole UTC day) or an ISO 8601 date-time with its zone, from 1970-01-01 to 9999-12-31
 * (the core's one date reader); `end` makes a bare day mean its end. Impossible dates are refused, never rolled over.
 */
function parseInstant(value: string, field: string, end: boolean): number {
  const day = checkDay(value);
  if (day.ok) {
    const ms = utcTime(day.value.y, day.value.m, day.value.d);
    return end ? ms + DAY_MS - 1 : ms;
  }
  const at = checkInstant(value);
  if (at.ok) return at.value;
  if (day.reason === 'date_out_of_range' || at.reason === 'date_out_of_range') throw badInput(field, `${field} is out of range: a date ${DATE_RANGE_TEXT}`, 'date_out_of_range');
  throw badInput(field, `${field} must be a real day (2026-11-01) or an ISO 8601 date-time with a zone (2026-11-01T10:00:00Z)`, 'invalid_date');
}

export function registerTransactionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = authGuard(ctx);

  app.get<{ Querystring: ListQuery }>(
    '/transactions',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'A family\'s transactions, newest first, keyset-paged',
        security: bearerSecurity,
        querystring: {
          type: 'object',
          required: ['family_id'],
          additionalProperties: false,
          properties: {
            family_id: idParam,
            wallet_id: idParam,
            status: { type: 'string', enum: [...STATUSES] },
            created_by: { ...idParam, description: 'Recorded by this member (user id)' },
            category_id: idParam,
            kind: { type: 'string', enum: [...TRANSACTION_KINDS] },
            q: { type: 'string', maxLength: 100, description: 'Words that must all appear in the description' },
            from: { type: 'string', maxLength: 40, description: 'Created at or after: 2026-11-01 or an ISO date-time, from 1970-01-01 to 9999-12-31' },
            to: { type: 'string', maxLength: 40, description: 'Created at or before (a bare date includes that whole day, UTC), from 1970-01-01 to 9999-12-31' },
            limit: limitParam,
            cursor: { type: 'string', maxLength: 40, description: 'next_cursor of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['transactions', 'next_cursor'],
            properties: { transactions: { type: 'array', items: transactionSchema }, next_cursor: { type: ['string', 'null'] } },
          },
          ...errorResponses,
        },
      },
    },
    (req) => {
      const userId = userOf(req);
      const q = req.query;
      const familyId = toId(q.family_id);
      const page = listTransactions(ctx.reads(), userId, {
        familyId,
        ...(q.wallet_id !== undefined ? { walletId: toId(q.wallet_id) } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.created_by !== undefined ? { createdBy: toId(q.created_by) } : {}),
        ...(q.category_id !== undefined ? { categoryId: toId(q.category_id) } : {}),
        ...(q.kind !== undefined ? { kind: q.kind as Transaction['kind'] } : {}),
        ...(q.q !== undefined ? { search: q.q } : {}),
        ...(q.from !== undefined ? { from: parseInstant(q.from, 'from', false) } : {}),
        ...(q.to !== undefined ? { to: parseInstant(q.to, 'to', true) } : {}),
        ...(q.limit !== undefined ? { limit: Number(q.limit) } : {}),
        ...(q.cursor !== undefined ? { beforeId: decodeCursor(q.cursor) } : {}),
      });
      return { transactions: page.items.map(transactionView), next_cursor: page.nextBeforeId === null ? null : encodeCursor(page.nextBeforeId) };
    },
  );

  app.get<{ Params: IdParams }>(
    '/transactions/:id',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'One transaction',
        security: bearerSecurity,
        params: idParams,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    (req) => transactionView(getTransaction(ctx.reads(), userOf(req), toId(req.params.id))),
  );

  app.post<{ Body: CreateBody }>(
    '/transactions',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'Record an expense (from_wallet_id), an income (to_wallet_id) or a transfer (both)',
        description:
          'Send an Idempotency-Key header to make retries safe: a replay returns the first response; the same key with another body is 422 idempotency_mismatch. ' +
          'Above the family\'s approval threshold a member\'s transaction waits (status pending_approval) and approvers are notified in Telegram.',
        security: bearerSecurity,
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, description: 'Any unique string per intended transaction (a UUID)' } },
        },
        body: {
          type: 'object',
          required: ['family_id', 'amount'],
          additionalProperties: false,
          properties: {
            family_id: integerId,
            from_wallet_id: nullableId,
            to_wallet_id: nullableId,
            amount: amountInput,
            to_amount: { ...amountInput, description: 'the amount received, for a transfer between wallets of different currencies: a JSON number or a decimal string' },
            category_id: nullableId,
            description: { type: ['string', 'null'], maxLength: 500 },
          },
        },
        response: { 201: createdTransactionSchema, ...errorResponses },
      },
    },
    // Not async: the core call is synchronous, and a promise per request is work the answer does not need
    // (a throw is answered as a rejection would be). Nothing is returned: the handler has sent the answer.
    (req, reply) => {
      createTransactionHandler(ctx, req, reply);
    },
  );

  app.post<{ Params: IdParams }>(
    '/transactions/:id/confirm',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'Approve a transaction waiting for approval (it executes now)',
        description: 'Send an Idempotency-Key header to make a retry safe: a replay returns the first answer; without one, a second decision is 409 invalid_state.',
        security: bearerSecurity,
        headers: idempotencyHeader,
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['id', 'status', 'executed_at'],
            properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['executed'] }, executed_at: { type: 'string', format: 'date-time' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const id = toId(req.params.id);
      return respondOnce(ctx, req, reply, user, `POST /transactions/${id}/confirm`, 200, () => {
        const t = approveTransaction(ctx.core, user, id);
        return { id: t.id, status: t.status, executed_at: iso(t.executedAt ?? t.decidedAt ?? t.updatedAt) };
      });
    },
  );

  app.post<{ Params: IdParams; Body: ReasonBody }>(
    '/transactions/:id/reject',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'Reject a transaction waiting for approval',
        description: 'Send an Idempotency-Key header to make a retry safe: a replay returns the first answer; without one, a second decision is 409 invalid_state.',
        security: bearerSecurity,
        headers: idempotencyHeader,
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { reason: { type: ['string', 'null'], maxLength: 500 } } },
        response: {
          200: {
            type: 'object',
            required: ['id', 'status', 'rejected_at', 'reason'],
            properties: {
              id: { type: 'integer' },
              status: { type: 'string', enum: ['rejected'] },
              rejected_at: { type: 'string', format: 'date-time' },
              reason: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const id = toId(req.params.id);
      return respondOnce(ctx, req, reply, user, `POST /transactions/${id}/reject`, 200, () => {
        const t = rejectTransaction(ctx.core, user, id, req.body?.reason ?? null);
        return { id: t.id, status: t.status, rejected_at: iso(t.decidedAt ?? t.updatedAt), reason: t.reason };
      });
    },
  );

  app.delete<{ Params: IdParams; Body: { reason: string } }>(
    '/transactions/:id',
    {
      onRequest: guard,
      schema: {
        tags: ['transactions'],
        summary: 'Reverse an executed transaction (a new, opposite transaction; nothing is deleted)',
        description: 'Send an Idempotency-Key header to make a retry safe: a replay returns the first answer; without one, a second decision is 409 invalid_state.',
        security: bearerSecurity,
        headers: idempotencyHeader,
        params: idParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } },
        response: {
          200: {
            type: 'object',
            required: ['original_transaction_id', 'reversal_transaction_id', 'reversed_at'],
            properties: {
              original_transaction_id: { type: 'integer' },
              reversal_transaction_id: { type: 'integer' },
              reversed_at: { type: 'string', format: 'date-time' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const id = toId(req.params.id);
      return respondOnce(ctx, req, reply, user, `DELETE /transactions/${id}`, 200, () => {
        const { original, reversal } = reverseTransaction(ctx.core, user, { transactionId: id, reason: req.body.reason });
        return { original_transaction_id: original.id, reversal_transaction_id: reversal.id, reversed_at: iso(reversal.createdAt) };
      });
    },
  );
}

function createTransactionHandler(ctx: ApiContext, req: FastifyRequest<{ Body: CreateBody }>, reply: FastifyReply): void {
  const userId = userOf(req);
  const body = req.body;
  const key = idempotencyKeyOf(req);
  // Only a keyed request is compared with a stored one.
  const requestHash = key !== null ? canonicalHash(body) : '';
  const stored = key !== null ? storedAnswer(ctx, userId, key, requestHash) : undefined;
  if (stored) {
    replay(reply, stored);
    return;
  }

  const from = body.from_wallet_id ?? null;
  const to = body.to_wallet_id ?? null;
  const toAmount = body.to_amount ?? null;
  if (toAmount !== null && (from === null || to === null)) throw badInput('to_amount', 'to_amount is only for transfers (both wallets given)');
  // One core call: the amounts are read in their wallets' currencies (USD has 2 decimals, JPY none) inside
  // the transaction that records the entry, and a keyed request's response is stored in that same commit.
  const { transaction } = createTransaction(
    ctx.core,
    userId,
    {
      familyId: body.family_id,
      fromWalletId: from,
      toWalletId: to,
      amount: body.amount,
      toAmount,
      categoryId: body.category_id ?? null,
      description: body.description ?? null,
      // The client's key, kept per person by the core (never one of the app's own keys).
      clientKey: key,
      source: 'api',
      // The API client that entered it: its login session.
      origin: `api:${authOf(req).sessionId}`,
    },
    (tx, created) => {
      if (key !== null) storeResponse(tx, userId, key, { requestHash, statusCode: 201, body: JSON.stringify(createdTransactionView(created.transaction)) }, ctx.now());
    },
  );
  reply.code(201).send(createdTransactionView(transaction));
}
