// Idempotency-Key handling: the key header, the fingerprint that says whether
// a retry is "the same request", and respondOnce, which every state-changing
// route but POST /transactions (whose key the ledger keeps too) answers through.
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { durable, writeTx, type Tx } from '../../domain/index.js';
import type { ApiContext } from '../context.js';
import { ApiError, badInput, IDEMPOTENCY_MISMATCH } from '../errors.js';
import { findStoredResponse, storeResponse, type StoredResponse } from '../store/idempotent-responses.js';

/** The route schema's `headers` for a route that takes an Idempotency-Key. */
export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, description: 'Makes a retry safe: the same key and request get the first answer (Idempotent-Replayed: true); the same key with another request is 422 idempotency_mismatch' } },
} as const;

/** The Idempotency-Key header, or null; 1-255 visible ASCII characters. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badInput('Idempotency-Key', 'Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice)');
  }
  return key;
}

/** JSON with sorted keys, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function canonicalHash(body: unknown): string {
  return hash('sha256', canonical(body), 'hex');
}

/**
 * Changes at most once per Idempotency-Key (when one is sent): a retry with
 * the same key and request (`route` names the method, path and ids; the body
 * is added) gets the first answer, another request 422 idempotency_mismatch.
 * The key is looked up again inside the write transaction (IMMEDIATE: the
 * write lock is held), so racing retries, from any process, change once; the
 * stored answer commits with the change it answers. A refusal is not kept:
 * the same key may be tried again once the reason is gone.
 */
export async function respondOnce(
  ctx: ApiContext,
  req: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  route: string,
  status: number,
  change: (tx: Tx) => object,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(req);
  const requestHash = canonicalHash({ route, body: req.body ?? null });
  const stored = (): StoredResponse | undefined => (key === null ? undefined : storedAnswer(ctx, userId, key, requestHash));
  const first = stored();
  const outcome = first
    ? { replay: first }
    : writeTx(ctx.core, (tx) => {
        const again = stored();
        if (again) return { replay: again };
        const view = change(tx);
        if (key !== null) storeResponse(tx, userId, key, { requestHash, statusCode: status, body: JSON.stringify(view) }, ctx.now());
        return { view };
      });
  await durable(ctx.core);
  if (outcome.replay) return replay(reply, outcome.replay);
  return reply.code(status).send(outcome.view);
}

/** The first answer stored for this person's key, if any; the same key with another request is 422 idempotency_mismatch. */
export function storedAnswer(ctx: ApiContext, userId: number, key: string, requestHash: string): StoredResponse | undefined {
  const found = findStoredResponse(ctx.core.db, userId, key);
  if (found && found.requestHash !== requestHash) {
    throw new ApiError(422, 'idempotency_mismatch', IDEMPOTENCY_MISMATCH.message, { field: IDEMPOTENCY_MISMATCH.field });
  }
  return found;
}

/** Sends a stored first answer again, marked Idempotent-Replayed. */
export function replay(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  return reply.code(stored.statusCode).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(stored.body);
}
