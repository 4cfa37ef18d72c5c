// Retention of operational data that grows with every request or job but is
// not the family's books: the access log (90 days) and delivered outbox rows
// (30 days, with their delivery records), and the ids of handled Telegram
// updates (7 days; Telegram keeps an undelivered update for 24 hours), and the
// API's stored first responses to Idempotency-Key requests (30 days; after that
// the ledger's own key still dedupes a replay), and the bot's per-message
// records in bot_sessions (bot-records.ts: each kind for as long as it is of
// use). Pruning runs here, in the job, never on a request's path (it used to
// cost every POST a scan).
// Transactions (and so postings, a view of them) and the audit event log are never pruned.
import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { accessLog, idempotentResponses, outbox } from '../../db/schema.js';
import type { CoreDeps, Q } from '../deps.js';
import { connectionOf, perConnection } from '../prepared.js';
import { pruneBotRecordsStep } from './bot-records.js';

export const ACCESS_LOG_RETENTION_MS = 90 * 24 * 3600 * 1000;
export const DONE_OUTBOX_RETENTION_MS = 30 * 24 * 3600 * 1000;
export const PROCESSED_UPDATES_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const IDEMPOTENT_RESPONSES_RETENTION_MS = 30 * 24 * 3600 * 1000;

export type Pruned = { accessLog: number; outbox: number; processedUpdates: number; idempotentResponses: number; botRecords: number };

/**
 * How much one run may do, so that it holds the event loop (and, when it runs
 * inside an open group-commit batch, the write lock) for a few milliseconds,
 * however far behind it is: `steps` chunks of each walk (about a millisecond
 * each at a million rows) and `rows` rows of each range delete. At one run a
 * minute that is 8,000 rows of each walk and 5,000 of each log a minute, far
 * more than a family writes; a backlog (the first run after an upgrade, a long
 * stop) is worked off over the next runs.
 */
export type PruneLimits = { steps: number; rows: number };
export const PRUNE_LIMITS: PruneLimits = { steps: 4, rows: 5_000 };

/** Where each walk goes on in the next run, per connection (null: from the start). */
const walks = perConnection(() => ({ updates: null as number | null, bot: null as string | null }));

export function pruneOperationalData(deps: CoreDeps, now = deps.clock(), limits: PruneLimits = PRUNE_LIMITS): Pruned {
  const db = deps.db;
  const { rows, steps } = limits;
  const a = deleteOldest(db, accessLog, lt(accessLog.createdAt, now - ACCESS_LOG_RETENTION_MS), accessLog.createdAt, rows);
  // A done row was due before it was done (next_attempt_at <= done_at): the condition on
  // next_attempt_at keeps the search inside outbox_status_next_idx's range of old done rows.
  const outboxCutoff = now - DONE_OUTBOX_RETENTION_MS;
  const o = deleteOldest(db, outbox, and(eq(outbox.status, 'done'), lt(outbox.nextAttemptAt, outboxCutoff), lt(outbox.doneAt, outboxCutoff)), outbox.nextAttemptAt, rows);
  const r = deleteOldest(db, idempotentResponses, lt(idempotentResponses.createdAt, now - IDEMPOTENT_RESPONSES_RETENTION_MS), idempotentResponses.createdAt, rows);
  // The tables without a time index, a chunk per statement, from where the last run stopped.
  const w = walks(db);
  const updates = walk(steps, w.updates, (from) => pruneProcessedUpdatesStep(db, now - PROCESSED_UPDATES_RETENTION_MS, from));
  w.updates = updates.next;
  const bot = walk(steps, w.bot, (from) => pruneBotRecordsStep(db, now, from));
  w.bot = bot.next;
  return { accessLog: a, outbox: o, processedUpdates: updates.deleted, idempotentResponses: r, botRecords: bot.deleted };
}

/** Deletes the oldest `rows` rows that match `old`, in the order of `by` (its index's range: no scan of the table). */
function deleteOldest(db: Q, table: SQLiteTable, old: SQL | undefined, by: SQLiteColumn, rows: number): number {
  const oldest = db.select({ rowid: sql`rowid` }).from(table).where(old).orderBy(asc(by)).limit(rows);
  return db.delete(table).where(inArray(sql`rowid`, oldest)).run().changes;
}

/** Up to `steps` steps of a walk from `from`; stops at the table's end (next null: the next run starts over). */
function walk<K>(steps: number, from: K | null, step: (from: K | null) => { deleted: number; next: K | null }): { deleted: number; next: K | null } {
  let deleted = 0;
  let next = from;
  for (let i = 0; i < steps; i++) {
    const s = step(next);
    deleted += s.deleted;
    next = s.next;
    if (next === null) break;
  }
  return { deleted, next };
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
