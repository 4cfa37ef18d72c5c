// Opens the SQLite file with the pragmas this app relies on. One writer
// connection per process; other processes (worker, api) open their own and
// WAL plus busy_timeout lets them share the file.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';
import { seaNativeBinding } from '../runtime/sea.js';
import { makeFolder } from '../runtime/make-folder.js';

export type DB = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;
export type Synchronous = 'FULL' | 'NORMAL';

export type Connection = { sqlite: Sqlite; db: DB; close: () => void };

/**
 * Creates (or tightens) a file so only its owner can read it, whatever the
 * umask: the open() mode is masked by the umask, chmod is not. SQLite gives
 * the -wal and -shm files the database file's permissions, so they follow.
 */
export function ownerOnlyFile(path: string): void {
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    return;
  }
  tighten(path);
}

/** Takes group/other access off an existing file we own; a file we do not own (EPERM) is left as its owner set it. */
function tighten(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

export type OpenOptions = {
  synchronous?: Synchronous;
  busyTimeoutMs?: number;
  /** A connection that only reads (PRAGMA query_only): any write through it is an error. */
  queryOnly?: boolean;
  /** How long to wait for the switch to WAL while other processes hold the file, and what to say meanwhile. */
  lockWait?: LockWait;
};

/**
 * A start's wait for another process's lock: `ms` (START_LOCK_WAIT_MS), and `onWait`, called once
 * when the lock is first found held (busy_timeout passed), so the wait is not silent.
 */
export type LockWait = { ms: number; onWait?: () => void };

/**
 * The size the WAL is cut back to when SQLite starts it over after a checkpoint (journal_size_limit).
 * Without it the -wal file keeps the size of the largest burst it ever held (an import, the first
 * retention pass after an upgrade) for ever. Everyday writes stay far below (auto-checkpoint at 1,000
 * pages, ~4 MB), so this costs nothing in the write path.
 */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * How long a start waits for another process's lock: to switch a new database to WAL, and for
 * the migrations' write lock (another role migrating; past it, a lock held by something else).
 */
export const START_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Switches a new database to WAL, which needs the file to itself. Roles
 * started together on a new database race here: one switches and then keeps
 * the file open (WAL keeps a shared lock) while it applies the migrations,
 * and another that read the header before the switch waits for a lock it
 * cannot get until then; SQLite gives up after busy_timeout ("database is
 * locked", seen with a slow migration under load). Each retry reads the header
 * again and finds WAL on.
 */
function enableWal(sqlite: Sqlite, wait: LockWait): void {
  whileBusy(wait.ms, () => sqlite.pragma('journal_mode = WAL'), 50, wait.onWait);
}

/**
 * Runs `run`, again while it fails with SQLITE_BUSY (another process holds the
 * database), for up to `waitMs`, pausing `pauseMs` between tries (a statement
 * that waits busy_timeout itself needs no pause), calling `onWait` at the first
 * busy answer. For the start's set-up steps.
 */
export function whileBusy<T>(waitMs: number, run: () => T, pauseMs = 0, onWait?: () => void): T {
  const deadline = Date.now() + waitMs;
  for (let tries = 0; ; tries++) {
    try {
      return run();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY')) throw err;
      if (tries === 0) onWait?.();
      if (Date.now() >= deadline) throw err;
      if (pauseMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

export function openDatabase(path: string, options: OpenOptions = {}): Connection {
  if (path !== ':memory:') {
    const dir = dirname(resolve(path));
    if (!existsSync(dir)) makeFolder(dir, 0o700);
    ownerOnlyFile(path);
    for (const extra of [`${path}-wal`, `${path}-shm`]) if (existsSync(extra)) tighten(extra);
  }
  const nativeBinding = seaNativeBinding();
  // The typings only know the string form; the addon-object form is documented and supported.
  const sqlite = new Database(path, nativeBinding ? ({ nativeBinding } as unknown as Database.Options) : {});
  enableWal(sqlite, options.lockWait ?? { ms: START_LOCK_WAIT_MS });
  // FULL fsyncs the WAL on every commit: a committed payment survives power
  // loss. NORMAL is faster but may lose the last commits (never corrupts).
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  // Statement and savepoint journals (every insert into `transactions` fires the
  // expense_days trigger, and group commit runs each use case in a SAVEPOINT) and
  // temporary b-trees stay in memory: with the default they are temporary files, and
  // opening one cost ~45 µs of syscalls per statement, 85 % of an insert.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (options.queryOnly) sqlite.pragma('query_only = ON');
  const db = drizzle(sqlite, { schema });
  let closed = false;
  return {
    sqlite,
    db,
    close: () => {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}
