// What every core function receives: the database handle and a clock. Tests
// pass a fake clock; nothing in the core reads Date.now() directly.
import type { DB } from '../db/connection.js';
import type { InstancePolicy } from './instance/instance.js';
import type { GroupCommit } from './group-commit.js';

export type Clock = () => number;

/** scrypt cost; production uses OWASP's N=2^17, tests may lower it for speed. */
export type PasswordParams = { N: number; r: number; p: number };

export type CoreDeps = {
  db: DB;
  clock: Clock;
  passwordParams?: PasswordParams;
  /** Who may create families on this server (instance/instance.ts); open when absent. */
  instancePolicy?: InstancePolicy;
  /**
   * Group commit of the write path (see group-commit.ts). Without it every
   * writeTx is its own BEGIN IMMEDIATE … COMMIT; with it, writes are durable
   * only once `durable(deps)` resolves, and adapters await that before answering.
   */
  commits?: GroupCommit;
  /**
   * Called after a write transaction that queued outbox rows has returned
   * (never after a rollback): main wires it to the jobs' wake(). The wake-up
   * comes from the write itself, so no adapter pokes the dispatcher. It must
   * not throw. (Under group commit the dispatcher may look a moment before the
   * shared COMMIT; its next poll finds the rows.)
   */
  onOutbox?: () => void;
};

/** A Drizzle transaction handle (same query API as DB). */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
export type Q = DB | Tx;

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so
 * two processes never both read a stale row and then both write (no
 * SQLITE_BUSY upgrade deadlock), and a use case's change, its audit event
 * and its outbox rows commit or roll back together.
 */
export function writeTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  let queued = false;
  const result = runWriteTx(deps, (tx) => {
    const r = fn(tx);
    queued = queuedOutbox.has(tx);
    return r;
  });
  // Committed (a throw above skips this): wake the outbox dispatcher once.
  if (queued) deps.onOutbox?.();
  return result;
}

function runWriteTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  const commits = deps.commits;
  if (!commits) return deps.db.transaction(fn, { behavior: 'immediate' });
  // Inside the shared transaction db.transaction() is a SAVEPOINT: this use case stays atomic on its own.
  commits.join();
  try {
    return deps.db.transaction(fn, { behavior: 'immediate' });
  } finally {
    commits.left();
  }
}

/** Transaction handles that queued outbox rows (enqueueOutbox marks them); weak, so marks go with the handles. */
const queuedOutbox = new WeakSet<object>();

export function markOutboxQueued(q: Q): void {
  queuedOutbox.add(q);
}

const DURABLE: Promise<void> = Promise.resolve();

/** Resolves once every write made so far is committed (at once without group commit). */
export function durable(deps: CoreDeps): Promise<void> {
  return deps.commits ? deps.commits.durable() : DURABLE;
}

export function readTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  return deps.db.transaction(fn, { behavior: 'deferred' });
}
