// Group commit: the write transactions of requests that arrive together share
// one SQLite transaction and so one fsync, instead of one fsync each.
//
// How: the first writeTx of a batch opens BEGIN IMMEDIATE on the connection;
// writeTx then runs its use case through db.transaction(), which better-sqlite3
// turns into a SAVEPOINT when a transaction is already open. A use case that
// throws is rolled back to its savepoint: only that request fails, the others
// in the batch are untouched. The batch commits when the event loop is idle
// (setImmediate: every request whose bytes arrived in this turn has joined),
// after `maxBatch` use cases, or after `maxWaitMs` when that is set.
//
// Nothing written in a batch may be acknowledged before its COMMIT returns
// (under synchronous=FULL, that is when the WAL is on disk): adapters await
// durable(deps) before answering (the API's onSend hook, the bot's outgoing
// API calls, the job sender). Reads made while a batch is open see its
// uncommitted rows, so a read answer waits for the batch too. A failed COMMIT
// rejects every waiter of the batch: none of its requests is acknowledged.
//
// There is still one writer: every batch is one transaction on the process's
// one connection, and it holds the write lock for one turn of the event loop.
import type { Sqlite } from '../db/connection.js';
import { registerOpenWrites } from '../db/open-writes.js';

export type GroupCommitOptions = {
  /** Commit once this many use cases joined the batch (default 64). */
  maxBatch?: number;
  /** Wait at most this long for more requests before committing; 0 = when the event loop is idle (default). */
  maxWaitMs?: number;
};

export type GroupCommitStats = { batches: number; members: number; failures: number };

export type GroupCommit = {
  /** Opens the shared transaction unless one is open; writeTx calls it before its savepoint. */
  join(): void;
  /** Called by writeTx after its savepoint: commits at once when the batch is full. */
  left(): void;
  /** Resolves when everything written so far is committed; rejects if that commit failed. */
  durable(): Promise<void>;
  /** True while a batch is open: durable() would wait for its COMMIT. */
  pending(): boolean;
  /** Commits the open batch now (tests; a backup on this connection does it through db/open-writes.ts). */
  flush(): void;
  /** Commits the open batch and stops grouping: later writes commit one by one (graceful stop). */
  close(): void;
  stats(): GroupCommitStats;
};

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

const DONE: Promise<void> = Promise.resolve();

export function createGroupCommit(sqlite: Sqlite, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 0;
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  let open = false;
  let closed = false;
  let members = 0;
  /** writeTx calls in progress on the stack (a use case inside another). */
  let depth = 0;
  let waiters: Waiter[] = [];
  let timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  const stats: GroupCommitStats = { batches: 0, members: 0, failures: 0 };

  function schedule(): void {
    timer = maxWaitMs > 0 ? setTimeout(flush, maxWaitMs) : setImmediate(flush);
  }

  function cancel(): void {
    if (timer === undefined) return;
    if (maxWaitMs > 0) clearTimeout(timer as NodeJS.Timeout);
    else clearImmediate(timer as NodeJS.Immediate);
    timer = undefined;
  }

  function flush(): void {
    cancel();
    if (!open) return;
    open = false;
    const batch = waiters;
    waiters = [];
    stats.batches++;
    stats.members += members;
    members = 0;
    let failure: unknown;
    try {
      // SQLite rolls the whole transaction back by itself on some errors (disk full, I/O):
      // then there is nothing to commit and nothing written in this batch may be acknowledged.
      if (!sqlite.inTransaction) throw new Error('The group-commit transaction was rolled back by SQLite');
      commit.run();
    } catch (err) {
      failure = err;
      stats.failures++;
      if (sqlite.inTransaction) {
        try {
          sqlite.exec('ROLLBACK');
        } catch {
          // Already rolled back.
        }
      }
    }
    for (const w of batch) {
      if (failure === undefined) w.resolve();
      else w.reject(failure);
    }
  }

  // A backup (VACUUM INTO) on this connection commits the open batch first: it cannot run inside it.
  // Not in the middle of a use case (depth > 0): its savepoint must not be committed half-way.
  const unregister = registerOpenWrites(sqlite, () => {
    if (depth === 0) flush();
  });

  return {
    join() {
      // Nested use cases (a route's writeTx around the core's) count once, and never commit mid-way.
      depth++;
      if (depth > 1) return;
      if (!open) {
        if (closed) return;
        // A transaction someone opened by hand (a migration, a test): nest in it as usual.
        if (sqlite.inTransaction) return;
        try {
          begin.run();
        } catch (err) {
          depth--;
          throw err;
        }
        open = true;
        schedule();
      }
      members++;
    },
    left() {
      depth--;
      if (depth === 0 && open && members >= maxBatch) flush();
    },
    durable() {
      if (!open) return DONE;
      return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    },
    pending: () => open,
    flush,
    close() {
      closed = true;
      flush();
      unregister();
    },
    stats: () => ({ ...stats }),
  };
}
