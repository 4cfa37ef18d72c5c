// Reads of the API (the bearer-token check and the GET routes) go through a
// second, query-only SQLite connection whose reads in one event-loop turn share
// one read transaction.
//
// Why: in WAL mode a statement outside a transaction is a read transaction of
// its own, and beginning one costs system calls (a lock on the -shm file, a
// stat of the database file, the unlock): ~5 µs here, against ~1 µs for the
// same read inside a transaction. A GET ran three (session, membership, the
// rows), and under load they were a third of its time.
//
// Why a second connection: a read transaction held open on the writers'
// connection would swallow the next write into it (better-sqlite3 turns a
// nested transaction into a savepoint) and hold back its COMMIT. Here a read
// can never write (query_only: a write is an error, not a surprise), the
// writers never wait for a reader, and group commit is untouched: a GET sees
// only what is committed, never a batch still open.
//
// What a snapshot sees: everything committed before the turn's first read. It
// ends when the turn does (setImmediate), so a request that arrives after a
// write was answered (a logout, a posted expense) always reads a snapshot taken
// after that write: it comes in on a later turn. Requests handled in the same
// turn were in flight together, and either order is a true answer.
import { openDatabase } from '../db/connection.js';
import { connectionOf } from '../domain/prepared.js';
import type { CoreDeps } from '../domain/index.js';

export type ReadSnapshots = {
  /** The core's dependencies for reads now: a snapshot of this turn. */
  deps(): CoreDeps;
  /**
   * `compute(deps())`, or the value it gave for `key` in an earlier snapshot
   * of the same database version. The value must depend only on the database
   * and `key` (not on the clock), and is shared: never change it. A throw is
   * not kept.
   */
  memo<T>(key: string, compute: (deps: CoreDeps) => T): T;
  close(): void;
};

/** Kept values at most; past it they are all dropped (a bound, never reached by one family's use). */
const MEMO_LIMIT = 1000;

/**
 * Snapshots over the database file behind `core`. An in-memory database has no
 * file a second connection could open: its reads use `core` itself.
 */
export function openReadSnapshots(core: CoreDeps): ReadSnapshots {
  const path = connectionOf(core.db).name;
  // (Nor could it memo: its own writes do not change its data_version.)
  if (path === ':memory:' || path === '') return { deps: () => core, memo: (_key, compute) => compute(core), close: () => {} };
  const conn = openDatabase(path, { queryOnly: true });
  const { sqlite } = conn;
  const begin = sqlite.prepare('BEGIN');
  const commit = sqlite.prepare('COMMIT');
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  // No group commit and no outbox here: nothing is written through these deps.
  const readDeps: CoreDeps = { db: conn.db, clock: core.clock, ...(core.instancePolicy ? { instancePolicy: core.instancePolicy } : {}) };
  let open = false;
  let ending: NodeJS.Immediate | undefined;
  const kept = new Map<string, unknown>();
  let keptVersion = -1;

  const end = (): void => {
    open = false;
    if (ending !== undefined) {
      clearImmediate(ending);
      ending = undefined;
    }
    if (sqlite.open && sqlite.inTransaction) commit.run();
  };

  const deps = (): CoreDeps => {
    if (!open) {
      begin.run();
      open = true;
      ending = setImmediate(end);
      // The snapshot's version (the pragma is its first read): what was kept holds while it is the same.
      const version = dataVersion.get() as number;
      if (version !== keptVersion) {
        kept.clear();
        keptVersion = version;
      }
    }
    return readDeps;
  };

  return {
    deps,
    memo<T>(key: string, compute: (d: CoreDeps) => T): T {
      const d = deps();
      if (kept.has(key)) return kept.get(key) as T;
      const value = compute(d);
      if (kept.size >= MEMO_LIMIT) kept.clear();
      kept.set(key, value);
      return value;
    },
    close() {
      if (open) end();
      conn.close();
    },
  };
}
