// Group commit: the write transactions of requests that arrive together share
// one SQLite transaction and so one fsync, instead of one fsync each.
//
// How: the first writeTx of a batch opens BEGIN IMMEDIATE on the connection;
// writeTx then runs its use case through db.transaction(), which better-sqlite3
// turns into a SAVEPOINT when a transaction is already open. A use case that
// throws is rolled back to its savepoint: only that request fails, the others
// in the batch are untouched. The batch commits when the event loop is idle
// (setImmediate: every request whose bytes arrived in this turn has joined),
// after `maxBatch` use cases, or after `maxWaitMs` when that is set.
//
// The fsync can leave the main thread. Under synchronous=FULL SQLite fsyncs the
// WAL inside COMMIT, and better-sqlite3 runs COMMIT on the event loop: every
// request, update and timer of the process waited for the disk, a quarter of
// the time under load, and on a slow disk (an SD card, a disk shared with other
// machines) the whole process stalls. So, in a process that is the database's
// only user (`offThreadSync`), a batch of a connection in WAL mode at FULL commits
// at NORMAL (the WAL frames are written, not yet synced) and the WAL file is
// then fsynced by libuv's thread pool (fs.fsync); the batch's waiters are
// released when that fsync returns. That is FULL's guarantee, the same frames
// on disk before anyone hears of them, with the wait moved off the thread:
// the event loop meanwhile reads requests and builds the next batch, whose
// waiters the next fsync releases (one in flight at a time, each covering
// every commit before it). That next batch also commits only when the fsync
// in flight returns (or when it is full): it could not be released earlier,
// and a larger batch writes fewer WAL pages per use case. The WAL's header after a restart
// is synced by SQLite itself at NORMAL as at FULL, and so are checkpoints: SQLite's own
// in a COMMIT, and with `checkpoints` the early copies of db/checkpoints.ts, whose
// fsyncs also run in the thread pool (after this module's WAL fsync, and before the
// WAL may start over). Only the batch's COMMIT is
// at NORMAL: the level is set back before anything else can commit, so a
// write outside a batch (a statement run directly on the connection) is
// synced by SQLite as before.
//
// Nothing written in a batch may be acknowledged before its COMMIT and its
// fsync returned: adapters await durable(deps) before answering (the API's
// onSend hook, the bot's outgoing API calls, the job sender). Reads made while
// a batch is open, or its fsync runs, may see its rows, so a read answer waits
// for them too. A failed COMMIT or fsync rejects every waiter of the batch:
// none of its requests is acknowledged.
//
// There is still one writer: every batch is one transaction on the process's
// one connection, and it holds the write lock for one turn of the event loop.
import { close as closeFd, fsync, openSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Sqlite } from '../db/connection.js';
import { createCheckpoints, type CheckpointsOptions, type CheckpointStats } from '../db/checkpoints.js';
import { registerOpenWrites } from '../db/open-writes.js';

export type GroupCommitOptions = {
  /** Commit once this many use cases joined the batch (default 64). */
  maxBatch?: number;
  /** Wait at most this long for more requests before committing; 0 = when the event loop is idle (default). */
  maxWaitMs?: number;
  /**
   * Syncs the WAL off the event loop (see above). Only for a process that is
   * the database's only user (the `all` role without Redis): another process
   * on the file could read a batch between its COMMIT and its fsync and act on
   * it (answer, notify) before it is on disk. Default false: COMMIT syncs.
   */
  offThreadSync?: boolean;
  /**
   * Syncs the WAL file (default fs.fsync, in libuv's thread pool). Tests pass
   * their own to hold the sync and watch what waits for it.
   */
  syncWal?: (fd: number, done: (err: Error | null) => void) => void;
  /** Told of each batch's COMMIT and of each fsync of the WAL. */
  wal?: WalHooks;
  /**
   * With the fsync off the thread: the checkpoints' fsyncs too (db/checkpoints.ts, on
   * these hooks), ended by close(). Ignored where the fsync stays in COMMIT.
   */
  checkpoints?: CheckpointsOptions;
};

