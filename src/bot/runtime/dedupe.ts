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
import { pruneProcessedUpdatesStep, writeStatement, type CoreDeps } from '../../domain/index.js';
import { connectionOf } from '../../domain/prepared.js';

/** Rows older than this are pruned; Telegram keeps undelivered updates for 24 hours. */
export const PROCESSED_UPDATES_TTL_MS = 3 * 24 * 3600 * 1000;

export type UpdateLedger = {
  /** True when this process should handle the update; false for a duplicate. */
  claim(updateId: number): boolean;
  /** Marks the update as handled. */
  finish(updateId: number): void;
  /** Deletes rows older than the TTL among the next chunk of rows (the walk wraps around); returns how many. */
  prune(): number;
};

export function createUpdateLedger(deps: CoreDeps, bootedAt: number): UpdateLedger {
  // Two statements per update: prepared once, not built per call, and run
  // through writeStatement so that, with group commit, they share the batch (and the
  // fsync) of the update's other writes instead of committing on their own.
  const sqlite = connectionOf(deps.db);
  // Take over only a claim left unfinished by an earlier process (negative and older than our boot).
  const claim = sqlite.prepare<[number, number, number]>(
    `INSERT INTO processed_updates (update_id, processed_at) VALUES (?, ?)
     ON CONFLICT (update_id) DO UPDATE SET processed_at = excluded.processed_at
     WHERE processed_updates.processed_at < 0 AND processed_updates.processed_at > ?`,
  );
  const finish = sqlite.prepare<[number, number]>('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?');
  /** Where the next pruning step starts (null: at the first row). */
  let pruneFrom: number | null = null;
  return {
    claim(updateId) {
      return writeStatement(deps, () => claim.run(updateId, -deps.clock(), -bootedAt).changes === 1);
    },
    finish(updateId) {
      writeStatement(deps, () => finish.run(deps.clock(), updateId));
    },
    prune() {
      const cutoff = deps.clock() - PROCESSED_UPDATES_TTL_MS;
      return writeStatement(deps, () => {
        const step = pruneProcessedUpdatesStep(deps.db, cutoff, pruneFrom);
        pruneFrom = step.next;
        return step.deleted;
      });
    },
  };
}
