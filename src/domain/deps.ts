// What every core function receives: the database handle and a clock. Tests
// pass a fake clock; nothing in the core reads Date.now() directly.
import type { DB } from '../db/connection.js';

export type Clock = () => number;

/** scrypt cost; production uses OWASP's N=2^17, tests may lower it for speed. */
export type PasswordParams = { N: number; r: number; p: number };

export type CoreDeps = {
  db: DB;
  clock: Clock;
  passwordParams?: PasswordParams;
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
  return deps.db.transaction(fn, { behavior: 'immediate' });
}

export function readTx<T>(deps: CoreDeps, fn: (tx: Tx) => T): T {
  return deps.db.transaction(fn, { behavior: 'deferred' });
}
