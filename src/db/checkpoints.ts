// Checkpoints whose fsyncs run off the event loop.
//
// SQLite copies the WAL back into the database file (a checkpoint) when a
// COMMIT leaves 1,000 pages or more in the WAL, inside that COMMIT, and under
// synchronous NORMAL or FULL it fsyncs the WAL before the copy and the database
// file after it. better-sqlite3 runs COMMIT on the event loop, so the whole
// process stood still for both fsyncs: under the bot's load at 1,000 updates/s
// (`bench/bot-cost.ts --sql-times`) about ten COMMITs a second took 2–24 ms,
// a third to two thirds of all COMMIT time; a checkpoint of 2,400 pages took 12.8 ms here,
// 1.5 ms of it copying and the rest the two fsyncs.
//
// In a process that syncs its group commits off the thread (the `all` role
// without Redis, see domain/group-commit.ts) these copy the WAL early, riding
// on the group commit's own fsync of the WAL. Once `everyCommits` batches have
// committed:
//  1. when the next fsync of the WAL starts, `PRAGMA data_version` is read on a
//     side connection (it changes with every commit of another connection);
//  2. when that fsync returns, if nothing was committed meanwhile (the group
//     commit says so for its batches, data_version for any other write, such
//     as the access log's), every frame in the WAL is on disk. Right then, on
//     the event loop (no commit can come in between), a read transaction on the
//     side connection (the pin) begins, and a second side connection at
//     synchronous = OFF (no fsync of its own) copies the whole WAL into the
//     database file (~0.6 µs a page);
//  3. the database file is fsynced in libuv's thread pool;
//  4. the pin ends.
// While the pin is held no writer can start the WAL over (SQLite restarts it
// only when no reader uses it), so no copied frame is overwritten before 3
// made its copy durable: whenever the power goes, every page is in the synced
// WAL or in the synced database file. If 2 finds a commit in between, the
// next fsync tries again. A failed fsync of the database file keeps the pin
// (the WAL keeps every page and grows), and the next WAL fsync's return tries
// the database file's again.
//
// The WAL starts over only when a write transaction begins with every frame
// copied, and under steady load a batch is always open by the time a copy
// ends. So SQLite's own checkpoint stays, at `restartPages` (4,096) instead of
// 1,000: when the WAL reaches it, a COMMIT copies what these have not (the
// frames since the last copy), fsyncs the WAL and the database file itself (a
// few pages each, the rest is on disk) and the next batch starts the WAL over.
import { close as closeFd, fsync, fsyncSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WalHooks } from '../domain/group-commit.js';
import { openDatabase, WAL_SIZE_LIMIT_BYTES, type Connection, type Sqlite } from './connection.js';

export type CheckpointsOptions = {
  /** Batches between checkpoints (default 64: with this app's batches, about SQLite's own 1,000 pages). */
  everyCommits?: number;
  /** The connection's own checkpoint, which lets the WAL start over (default 4,096 pages, the WAL's size limit). */
  restartPages?: number;
  /** Syncs the database file (default fs.fsync, in libuv's thread pool); tests pass their own. */
  sync?: (fd: number, done: (err: Error | null) => void) => void;
  /** A failed checkpoint or fsync of the database file: the WAL keeps every page, and it is tried again. */
  onError?: (err: unknown) => void;
};

export type CheckpointStats = {
  /** Checkpoints whose copy is on disk. */
  checkpoints: number;
  /** Chances passed up: something was committed while the WAL's fsync ran. */
  skipped: number;
  failures: number;
};

export type Checkpoints = WalHooks & {
  /** Waits for the database file's fsync in flight, ends the pin, closes the side connections and gives the connection its automatic checkpoint back as it found it. */
  close(): Promise<void>;
  stats(): CheckpointStats;
};

/** The WAL's size limit (connection.ts's WAL_SIZE_LIMIT_BYTES) in 4 KB pages. */
const RESTART_PAGES = WAL_SIZE_LIMIT_BYTES / 4096;

