// What every core function receives: the database handle and a clock. Tests
// pass a fake clock; nothing in the core reads Date.now() directly.
import type { DB } from '../db/connection.js';
import type { InstancePolicy } from './instance/instance.js';
import type { GroupCommit } from './group-commit.js';
import { connectionOf, perConnection } from './prepared.js';

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
  const marks = outboxMarks;
  writeDepth++;
  let result: T;
  try {
    result = runWriteTx(deps, fn);
  } finally {
    writeDepth--;
  }
  // Committed (a throw above skips this): wake the outbox dispatcher once, after the outermost use case.
  if (writeDepth === 0 && outboxMarks !== marks) deps.onOutbox?.();
  return result;
}

/**
 * One write statement: atomic on its own (SQLite rolls a failed statement back
 * by itself, also inside an open transaction), so it needs no SAVEPOINT of its
 * own; with group commit it joins the open batch and is durable with it. For
 * bookkeeping that is one prepared statement (the bot's update ledger and
 * session rows); a use case of several statements is a writeTx, which runs its
 * transaction through this.
 */
export function writeStatement<T>(deps: CoreDeps, run: () => T): T {
  const commits = deps.commits;
  if (!commits) return run();
  commits.join();
  try {
    return run();
  } finally {
    commits.left();
  }
}

/** writeTx calls on the stack (a route's around the core's). */
let writeDepth = 0;

function runWriteTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  const { handle, run } = transactions(deps.db);
  // Inside the group-commit batch better-sqlite3 opens a SAVEPOINT: this use case stays atomic on its own.
  return writeStatement(deps, () => run.immediate(fn, handle) as T);
}

/**
 * Per connection, built once: a transaction handle and better-sqlite3's
 * transaction function. Drizzle's `db.transaction(fn)` builds both on every
 * call (the handle constructs a query builder for every table of the schema),
 * which cost more than the statements of a small use case. A transaction
 * handle holds no state of its own: it is the connection's session, and
 * BEGIN/SAVEPOINT/COMMIT belong to the connection, so one handle serves every
 * transaction; better-sqlite3 turns a nested call into a SAVEPOINT.
 */
const transactions = perConnection((q) => {
  // The handle Drizzle passes to a transaction callback, taken once (an empty transaction).
  const handle = q.transaction((tx) => tx);
  const run = connectionOf(q).transaction((fn: (tx: Tx) => unknown, tx: Tx) => fn(tx));
  return { handle, run };
});

/** Bumped whenever a use case queues outbox rows (enqueueOutbox calls markOutboxQueued); writeTx compares it. */
let outboxMarks = 0;

export function markOutboxQueued(): void {
  outboxMarks++;
}

const DURABLE: Promise<void> = Promise.resolve();

/** Resolves once every write made so far is committed (at once without group commit). */
export function durable(deps: CoreDeps): Promise<void> {
  return deps.commits ? deps.commits.durable() : DURABLE;
}

/** True when every write made so far is committed already (durable() has nothing to wait for). */
export function allDurable(deps: CoreDeps): boolean {
  return deps.commits === undefined || !deps.commits.pending();
}

export function readTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  const { handle, run } = transactions(deps.db);
  return run.deferred(fn, handle) as T;
}
