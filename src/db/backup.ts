// Backups that finish. SQLite's online backup API restarts whenever another
// connection commits, so under steady writes it may never end; `VACUUM INTO`
// copies one read snapshot (WAL readers never block writers) in one pass, so
// its time is bounded by the database's size, not by the write rate. The copy
// goes to a temporary name, is checked (`integrity_check`), fsynced and only
// then renamed into place: a killed backup never leaves a file that looks done.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ownerOnlyFile, type Sqlite } from './connection.js';
import { settleOpenWrites } from './open-writes.js';
import { seaNativeBinding } from '../runtime/sea.js';
import { makeFolder } from '../runtime/make-folder.js';

export type BackupResult = { path: string; bytes: number; ms: number };

/** `code`: why, for callers that say it in words (the scheduled backup's notice); the underlying error is its `cause`. */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    message: string,
    readonly code: 'in_transaction' | 'integrity' | 'failed' = 'failed',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Opens a SQLite file read-only (no WAL side files created), with the single executable's addon when needed. */
export function openReadOnly(path: string): Sqlite {
  const nativeBinding = seaNativeBinding();
  const options = { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) };
  return new Database(path, options as unknown as Database.Options);
}

/** `integrity_check` of a closed SQLite file: the list of problems, empty when it is sound. */
export function checkDatabaseFile(path: string, quick = false): string[] {
  let db: Sqlite | undefined;
  try {
    db = openReadOnly(path);
    const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as Array<Record<string, string>>;
    const problems = rows.map((r) => String(Object.values(r)[0] ?? '').replace(/\s+/g, ' ')).filter((v) => v !== 'ok');
    return problems;
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db?.close();
  }
}

/** Flushes a file (and optionally its folder, so a rename survives power loss). */
export function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on folders; the data itself was flushed
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a consistent, checked copy of the database open on `sqlite` to `target`.
 * Runs on the caller's connection: one snapshot, then the check, then an atomic rename.
 */
export function backupDatabase(sqlite: Sqlite, target: string): BackupResult {
  const started = Date.now();
  const finalPath = resolve(target);
  const dir = dirname(finalPath);
  makeFolder(dir, 0o700);
  const partial = join(dir, `.${basename(finalPath)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    // Created owner-only before the first byte (VACUUM INTO accepts an empty file), whatever the umask.
    ownerOnlyFile(partial);
    // VACUUM INTO fails inside a transaction: an open group-commit batch commits first (its rows are then in the copy).
    settleOpenWrites(sqlite);
    if (sqlite.inTransaction) throw new BackupError('a backup cannot run inside a write transaction on the same connection', 'in_transaction');
    sqlite.prepare('VACUUM INTO ?').run(partial);
    // It holds every family's books: readable by the app's user only.
    chmodSync(partial, 0o600);
    const problems = checkDatabaseFile(partial);
    if (problems.length) throw new BackupError(`the copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`, 'integrity');
    fsyncPath(partial);
    renameSync(partial, finalPath);
    fsyncPath(dir);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(`backup to ${finalPath} failed: ${err instanceof Error ? err.message : String(err)}`, 'failed', { cause: err });
  }
  return { path: finalPath, bytes: statSync(finalPath).size, ms: Date.now() - started };
}