/** What the group commit tells of its commits and its fsyncs of the WAL (off the thread). */
export type WalHooks = {
  /** A batch's COMMIT succeeded. */
  committed(): void;
  /** An fsync of the WAL starts: it covers every frame written so far. */
  syncStarting(): void;
  /** That fsync returned; `clean`: it succeeded and no batch committed while it ran. */
  synced(clean: boolean): void;
};

export type GroupCommitStats = { batches: number; members: number; failures: number; syncs: number };

export type GroupCommit = {
  /** Opens the shared transaction unless one is open; writeTx calls it before its savepoint. */
  join(): void;
  /** Called by writeTx after its savepoint: commits at once when the batch is full. */
  left(): void;
  /** Resolves when everything written so far is committed; rejects if that commit failed. */
  durable(): Promise<void>;
  /** True while a batch is open or its fsync runs: durable() would wait. */
  pending(): boolean;
  /** Commits the open batch now (tests; a backup on this connection does it through db/open-writes.ts). */
  flush(): void;
  /**
   * Commits the open batch and stops grouping: later writes commit one by one
   * (graceful stop). Resolves once the last batch is on disk.
   */
  close(): Promise<void>;
  stats(): GroupCommitStats;
  /** The checkpoints' figures where they run off the thread (options.checkpoints), else undefined. */
  checkpointStats(): CheckpointStats | undefined;
};

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

const DONE: Promise<void> = Promise.resolve();

