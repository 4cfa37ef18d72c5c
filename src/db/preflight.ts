// Opening the database at start, with one clear sentence naming the path
// instead of a stack trace when it cannot work: its folder is a file, the file
// is not a SQLite database, it is corrupted (quick_check), or it cannot be
// written (a read-only file or folder, a full disk).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDatabase, type Connection, type Synchronous } from './connection.js';
import { probeWrite } from './heartbeat.js';
import { runMigrations } from './migrate.js';

/** A database problem the person running the app must fix; main prints the message alone. */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
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

/** Opens, checks (quick_check), migrates and probes a write; throws DatabaseStartError with the path. */
export function openCheckedDatabase(path: string, options: { synchronous?: Synchronous; migrate?: boolean } = {}): Connection {
  if (path === ':memory:') {
    const conn = openDatabase(path, options);
    if (options.migrate !== false) runMigrations(conn.db);
    return conn;
  }
  const file = resolve(path);
  const blocker = firstFileAncestor(file);
  if (blocker) throw new DatabaseStartError(`DATABASE_PATH ${file}: ${blocker} is a file, not a folder. Move it away or point DATABASE_PATH elsewhere.`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new DatabaseStartError(`DATABASE_PATH ${file} is a folder; it must name a file, e.g. ${file}/finance.db`);
  let conn: Connection;
  try {
    conn = openDatabase(file, options);
  } catch (err) {
    const { code, message } = describe(err);
    if (code === 'SQLITE_NOTADB') throw new DatabaseStartError(`DATABASE_PATH ${file} is not a SQLite database (${message}). Point DATABASE_PATH at the right file, or move this one away.`);
    if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS')
      throw new DatabaseStartError(`Cannot open the database ${file} (${code}: ${message}). Check that the folder exists and the app's user may read and write it.`);
    if (code === 'SQLITE_READONLY') throw new DatabaseStartError(`The database ${file} is read-only (${message}). The app's user must be able to write the file and its folder.`);
    if (code === 'SQLITE_CORRUPT') throw new DatabaseStartError(`The database ${file} is corrupted (${message}). Restore a backup: finance-bot restore FILE.`);
    throw err;
  }
  try {
    const problems = (conn.sqlite.pragma('quick_check') as Array<Record<string, string>>).map((r) => String(Object.values(r)[0] ?? '').replace(/\s+/g, ' ')).filter((v) => v !== 'ok');
    if (problems.length) {
      throw new DatabaseStartError(`The database ${file} is corrupted (quick_check: ${problems.slice(0, 3).join('; ')}). Restore a backup: finance-bot restore FILE.`);
    }
    if (options.migrate !== false) runMigrations(conn.db);
    probeWrite(conn.db, Date.now());
    return conn;
  } catch (err) {
    conn.close();
    if (err instanceof DatabaseStartError) throw err;
    const { code, message } = describe(err);
    if (code.startsWith('SQLITE_READONLY')) throw new DatabaseStartError(`The database ${file} cannot be written (${message}): the file or its folder is read-only for this user. Fix the permissions (the app needs to write the file and create ${file}-wal beside it).`);
    if (code === 'SQLITE_FULL') throw new DatabaseStartError(`The database ${file} cannot be written: the disk is full.`);
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw new DatabaseStartError(`The database ${file} is corrupted or not a database (${message}). Restore a backup: finance-bot restore FILE.`);
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) throw new DatabaseStartError(`The database ${file} cannot be used (${code}: ${message}). Check the disk and the permissions of the file and its folder.`);
    throw err;
  }
}
