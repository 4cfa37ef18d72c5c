// Opening the database at start, with one sentence naming DATABASE_PATH and
// what to do instead of a stack trace when it cannot work: its folder is a
// file, the file is not a SQLite database, it is corrupted (quick_check), it
// was upgraded by a newer version, it cannot be written (a read-only file or
// folder, a full disk), or another process holds it locked. Each carries the
// exit code that tells a supervisor whether starting again can help.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { openDatabase, START_LOCK_WAIT_MS, type Connection, type LockWait, type Synchronous } from './connection.js';
import { probeWrite } from './heartbeat.js';
import { NewerSchemaError, runMigrations } from './migrate.js';

/**
 * A database problem the person running the app must see; main prints the message alone and
 * exits with `exitCode`: 78 (EX_CONFIG) when the file or its place must be fixed first, so no
 * restart can help (systemd's RestartPreventExitStatus=78 stops the loop); 1 when it may pass
 * by itself (another process's lock, a full disk, an I/O error) and a restart is right.
 */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
  constructor(
    message: string,
    readonly exitCode: 1 | 78 = 78,
  ) {
    super(message);
  }
}

/**
 * DATABASE_PATH names no finance-bot database, for a command that only reads
 * one (backup): a configuration mistake (a relative path run from another
 * folder, a typo), reported like the other configuration errors.
 */
export class DatabaseMissingError extends DatabaseStartError {
  override name = 'DatabaseMissingError';
}

/** Why `path` (as DATABASE_PATH gave it) names no database, naming both the variable's value and the file. */
function missingMessage(path: string, file: string, what: string): string {
  const relative = path !== file && !isAbsolute(path) ? ` (DATABASE_PATH is relative to the folder finance-bot runs in, ${process.cwd()})` : '';
  return `DATABASE_PATH=${path}: ${what} ${file}${relative}. Run the command where the app runs, or set DATABASE_PATH to the database's absolute path. Nothing was created.`;
}

function firstFileAncestor(path: string): string | undefined {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : dir;
  }
  return undefined;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A file with something in it that does not begin with SQLite's header. SQLite itself takes a
 * file of one byte (`echo > finance.db` left a newline) for an empty database and overwrote it.
 * False when it cannot be read here: opening it says why.
 */
function lacksSqliteHeader(file: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile() || statSync(file).size === 0) return false;
    fd = openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const got = readSync(fd, head, 0, head.length, 0);
    return got < head.length || !head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The sentence for an error met opening, checking or migrating the database, or undefined (a bug: its stack is kept). */