/**
 * Takes over the checkpoints of `sqlite` (a file in WAL mode), or returns
 * undefined where it cannot (in memory, another journal mode). Its hooks go to
 * the group commit that syncs the WAL off the thread.
 */
export function createCheckpoints(sqlite: Sqlite, options: CheckpointsOptions = {}): Checkpoints | undefined {
  if (sqlite.memory || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
  const everyCommits = options.everyCommits ?? 64;
  const sync = options.sync ?? fsync;
  const path = resolve(sqlite.name);
  const pin: Connection = openDatabase(path, { queryOnly: true });
  const copier: Connection = openDatabase(path, { synchronous: 'NORMAL' });
  // The copy's fsyncs are the group commit's (before) and 3 (after).
  copier.sqlite.pragma('synchronous = OFF');
  const dataVersion = pin.sqlite.prepare('PRAGMA data_version').pluck();
  const begin = pin.sqlite.prepare('BEGIN');
  // Any read starts the read transaction.
  const read = pin.sqlite.prepare('SELECT count(*) FROM sqlite_schema');
  const end = pin.sqlite.prepare('COMMIT');
  /** Opened at the first checkpoint; fsync needs no write access. */
  let dbFd: number | undefined;
  // Given back on close.
  const autocheckpoint = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma(`wal_autocheckpoint = ${String(options.restartPages ?? RESTART_PAGES)}`);

  const stats: CheckpointStats = { checkpoints: 0, skipped: 0, failures: 0 };
  let commits = 0;
  /** data_version when the WAL's fsync started, while a checkpoint is due. */
  let versionAtSync: unknown;
  /** The database file's fsync in flight (resolves when it returned). */
  let syncing: Promise<void> | undefined;
  let closed = false;

  function fail(err: unknown): void {
    stats.failures++;
    options.onError?.(err);
  }

  /** 3 and 4: the database file's fsync, then the pin ends (kept after a failure). */
  function syncDatabase(): void {
    let fd: number;
    try {
      fd = dbFd ??= openSync(path, 'r');
    } catch (err) {
      fail(err);
      return;
    }
    syncing = new Promise<void>((done) =>
      sync(fd, (err) => {
        syncing = undefined;
        if (err) fail(err);
        else {
          end.run();
          stats.checkpoints++;
        }
        done();
      }),
    );
  }

  return {
    committed() {
      commits++;
    },
    syncStarting() {
      if (closed || syncing !== undefined) return;
      // A pin left by a failed fsync: retry that fsync when this one returns.
      if (commits < everyCommits && !pin.sqlite.inTransaction) return;
      versionAtSync = dataVersion.get();
    },
    synced(clean) {
      const before = versionAtSync;
      versionAtSync = undefined;
      if (before === undefined || closed || syncing !== undefined) return;
      if (pin.sqlite.inTransaction) return syncDatabase();
      if (!clean || dataVersion.get() !== before) {
        stats.skipped++;
        return;
      }
      // Every frame in the WAL is on disk, and nothing can commit before the copy ends.
      commits = 0;
      try {
        begin.run();
        read.get();
        copier.sqlite.pragma('wal_checkpoint(PASSIVE)');
      } catch (err) {
        // SQLite marks frames copied only when a checkpoint succeeds: the WAL cannot start over
        // on this one, and the pin may go.
        if (pin.sqlite.inTransaction) end.run();
        fail(err);
        return;
      }
      syncDatabase();
    },
    async close() {
      if (closed) return;
      closed = true;
      await syncing;
      if (pin.sqlite.inTransaction) {
        // A copy whose fsync failed: once more here, before the WAL may start over.
        try {
          if (dbFd !== undefined) fsyncSync(dbFd);
        } catch (err) {
          fail(err);
        }
        end.run();
      }
      pin.close();
      copier.close();
      if (dbFd !== undefined) closeFd(dbFd, () => undefined);
      // The connection checkpoints by itself again, at its own level (and at its close, as the last connection).
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${String(autocheckpoint)}`);
    },
    stats: () => ({ ...stats }),
  };
}
