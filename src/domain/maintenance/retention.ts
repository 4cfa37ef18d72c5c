// Retention of operational data that grows with every request or job but is
// not the family's books: the access log (90 days) and delivered outbox rows
// (30 days, with their delivery records), and the ids of handled Telegram
// updates (7 days; Telegram keeps an undelivered update for 24 hours), and the
// API's stored first responses to Idempotency-Key requests (30 days; after that
// the ledger's own key still dedupes a replay), and the bot's per-message
// records in bot_sessions (bot-records.ts: each kind for as long as it is of
// use). Pruning runs here, in the job, never on a request's path (it used to
// cost every POST a scan).
// Transactions, postings and the audit event log are never pruned.
import { and, eq, lt } from 'drizzle-orm';
import { accessLog, idempotentResponses, outbox } from '../../db/schema.js';
import type { CoreDeps, Q } from '../deps.js';
import { connectionOf, perConnection } from '../prepared.js';
import { pruneBotRecordsStep } from './bot-records.js';

export const ACCESS_LOG_RETENTION_MS = 90 * 24 * 3600 * 1000;
export const DONE_OUTBOX_RETENTION_MS = 30 * 24 * 3600 * 1000;
export const PROCESSED_UPDATES_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const IDEMPOTENT_RESPONSES_RETENTION_MS = 30 * 24 * 3600 * 1000;

export type Pruned = { accessLog: number; outbox: number; processedUpdates: number; idempotentResponses: number; botRecords: number };

export function pruneOperationalData(deps: CoreDeps, now = deps.clock()): Pruned {
  const a = deps.db.delete(accessLog).where(lt(accessLog.createdAt, now - ACCESS_LOG_RETENTION_MS)).run().changes;
  const o = deps.db
    .delete(outbox)
    .where(and(eq(outbox.status, 'done'), lt(outbox.doneAt, now - DONE_OUTBOX_RETENTION_MS)))
    .run().changes;
  // The whole table, a chunk per statement: the write lock is let go between chunks.
  const cutoff = now - PROCESSED_UPDATES_RETENTION_MS;
  let u = 0;
  let after: number | null = null;
  do {
    const step = pruneProcessedUpdatesStep(deps.db, cutoff, after);
    u += step.deleted;
    after = step.next;
  } while (after !== null);
  // created_at is indexed (idempotent_responses_created_idx): a range delete, not a scan.
  const r = deps.db.delete(idempotentResponses).where(lt(idempotentResponses.createdAt, now - IDEMPOTENT_RESPONSES_RETENTION_MS)).run().changes;
  // bot_sessions has no index on time either: the same walk, by key.
  let b = 0;
  let from: string | null = null;
  do {
    const step = pruneBotRecordsStep(deps.db, now, from);
    b += step.deleted;
    from = step.next;
  } while (from !== null);
  return { accessLog: a, outbox: o, processedUpdates: u, idempotentResponses: r, botRecords: b };
}

/** Rows of processed_updates one pruning step looks at: about a millisecond of the write lock. */
export const PROCESSED_UPDATES_CHUNK = 2_000;

const pruneStatements = perConnection((q) => {
  const sqlite = connectionOf(q);
  return {
    // The update id that ends a chunk: a walk of the table's own key, no index needed.
    chunkEnd: sqlite.prepare<[number, number], { update_id: number }>('SELECT update_id FROM processed_updates WHERE update_id > ? ORDER BY update_id LIMIT 1 OFFSET ?'),
    // processed_at is negative while an update is being handled: stale is |processed_at| < cutoff.
    remove: sqlite.prepare<[number, number, number, number]>(
      'DELETE FROM processed_updates WHERE update_id > ? AND update_id <= ? AND processed_at > ? AND processed_at < ?',
    ),
  };
});

/**
 * One step of pruning the ids of handled Telegram updates: among the next
 * `limit` rows after update id `after` (null: from the first), in update-id
 * order, deletes those handled or claimed before `cutoff`. There is no index
 * on the time (every claim and finish would write a page of it), so pruning
 * walks the table a bounded chunk at a time. Returns how many rows went and
 * where the next step starts; null when this step reached the end.
 */
export function pruneProcessedUpdatesStep(q: Q, cutoff: number, after: number | null, limit = PROCESSED_UPDATES_CHUNK): { deleted: number; next: number | null } {
  const { chunkEnd, remove } = pruneStatements(q);
  const from = after ?? Number.MIN_SAFE_INTEGER;
  const end = chunkEnd.get(from, Math.max(limit, 1) - 1)?.update_id;
  const deleted = remove.run(from, end ?? Number.MAX_SAFE_INTEGER, -cutoff, cutoff).changes;
  return { deleted, next: end ?? null };
}
