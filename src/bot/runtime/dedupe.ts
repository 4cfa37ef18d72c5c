// Each update is handled once, even when Telegram (or our own at-least-once
// polling, see runtime/polling.ts) delivers it again.
//
// processed_updates.processed_at carries the state in its sign, so that one
// INSERT … ON CONFLICT statement claims an update atomically:
//   -t  claimed at t, handling in progress
//   +t  handled (successfully or answered by the error boundary) at t
// A negative row older than this process's boot belongs to a process that
// died mid-update (kill -9, power loss): the redelivered update may take it
// over and be handled again. Handlers are idempotent for that case (core
// idempotency keys derived from the update, decisions that are conditional).
import { sql } from 'drizzle-orm';
import type { CoreDeps } from '../../domain/index.js';

/** Rows older than this are pruned; Telegram keeps undelivered updates for 24 hours. */
export const PROCESSED_UPDATES_TTL_MS = 3 * 24 * 3600 * 1000;

export type UpdateLedger = {
  /** True when this process should handle the update; false for a duplicate. */
  claim(updateId: number): boolean;
  /** Marks the update as handled. */
  finish(updateId: number): void;
  /** Deletes rows older than the TTL; returns how many. */
  prune(): number;
};

export function createUpdateLedger(deps: CoreDeps, bootedAt: number): UpdateLedger {
  const { db } = deps;
  return {
    claim(updateId) {
      const at = deps.clock();
      // Take over only a claim left unfinished by an earlier process (negative and older than our boot).
      const res = db.run(sql`
        INSERT INTO processed_updates (update_id, processed_at) VALUES (${updateId}, ${-at})
        ON CONFLICT (update_id) DO UPDATE SET processed_at = excluded.processed_at
        WHERE processed_updates.processed_at < 0 AND processed_updates.processed_at > ${-bootedAt}`);
      return res.changes === 1;
    },
    finish(updateId) {
      db.run(sql`UPDATE processed_updates SET processed_at = ${deps.clock()} WHERE update_id = ${updateId}`);
    },
    prune() {
      const cutoff = deps.clock() - PROCESSED_UPDATES_TTL_MS;
      // |processed_at| < cutoff, written as one range so the index serves it.
      return db.run(sql`DELETE FROM processed_updates WHERE processed_at > ${-cutoff} AND processed_at < ${cutoff}`).changes;
    },
  };
}