export function createGroupCommit(sqlite: Sqlite, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 0;
  const syncWal = options.syncWal ?? fsync;
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  // The fsync moves off the thread for a file in WAL mode at FULL (or EXTRA); otherwise
  // (in memory, a rollback journal, NORMAL chosen for speed) COMMIT does what the connection says.
  const level = Number(sqlite.pragma('synchronous', { simple: true }));
  const walPath =
    options.offThreadSync === true && !sqlite.memory && sqlite.pragma('journal_mode', { simple: true }) === 'wal' && level >= 2 ? `${resolvePath(sqlite.name)}-wal` : undefined;
  // exec, not prepared statements: SQLite applies a PRAGMA that sets the level when it is
  // prepared, and a prepared one run again may not apply it (seen with better-sqlite3 12).
  const restoreSql = `PRAGMA synchronous = ${String(level)}`;
  const relax = () => sqlite.exec('PRAGMA synchronous = NORMAL');
  const restore = () => sqlite.exec(restoreSql);
  const checkpoints = walPath !== undefined && options.checkpoints ? createCheckpoints(sqlite, options.checkpoints) : undefined;
  const wal = checkpoints ?? options.wal;
  let walFd: number | undefined;
  let open = false;
  let closed = false;
  let members = 0;
  /** writeTx calls in progress on the stack (a use case inside another). */
  let depth = 0;
  /** Waiting for the open batch's COMMIT (and then its fsync). */
  let waiters: Waiter[] = [];
  /** Committed, waiting for the next fsync; `dirty` while a commit has not been covered by a started fsync. */
  let unsynced: Waiter[] = [];
  let dirty = false;
  /** Waiting for the fsync in flight, if one is. */
  let syncing: Waiter[] | undefined;
  let onIdle: (() => void) | undefined;
  let timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  const stats: GroupCommitStats = { batches: 0, members: 0, failures: 0, syncs: 0 };

  function schedule(): void {
    timer = maxWaitMs > 0 ? setTimeout(idle, maxWaitMs) : setImmediate(idle);
  }

  function cancel(): void {
    if (timer === undefined) return;
    if (maxWaitMs > 0) clearTimeout(timer as NodeJS.Timeout);
    else clearImmediate(timer as NodeJS.Immediate);
    timer = undefined;
  }

  function settle(batch: Waiter[], failure: unknown): void {
    for (const w of batch) {
      if (failure === undefined) w.resolve();
      else w.reject(failure);
    }
  }

  /** Starts an fsync of the WAL covering every commit so far, unless one runs (its end starts the next). */
  function startSync(): void {
    if (syncing !== undefined || !dirty) return;
    const batch = unsynced;
    unsynced = [];
    dirty = false;
    syncing = batch;
    stats.syncs++;
    let fd: number;
    try {
      fd = walFd ??= openSync(walPath as string, 'r');
    } catch (err) {
      synced(err);
      return;
    }
    wal?.syncStarting();
    syncWal(fd, synced);
  }

  function synced(err: unknown): void {
    const batch = syncing ?? [];
    syncing = undefined;
    if (err) stats.failures++;
    settle(batch, err ?? undefined);
    // Before the batch that gathered commits: a checkpoint may copy the WAL now.
    wal?.synced(!err && !dirty);
    // The batch that gathered while the disk worked commits now, and its fsync starts.
    if (open && depth === 0 && timer === undefined) flush();
    startSync();
    if (syncing === undefined && onIdle) onIdle();
  }

  /** The idle turn's commit: held while an fsync runs (the batch could not be released before the next one anyway). */
  function idle(): void {
    timer = undefined;
    if (syncing !== undefined && members < maxBatch && !closed) return;
    flush();
  }

  function flush(): void {
    cancel();
    if (!open) return;
    open = false;
    const batch = waiters;
    waiters = [];
    stats.batches++;
    stats.members += members;
    members = 0;
    let failure: unknown;
    try {
      // SQLite rolls the whole transaction back by itself on some errors (disk full, I/O):
      // then there is nothing to commit and nothing written in this batch may be acknowledged.
      if (!sqlite.inTransaction) throw new Error('The group-commit transaction was rolled back by SQLite');
      commit.run();
    } catch (err) {
      failure = err;
      stats.failures++;
      if (sqlite.inTransaction) {
        try {
          sqlite.exec('ROLLBACK');
        } catch {
          // Already rolled back.
        }
      }
    }
    if (walPath !== undefined) restore();
    if (failure === undefined) wal?.committed();
    if (failure !== undefined || walPath === undefined) {
      settle(batch, failure);
      return;
    }
    // On the OS's side now, not yet on disk: released by the fsync that follows.
    unsynced.push(...batch);
    dirty = true;
    startSync();
  }

  // A backup (VACUUM INTO) on this connection commits the open batch first: it cannot run inside it.
  // Not in the middle of a use case (depth > 0): its savepoint must not be committed half-way.
  const unregister = registerOpenWrites(sqlite, () => {
    if (depth === 0) flush();
  });

  return {
    join() {
      // Nested use cases (a route's writeTx around the core's) count once, and never commit mid-way.
      depth++;
      if (depth > 1) return;
      if (!open) {
        if (closed) return;
        // A transaction someone opened by hand (a migration, a test): nest in it as usual.
        if (sqlite.inTransaction) return;
        // The level can only change outside a transaction: set for this batch's COMMIT, back after it.
        if (walPath !== undefined) relax();
        try {
          begin.run();
        } catch (err) {
          if (walPath !== undefined) restore();
          depth--;
          throw err;
        }
        open = true;
        schedule();
      }
      members++;
    },
    left() {
      depth--;
      if (depth === 0 && open && members >= maxBatch) flush();
    },
    durable() {
      if (open) return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      // Committed since the last fsync started: the next one covers it.
      if (dirty) return new Promise<void>((resolve, reject) => unsynced.push({ resolve, reject }));
      // Committed before the fsync in flight started: that one covers it.
      if (syncing !== undefined) {
        const batch = syncing;
        return new Promise<void>((resolve, reject) => batch.push({ resolve, reject }));
      }
      return DONE;
    },
    pending: () => open || syncing !== undefined || dirty,
    flush,
    close() {
      closed = true;
      flush();
      unregister();
      return new Promise<void>((resolve) => {
        const done = () => {
          onIdle = undefined;
          if (walFd !== undefined) closeFd(walFd, () => undefined);
          walFd = undefined;
          // After the last fsync: the connection checkpoints by itself again.
          void (checkpoints?.close() ?? DONE).then(resolve);
        };
        if (syncing === undefined && !dirty) done();
        else onIdle = done;
      });
    },
    stats: () => ({ ...stats }),
    checkpointStats: () => checkpoints?.stats(),
  };
}