function startError(err: unknown, where: string, file: string, lockWaitMs: number): DatabaseStartError | undefined {
  if (err instanceof DatabaseStartError) return err;
  if (err instanceof NewerSchemaError) {
    return new DatabaseStartError(
      `${where}: this version cannot use the database: ${err.message}. Run the newer finance-bot again, or restore a backup taken before the upgrade (finance-bot restore FILE). Nothing was changed.`,
    );
  }
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(err);
  // Node's fs messages already start with their code.
  const said = message.startsWith(code) ? message : `${code}: ${message}`;
  if (code === 'SQLITE_NOTADB') return new DatabaseStartError(`${where} is not a SQLite database (${message}). Point DATABASE_PATH at the right file, or move this one away.`);
  if (code.startsWith('SQLITE_CORRUPT')) return new DatabaseStartError(`${where}: the database is corrupted (${message}). Restore a backup: finance-bot restore FILE.`);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return new DatabaseStartError(
      `${where}: the database cannot be written (${said}): the file or its folder is read-only for this user. The app must write the file and create ${file}-wal and ${file}-shm beside it: fix the permissions or the mount.`,
    );
  }
  // The file or its folder cannot be made or opened: permissions, a symlink whose target is gone (a disk that is not mounted).
  if (code.startsWith('SQLITE_CANTOPEN') || ['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'ELOOP'].includes(code)) {
    return new DatabaseStartError(
      `${where}: cannot open the database (${said}). Check that its folder exists (and a symlink's target: a disk that is not mounted) and the app's user may read and write it.`,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new DatabaseStartError(`${where}: the database cannot be written: the disk is full (${said}). Free some space.`, 1);
  // Held by another process for the whole wait: a write transaction left open in a tool, a restore in progress.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseStartError(
      `${where}: the database is locked by another process and stayed locked for ${lockWaitMs >= 60_000 ? `${Math.round(lockWaitMs / 60_000)} min` : `${lockWaitMs / 1000} s`} (${said}): another finance-bot restoring it, or a tool such as sqlite3 or DB Browser with a change not yet written or rolled back. Stop that process or end its transaction, then start again.`,
      1,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) return new DatabaseStartError(`${where}: the database cannot be read or written (${said}). Check the disk.`, 1);
  return undefined;
}

export type CheckedOpenOptions = {
  synchronous?: Synchronous;
  migrate?: boolean;
  /**
   * For a command that only reads the database (backup): a missing file, or
   * one finance-bot never migrated, is a DatabaseMissingError and nothing is
   * created; no migration is applied (a backup taken before an upgrade holds
   * the old schema, which restore migrates) and no write is probed.
   */
  existing?: boolean;
  /**
   * Another process's lock: how long to wait before giving up (START_LOCK_WAIT_MS; shorter in tests)
   * and what to say when the wait begins (the start logs it: minutes of silence looked like a hang).
   */
  lockWait?: Partial<LockWait>;
};

/** Opens, checks (quick_check), migrates and probes a write; throws DatabaseStartError naming DATABASE_PATH. */
export function openCheckedDatabase(path: string, options: CheckedOpenOptions = {}): Connection {
  const lockWait: LockWait = { ms: START_LOCK_WAIT_MS, ...options.lockWait };
  const lockWaitMs = lockWait.ms;
  if (path === ':memory:') {
    if (options.existing) throw new DatabaseMissingError('DATABASE_PATH=:memory: names a database that exists only inside a running process; set DATABASE_PATH to the database file.');
    const conn = openDatabase(path, { ...options, lockWait });
    if (options.migrate !== false) runMigrations(conn.db, undefined, lockWait);
    return conn;
  }
  const file = resolve(path);
  const where = path === file ? `DATABASE_PATH=${path}` : `DATABASE_PATH=${path} (${file})`;
  const blocker = firstFileAncestor(file);
  if (blocker) {
    if (options.existing) throw new DatabaseMissingError(missingMessage(path, file, `${blocker} is a file, so there is no database at`));
    throw new DatabaseStartError(`${where}: ${blocker} is a file, not a folder. Move it away or point DATABASE_PATH elsewhere.`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new DatabaseStartError(`${where} is a folder; it must name a file, e.g. ${file}/finance.db`);
  if (options.existing && !existsSync(file)) throw new DatabaseMissingError(missingMessage(path, file, 'there is no database at'));
  if (lacksSqliteHeader(file)) throw new DatabaseStartError(`${where} is not a SQLite database (it does not begin with SQLite's header). Point DATABASE_PATH at the right file, or move this one away. Nothing was written to it.`);
  let conn: Connection;
  try {
    conn = openDatabase(file, { ...options, lockWait });
  } catch (err) {
    throw startError(err, where, file, lockWaitMs) ?? err;
  }
  try {
    const problems = (conn.sqlite.pragma('quick_check') as Array<Record<string, string>>).map((r) => String(Object.values(r)[0] ?? '').replace(/\s+/g, ' ')).filter((v) => v !== 'ok');
    if (problems.length) {
      throw new DatabaseStartError(`${where}: the database is corrupted (quick_check: ${problems.slice(0, 3).join('; ')}). Restore a backup: finance-bot restore FILE.`);
    }
    if (options.existing) {
      if (!conn.sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()) {
        throw new DatabaseMissingError(missingMessage(path, file, 'finance-bot never set up (no migrations applied) the database'));
      }
      return conn;
    }
    if (options.migrate !== false) runMigrations(conn.db, undefined, lockWait);
    probeWrite(conn.db, Date.now());
    return conn;
  } catch (err) {
    conn.close();
    throw startError(err, where, file, lockWaitMs) ?? err;
  }
}
