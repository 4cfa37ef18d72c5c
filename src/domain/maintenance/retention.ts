// Retention of operational data that grows with every request or job but is
// not the family's books: the access log (90 days) and delivered outbox rows
// (30 days, with their delivery records), and the ids of handled Telegram
// updates (7 days; Telegram keeps an undelivered update for 24 hours), and the
// API's stored first responses to Idempotency-Key requests (30 days; after that
// the ledger's own key still dedupes a replay). Pruning runs here, in the job,
// never on a request's path (it used to cost every POST a scan).
// Transactions, postings and the audit event log are never pruned.
import { and, eq, gt, lt } from 'drizzle-orm';
import { accessLog, idempotentResponses, outbox, processedUpdates } from '../../db/schema.js';
import type { CoreDeps } from '../deps.js';

export const ACCESS_LOG_RETENTION_MS = 90 * 24 * 3600 * 1000;
export const DONE_OUTBOX_RETENTION_MS = 30 * 24 * 3600 * 1000;
export const PROCESSED_UPDATES_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const IDEMPOTENT_RESPONSES_RETENTION_MS = 30 * 24 * 3600 * 1000;

export type Pruned = { accessLog: number; outbox: number; processedUpdates: number; idempotentResponses: number };

export function pruneOperationalData(deps: CoreDeps, now = deps.clock()): Pruned {
  const a = deps.db.delete(accessLog).where(lt(accessLog.createdAt, now - ACCESS_LOG_RETENTION_MS)).run().changes;
  const o = deps.db
    .delete(outbox)
    .where(and(eq(outbox.status, 'done'), lt(outbox.doneAt, now - DONE_OUTBOX_RETENTION_MS)))
    .run().changes;
  // processed_at is negative while an update is being handled: prune by its absolute value.
  const cutoff = now - PROCESSED_UPDATES_RETENTION_MS;
  const u = deps.db
    .delete(processedUpdates)
    .where(and(gt(processedUpdates.processedAt, -cutoff), lt(processedUpdates.processedAt, cutoff)))
    .run().changes;
  // created_at is indexed (idempotent_responses_created_idx): a range delete, not a scan.
  const r = deps.db.delete(idempotentResponses).where(lt(idempotentResponses.createdAt, now - IDEMPOTENT_RESPONSES_RETENTION_MS)).run().changes;
  return { accessLog: a, outbox: o, processedUpdates: u, idempotentResponses: r };
}
