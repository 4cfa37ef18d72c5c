// Scheduled backups: once a day into BACKUP_DIR (default ./data/backups) as
// finance-YYYY-MM-DD.db (UTC date), then rotation keeps the newest
// BACKUP_KEEP_DAILY days plus the newest file of each of the last
// BACKUP_KEEP_WEEKLY weeks. Every process that runs the scheduled work may run
// it: the copy is written under a temporary name and renamed, so two processes
// racing on one day produce one sound file. A failure is logged with the path
// and the error, retried an hour later, and reported once a day to the instance
// owner in Telegram through the outbox: a stable reason and the folder, never
// the raw error (it may hold paths and text nobody configured).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { BackupError, backupDatabase } from '../db/backup.js';
import type { Sqlite } from '../db/connection.js';
import { enqueueOutbox, writeTx, type BackupFailureReason, type CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { setFolderProblem } from '../runtime/make-folder.js';

const FILE_RE = /^finance-(\d{4}-\d{2}-\d{2})\.db$/;
/** A copy being written by backupDatabase (db/backup.ts): `.finance-YYYY-MM-DD.db.partial-PID-RANDOM`. */
const PARTIAL_RE = /^\.finance-\d{4}-\d{2}-\d{2}\.db\.partial-\d+-[0-9a-f]+$/;
/** A partial copy this old was left by a backup that was killed (a backup takes seconds to minutes). */
const STALE_PARTIAL_MS = 86_400_000;
const RETRY_AFTER_MS = 3600_000;

export type BackupPolicy = { dir: string; keepDaily: number; keepWeekly: number };

export function backupFileName(at: number): string {
  return `finance-${new Date(at).toISOString().slice(0, 10)}.db`;
}

/** The Monday (UTC) of the day's week, as YYYY-MM-DD. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Deletes the scheduled backups the policy no longer keeps, and partial copies left by a killed
 * backup (kill -9, OOM, power cut: each the size of the database, kept for ever before) once a day
 * old; returns their names. Other files are left alone.
 */
export function rotateBackups(policy: BackupPolicy): string[] {
  if (!existsSync(policy.dir)) return [];
  const names = readdirSync(policy.dir);
  const removed: string[] = [];
  for (const name of names.filter((n) => PARTIAL_RE.test(n))) {
    const path = join(policy.dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > STALE_PARTIAL_MS) {
      rmSync(path, { force: true });
      removed.push(name);
    }
  }
  const days = names
    .map((name) => FILE_RE.exec(name)?.[1])
    .filter((d): d is string => Boolean(d))
    .sort()
    .reverse();
  const keep = new Set(days.slice(0, policy.keepDaily));
  const weeks = new Set<string>();
  for (const day of days) {
    const week = weekOf(day);
    if (weeks.has(week)) continue;
    if (weeks.size >= policy.keepWeekly) break;
    weeks.add(week);
    keep.add(day); // the newest file of that week
  }
  for (const day of days) {
    if (keep.has(day)) continue;
    const name = `finance-${day}.db`;
    rmSync(join(policy.dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

// Error codes along the cause chain: Node's file system (ENOSPC…) and SQLite's (SQLITE_FULL, SQLITE_CANTOPEN_…).
const DISK_FULL = /^(ENOSPC|EDQUOT|EFBIG|SQLITE_FULL)/;
const FOLDER = /^(EACCES|EPERM|EROFS|ENOTDIR|EISDIR|EEXIST|ENOENT|ENAMETOOLONG|ELOOP|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_AUTH)/;
const BUSY = /^(EBUSY|SQLITE_BUSY|SQLITE_LOCKED)/;

/** The stable reason of a failed backup, read from the error's codes (and its causes'). */
export function backupFailureReason(err: unknown): BackupFailureReason {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof BackupError && e.code === 'in_transaction') return 'database_busy';
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (DISK_FULL.test(code)) return 'disk_full';
    if (FOLDER.test(code)) return 'folder_not_writable';
    if (BUSY.test(code)) return 'database_busy';
  }
  return 'other';
}

export type BackupSchedule = { tick(now: number): 'done' | 'skipped' | 'failed' };

/**
 * A BACKUP_DIR that was set must exist: making it (and its parents) put the backups of a disk
 * that was not mounted into its empty mount point on the system disk, logged as written.
 * Only the default folder, backups/ beside the database, is made.
 */
function requireSetFolder(dir: string): void {
  const cause = setFolderProblem(dir);
  if (!cause) return;
  throw new BackupError(
    `the backup folder ${dir} (BACKUP_DIR) does not exist (${cause.message}): finance-bot never creates a BACKUP_DIR you set, ` +
      'so a disk that is not mounted or a typo cannot send the backups elsewhere. Create the folder, or mount its disk.',
    'failed',
    { cause },
  );
}

export function createBackupSchedule(o: { deps: CoreDeps; sqlite: Sqlite; config: Config; log: Logger }): BackupSchedule | undefined {
  const { backup } = o.config;
  if (o.config.database.path === ':memory:' || backup.keepDaily <= 0) return undefined;
  const policy: BackupPolicy = { dir: resolve(backup.dir), keepDaily: backup.keepDaily, keepWeekly: backup.keepWeekly };
  const isDefaultFolder = policy.dir === resolve(dirname(o.config.database.path), 'backups');
  let lastFailureAt = -Infinity;
  let reportedDay: string | undefined;
  return {
    tick(now) {
      const name = backupFileName(now);
      const target = join(policy.dir, name);
      if (existsSync(target) || now - lastFailureAt < RETRY_AFTER_MS) return 'skipped';
      try {
        if (!isDefaultFolder) requireSetFolder(policy.dir);
        const result = backupDatabase(o.sqlite, target);
        const removed = rotateBackups(policy);
        o.log.info({ path: result.path, bytes: result.bytes, ms: result.ms, removed }, 'scheduled backup written');
        lastFailureAt = -Infinity;
        return 'done';
      } catch (err) {
        lastFailureAt = now;
        const reason = backupFailureReason(err);
        o.log.error({ path: target, reason, err }, 'scheduled backup failed; retrying in an hour');
        const day = name.slice(7, 17);
        if (reportedDay !== day) {
          try {
            writeTx(o.deps, (tx) => enqueueOutbox(tx, { topic: 'backup.failed', payload: { reason, folder: policy.dir, at: now } }, now));
            reportedDay = day;
          } catch (e) {
            o.log.error({ err: e }, 'could not queue the backup failure notice (is the database writable?)');
          }
        }
        return 'failed';
      }
    },
  };
}
