// Opening the database at start, with one clear sentence naming the path
// instead of a stack trace when it cannot work: its folder is a file, the file
// is not a SQLite database, it is corrupted (quick_check), it was upgraded by
// a newer version, or it cannot be written (a read-only file or folder, a full disk).
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { openDatabase, type Connection, type Synchronous } from './connection.js';
import { probeWrite } from './heartbeat.js';
import { NewerSchemaError, runMigrations } from './migrate.js';

/** A database problem the person running the app must fix; main prints the message alone. */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
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

function describe(err: unknown): { code: string; message: string } {
  const e = err as { code?: string; message?: string };
  return { code: e.code ?? '', message: e.message ?? String(err) };
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
};

/** Opens, checks (quick_check), migrates and probes a write; throws DatabaseStartError with the path. */
export function openCheckedDatabase(path: string, options: CheckedOpenOptions = {}): Connection {
  if (path === ':memory:') {
    if (options.existing) throw new DatabaseMissingError('DATABASE_PATH=:memory: names a database that exists only inside a running process; set DATABASE_PATH to the database file.');
    const conn = openDatabase(path, options);
    if (options.migrate !== false) runMigrations(conn.db);
    return conn;
  }
  const file = resolve(path);
  const blocker = firstFileAncestor(file);
  if (blocker) {
    if (options.existing) throw new DatabaseMissingError(missingMessage(path, file, `${blocker} is a file, so there is no database at`));
    throw new DatabaseStartError(`DATABASE_PATH ${file}: ${blocker} is a file, not a folder. Move it away or point DATABASE_PATH elsewhere.`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new DatabaseStartError(`DATABASE_PATH ${file} is a folder; it must name a file, e.g. ${file}/finance.db`);
  if (options.existing && !existsSync(file)) throw new DatabaseMissingError(missingMessage(path, file, 'there is no database at'));
  let conn: Connection;
  try {
    conn = openDatabase(file, options);
  } catch (err) {
    const { code, message } = describe(err);
    if (code === 'SQLITE_NOTADB') throw new DatabaseStartError(`DATABASE_PATH ${file} is not a SQLite database (${message}). Point DATABASE_PATH at the right file, or move this one away.`);
    // The file or its folder cannot be made or opened: permissions, a read-only file system, a symlink
    // whose target is gone (a disk that is not mounted). Node's message already starts with its code.
    if (code === 'SQLITE_CANTOPEN' || ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'ELOOP', 'ENOSPC'].includes(code))
      throw new DatabaseStartError(
        `Cannot open the database ${file} (DATABASE_PATH=${path}): ${message.startsWith(code) ? message : `${code}: ${message}`}. ` +
          "Check that its folder exists (and a symlink's target: a disk that is not mounted) and the app's user may read and write it.",
      );
    if (code === 'SQLITE_READONLY') throw new DatabaseStartError(`The database ${file} is read-only (${message}). The app's user must be able to write the file and its folder.`);
    if (code === 'SQLITE_CORRUPT') throw new DatabaseStartError(`The database ${file} is corrupted (${message}). Restore a backup: finance-bot restore FILE.`);
    throw err;
  }
  try {
    const problems = (conn.sqlite.pragma('quick_check') as Array<Record<string, string>>).map((r) => String(Object.values(r)[0] ?? '').replace(/\s+/g, ' ')).filter((v) => v !== 'ok');
    if (problems.length) {
      throw new DatabaseStartError(`The database ${file} is corrupted (quick_check: ${problems.slice(0, 3).join('; ')}). Restore a backup: finance-bot restore FILE.`);
    }
    if (options.existing) {
      if (!conn.sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()) {
        throw new DatabaseMissingError(missingMessage(path, file, 'finance-bot never set up (no migrations applied) the database'));
      }
      return conn;
    }
    if (options.migrate !== false) runMigrations(conn.db);
    probeWrite(conn.db, Date.now());
    return conn;
  } catch (err) {
    conn.close();
    if (err instanceof DatabaseStartError) throw err;
    if (err instanceof NewerSchemaError) {
      throw new DatabaseStartError(
        `The database ${file} cannot be used by this version: ${err.message}. Run the newer finance-bot again, or restore a backup taken before the upgrade (finance-bot restore FILE). Nothing was changed.`,
      );
    }
    const { code, message } = describe(err);
    if (code.startsWith('SQLITE_READONLY')) throw new DatabaseStartError(`The database ${file} cannot be written (${message}): the file or its folder is read-only for this user. Fix the permissions (the app needs to write the file and create ${file}-wal beside it).`);
    if (code === 'SQLITE_FULL') throw new DatabaseStartError(`The database ${file} cannot be written: the disk is full.`);
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw new DatabaseStartError(`The database ${file} is corrupted or not a database (${message}). Restore a backup: finance-bot restore FILE.`);
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) throw new DatabaseStartError(`The database ${file} cannot be used (${code}: ${message}). Check the disk and the permissions of the file and its folder.`);
    throw err;
  }
}
