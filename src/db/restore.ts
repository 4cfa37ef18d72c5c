// `finance-bot restore FILE`: puts a backup in place of the database.
// 1. checks the file: a SQLite database (or an OpenSSL-encrypted one, decrypted
//    with the passphrase) that passes integrity_check and holds this app's tables,
//    migrated by this version or an older one;
// 2. refuses while a process of the app is running on the database (a heartbeat
//    younger than HEARTBEAT_STALE_MS) or any process has it open (its lock);
//    A -wal beside the file (a copy of a running app's folder) is folded in.
// 3. keeps the current database aside as <name>.before-restore-<time> (with its
//    -wal), then renames a copy of the backup into place.
import { closeSync, copyFileSync, chmodSync, existsSync, openSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { checkDatabaseFile, fsyncPath, openReadOnly } from './backup.js';
import { decryptBackup, isEncryptedBackup, SQLITE_MAGIC } from './backup-crypto.js';
import { freshHeartbeats, type Heartbeat } from './heartbeat.js';
import { NewerSchemaError, newestKnownMigration, refuseNewerSchema } from './migrate.js';
import * as schema from './schema.js';
import { seaNativeBinding } from '../runtime/sea.js';
import { makeFolder } from '../runtime/make-folder.js';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Processes that beat on `dbPath` recently; a crashed process on this host (pid gone) does not count. */
export function runningOn(dbPath: string, now: number): Heartbeat[] {
  if (!existsSync(dbPath)) return [];
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openReadOnly(dbPath);
    const fresh = freshHeartbeats(drizzle(sqlite, { schema }), now);
    return fresh.filter((h) => {
      if (h.host !== hostname()) return true;
      try {
        process.kill(h.pid, 0);
        return true;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    });
  } catch {
    // no heartbeats table (an older version) or an unreadable, corrupted file: nothing to ask
    return [];
  } finally {
    sqlite?.close();
  }
}

/**
 * A database file copied from a running app's folder (rsync, a volume
 * snapshot) has its last commits in the -wal beside it, not in the file: the
 * -wal is copied along and folded into the candidate, so they are not lost.
 * (A -wal of another database is ignored by SQLite; the copy given is left alone.)
 */
function foldWal(from: string, candidate: string): void {
  const wal = `${from}-wal`;
  if (!existsSync(wal) || statSync(wal).size === 0) return;
  copyFileSync(wal, `${candidate}-wal`);
  chmodSync(`${candidate}-wal`, 0o600);
  let db: Database.Database | undefined;
  try {
    const nativeBinding = seaNativeBinding();
    db = new Database(candidate, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) } as unknown as Database.Options);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    throw new RestoreError(`${from}: its ${basename(wal)} could not be read with it (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    db?.close();
  }
}

/** How long a reader that only looks in (a healthcheck, a backup's snapshot) may hold the file before restore calls it open. */
const OPEN_ELSEWHERE_WAIT_MS = 3000;

/**
 * Whether another connection has the database open. A running app holds its
 * connection for its whole life, so SQLite's exclusive lock cannot be had;
 * this catches what the heartbeat misses: a process whose heartbeat could not
 * be written (a full disk, a read-only file) or stalled, which would go on
 * writing into the file moved aside, its entries lost.
 */
function openElsewhere(target: string): boolean {
  if (!existsSync(target)) return false;
  let db: Database.Database | undefined;
  try {
    const nativeBinding = seaNativeBinding();
    db = new Database(target, { fileMustExist: true, timeout: OPEN_ELSEWHERE_WAIT_MS, ...(nativeBinding ? { nativeBinding } : {}) } as unknown as Database.Options);
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    // Only a lock held elsewhere counts; a damaged file is kept aside as it is.
    return /^SQLITE_(BUSY|LOCKED)/.test((err as { code?: string }).code ?? '');
  } finally {
    db?.close();
  }
}

export type RestoreResult = { restored: string; aside: string | undefined; from: string };

export async function restoreDatabase(o: {
  file: string;
  dbPath: string;
  /** Asked only when the file is encrypted. */
  passphrase: () => Promise<string>;
  now?: number;
}): Promise<RestoreResult> {
  const now = o.now ?? Date.now();
  const from = resolve(o.file);
  const target = resolve(o.dbPath);
  if (!existsSync(from) || !statSync(from).isFile()) throw new RestoreError(`${from}: no such file`);
  if (from === target) throw new RestoreError(`${from} is the live database itself; pass a backup file`);
  const dir = dirname(target);
  let start: Buffer;
  try {
    start = head(from);
  } catch (err) {
    throw new RestoreError(`${from} cannot be read (${errnoText(err)})`);
  }
  // Refused before anything is made: a wrong file leaves no folder behind.
  if (!isEncryptedBackup(start) && !(start.length === 16 && start.equals(SQLITE_MAGIC))) {
    throw new RestoreError(`${from} is neither a SQLite database nor an encrypted finance-bot backup`);
  }
  // A new machine's DATABASE_PATH folder is made here, and removed again if the restore fails.
  let made: string[] = [];
  try {
    made = makeFolder(dir, 0o700);
  } catch (err) {
    throw new RestoreError(`The database folder ${dir} cannot be made (DATABASE_PATH=${target}): ${errnoText(err)}`);
  }

  const candidate = join(dir, `.${basename(target)}.restoring-${process.pid}`);
  let restored = false;
  try {
    if (isEncryptedBackup(start)) {
      // Asked outside the try below: the caller's own refusal (no passphrase given at all) reaches it
      // as it is, not as "wrong passphrase".
      const passphrase = await o.passphrase();
      let plain: Buffer;
      try {
        plain = decryptBackup(readFileSync(from), passphrase);
      } catch (err) {
        throw new RestoreError(`${from}: ${err instanceof Error ? err.message : String(err)}`);
      }
      writeFileSync(candidate, plain, { mode: 0o600 });
    } else if (start.length === 16 && start.equals(SQLITE_MAGIC)) {
      copyFileSync(from, candidate);
      foldWal(from, candidate);
    } else {
      throw new RestoreError(`${from} is neither a SQLite database nor an encrypted finance-bot backup`);
    }
    chmodSync(candidate, 0o600);
    const problems = checkDatabaseFile(candidate);
    if (problems.length) throw new RestoreError(`${from} fails its integrity check: ${problems.slice(0, 3).join('; ')}`);
    const probe = openReadOnly(candidate);
    try {
      const tables = new Set((probe.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
      for (const t of ['families', 'transactions', '__drizzle_migrations']) {
        if (!tables.has(t)) throw new RestoreError(`${from} is a SQLite database but not a finance-bot one (no ${t} table)`);
      }
      // This version could not start on it: refused before the live database is moved aside.
      refuseNewerSchema(probe, newestKnownMigration());
    } catch (err) {
      if (err instanceof NewerSchemaError) throw new RestoreError(`${from} cannot be restored by this version: ${err.message}. Restore it with that version or a later one (upgrade finance-bot first).`);
      throw err;
    } finally {
      probe.close();
    }

    const running = runningOn(target, now);
    if (running.length) {
      const who = running.map((h) => `${h.role} on ${h.host} (pid ${h.pid}, seen ${Math.round((now - h.beatAt) / 1000)} s ago)`).join(', ');
      throw new RestoreError(
        `finance-bot is running on ${target}: ${who}. Stop every process first (Ctrl-C, systemctl stop, docker compose stop), then run restore again.`,
      );
    }
    if (openElsewhere(target)) {
      throw new RestoreError(
        `${target} is open in another process: a finance-bot whose heartbeat stopped (a full disk, a stuck process) or another program (sqlite3, a copy in progress). Stop it first (Ctrl-C, systemctl stop, docker compose stop), then run restore again.`,
      );
    }

    let aside: string | undefined;
    if (existsSync(target)) {
      // Fold the WAL into the file where possible, so the copy kept aside is one file.
      try {
        const nativeBinding = seaNativeBinding();
        const live = new Database(target, (nativeBinding ? { nativeBinding } : {}) as unknown as Database.Options);
        live.pragma('wal_checkpoint(TRUNCATE)');
        live.close();
      } catch {
        // a damaged database is kept aside as it is, with its side files
      }
      aside = `${target}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, aside);
      for (const side of ['-wal', '-shm']) if (existsSync(target + side)) renameSync(target + side, aside + side);
    }
    fsyncPath(candidate);
    renameSync(candidate, target);
    fsyncPath(dir);
    restored = true;
    return { restored: target, aside, from };
  } catch (err) {
    // The folder cannot be written (permissions, a read-only or full disk): one sentence, not a stack trace.
    if (!(err instanceof RestoreError) && typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)) {
      throw new RestoreError(`Cannot restore into ${target} (DATABASE_PATH): ${errnoText(err)}. The user running restore must be able to write ${dir}.`);
    }
    throw err;
  } finally {
    for (const f of [candidate, `${candidate}-wal`, `${candidate}-shm`]) rmSync(f, { force: true });
    // Only the folders made here, and only if empty (rmdir refuses otherwise).
    if (!restored) for (const d of made.reverse()) try { rmdirSync(d); } catch { /* not empty: left as it is */ }
  }
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.message ?? String(err);
}

/** What to tell the person about the secrets, which a backup never holds. */
export function secretsAdvice(o: { dbPath: string; secrets: { jwt: string; hmac: string } }): string {
  const dir = dirname(resolve(o.dbPath));
  const line = (name: string, value: string, file: string) => {
    const path = join(dir, file);
    const generated = existsSync(path) && readFileSync(path, 'utf8').trim() === value;
    return generated
      ? `  - ${name}: generated, kept in ${path} (not in the backup; restore leaves it alone).`
      : `  - ${name}: set by you (environment, .env or ${name}_FILE); keep the value this server used before.`;
  };
  return [
    'Secrets are not part of a backup:',
    line('JWT_SECRET_KEY', o.secrets.jwt, '.jwt-secret-key'),
    line('HMAC_SECRET_KEY', o.secrets.hmac, '.hmac-secret-key'),
    'With the same secrets as before, API sessions keep working. With new ones (restoring on a new machine), people log in',
    'to the API again and API clients that sign requests need the new HMAC_SECRET_KEY; the bot and the books are not affected.',
  ].join('\n');
}
