// Checkpoints with their fsyncs off the event loop (src/db/checkpoints.ts): the
// WAL is synced before any of its frames reaches the database file, only frames
// that sync covered are copied, and the WAL cannot start over (overwriting
// frames) before the database file's own sync returned.
import { copyFileSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpoints, type Checkpoints } from '../../src/db/checkpoints.js';
import { openDatabase, WAL_SIZE_LIMIT_BYTES, type Connection } from '../../src/db/connection.js';
import { createGroupCommit, type WalHooks } from '../../src/domain/group-commit.js';

let dir: string;
let path: string;
let conn: Connection;
let insert: (n?: number) => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-ckpt-'));
  path = join(dir, 'finance.db');
  conn = openDatabase(path, { synchronous: 'FULL' });
  conn.sqlite.exec('CREATE TABLE t (x INTEGER)');
  // The table is in the database file itself; the WAL starts empty.
  conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const stmt = conn.sqlite.prepare('INSERT INTO t VALUES (1)');
  // Each row its own commit, as the group commit tells the checkpoints.
  insert = (n = 1) => {
    for (let i = 0; i < n; i++) stmt.run();
  };
});
afterEach(() => {
  conn.close();
  rmSync(dir, { recursive: true, force: true });
});

type HeldSync = { file: string; done: (err: Error | null) => void };

/** A sync that waits to be released, recording which file it was asked for ('wal' or 'db'). */
function heldSyncs() {
  const held: HeldSync[] = [];
  const asked: string[] = [];
  return {
    asked,
    sync: (fd: number, done: (err: Error | null) => void) => {
      const file = readlinkSync(`/proc/self/fd/${fd}`).endsWith('-wal') ? 'wal' : 'db';
      asked.push(file);
      held.push({ file, done });
    },
    release(err: Error | null = null) {
      const h = held.shift();
      if (!h) throw new Error('no sync is waiting');
      h.done(err);
      return h.file;
    },
    waiting: () => held.map((h) => h.file),
  };
}

/** Rows of `t` in the database file alone, as a power cut would leave it without its WAL. */
function rowsInFileAlone(): number {
  const copy = join(dir, `alone-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(path, copy);
  const c = openDatabase(copy);
  try {
    return (c.sqlite.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  } finally {
    c.close();
  }
}

/** The WAL header's salts: SQLite changes them when it starts the WAL over from its first frame. */
const walSalts = () => readFileSync(`${path}-wal`).subarray(16, 24).toString('hex');

const turn = () => new Promise((r) => setImmediate(r));

/** The group commit's part: `n` batches committed, then one fsync of the WAL that started and returned. */
function batches(cp: Checkpoints, n: number): void {
  for (let i = 0; i < n; i++) cp.committed();
}
function walSync(cp: Checkpoints, clean = true, meanwhile?: () => void): void {
  cp.syncStarting();
  meanwhile?.();
  cp.synced(clean);
}

describe('checkpoints off the event loop', () => {
  let cp: Checkpoints | undefined;
  afterEach(async () => {
    await cp?.close();
    cp = undefined;
  });

  it('leaves the connection’s own checkpoint for the WAL’s size limit, and gives it back on close', async () => {
    cp = createCheckpoints(conn.sqlite)!;
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES / 4096);
    await cp.close();
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('copies the whole WAL when a WAL fsync returns with nothing committed meanwhile, and the WAL cannot start over before the file’s fsync', async () => {
    const s = heldSyncs();
    cp = createCheckpoints(conn.sqlite, { everyCommits: 3, sync: s.sync })!;
    insert(3);
    batches(cp, 2);
    walSync(cp);
    // Not due before the third batch.
    expect(s.asked).toEqual([]);
    batches(cp, 1);
    expect(rowsInFileAlone()).toBe(0);
    walSync(cp);
    // Copied at once, on the event loop; then the database file's fsync.
    expect(rowsInFileAlone()).toBe(3);
    expect(s.waiting()).toEqual(['db']);
    // Until that fsync returns the WAL is not started over, however many commits come.
    const salts = walSalts();
    const size = statSync(`${path}-wal`).size;
    insert(5);
    expect(walSalts()).toBe(salts);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(size);
    s.release();
    await turn();
    expect(cp.stats()).toMatchObject({ checkpoints: 1, failures: 0, skipped: 0 });
    // The next one copies the rest; after its fsync, a commit starts the WAL over.
    batches(cp, 3);
    walSync(cp);
    expect(rowsInFileAlone()).toBe(8);
    s.release();
    await turn();
    insert();
    expect(walSalts()).not.toBe(salts);
    expect(s.asked).toEqual(['db', 'db']);
  });

  it('passes the chance up when anything was committed while the WAL’s fsync ran', async () => {
    const s = heldSyncs();
    cp = createCheckpoints(conn.sqlite, { everyCommits: 1, sync: s.sync })!;
    insert(2);
    batches(cp, 1);
    // A commit outside the group commit (the access log's) while the fsync ran: its frames may not be on disk.
    walSync(cp, true, () => insert());
    // A batch committed meanwhile (the group commit says so).
    walSync(cp, false);
    expect(rowsInFileAlone()).toBe(0);
    expect(s.asked).toEqual([]);
    expect(cp.stats()).toMatchObject({ checkpoints: 0, skipped: 2 });
    walSync(cp);
    expect(rowsInFileAlone()).toBe(3);
    s.release();
    await turn();
    expect(cp.stats()).toMatchObject({ checkpoints: 1, skipped: 2 });
  });

  it('keeps the WAL whole after a failed fsync of the file, and tries it again at the next WAL fsync', async () => {
    const s = heldSyncs();
    const errors: unknown[] = [];
    cp = createCheckpoints(conn.sqlite, { everyCommits: 1, sync: s.sync, onError: (e) => errors.push(e) })!;
    insert(3);
    batches(cp, 1);
    walSync(cp);
    s.release(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await turn();
    expect(errors).toHaveLength(1);
    expect(cp.stats()).toMatchObject({ checkpoints: 0, failures: 1 });
    const salts = walSalts();
    insert(4);
    // Every page is still in the WAL: it did not start over.
    expect(walSalts()).toBe(salts);
    // The next WAL fsync's return retries the file's fsync, even before the next checkpoint is due.
    walSync(cp);
    expect(s.waiting()).toEqual(['db']);
    s.release();
    await turn();
    expect(cp.stats()).toMatchObject({ checkpoints: 1, failures: 1 });
    batches(cp, 1);
    walSync(cp);
    s.release();
    await turn();
    insert();
    expect(walSalts()).not.toBe(salts);
    expect(rowsInFileAlone()).toBe(7);
  });

  it('close waits for the file’s fsync in flight', async () => {
    const s = heldSyncs();
    cp = createCheckpoints(conn.sqlite, { everyCommits: 1, sync: s.sync })!;
    insert(2);
    batches(cp, 1);
    walSync(cp);
    let closed = false;
    const closing = cp.close().then(() => (closed = true));
    await turn();
    expect(closed).toBe(false);
    s.release();
    await closing;
    expect(rowsInFileAlone()).toBe(2);
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('is not made for a database in memory', () => {
    const mem = openDatabase(':memory:');
    try {
      expect(createCheckpoints(mem.sqlite)).toBeUndefined();
    } finally {
      mem.close();
    }
  });
});

describe('the group commit’s WAL hooks', () => {
  it('tells each COMMIT, each fsync’s start, and whether a batch committed while it ran', async () => {
    const calls: string[] = [];
    const wal: WalHooks = { committed: () => calls.push('commit'), syncStarting: () => calls.push('sync'), synced: (clean) => calls.push(clean ? 'clean' : 'not clean') };
    const held: Array<(err: Error | null) => void> = [];
    const gc = createGroupCommit(conn.sqlite, { offThreadSync: true, maxBatch: 1, wal, syncWal: (_fd, done) => held.push(done) });
    const row = conn.sqlite.prepare('INSERT INTO t VALUES (2)');
    const write = () => {
      gc.join();
      row.run();
      gc.left();
    };
    write();
    // A full batch commits at once; its fsync starts.
    expect(calls).toEqual(['commit', 'sync']);
    write();
    // Committed while the first fsync runs: that one returns not clean, and the next covers it.
    held.shift()!(null);
    held.shift()!(null);
    expect(calls).toEqual(['commit', 'sync', 'commit', 'not clean', 'sync', 'clean']);
    await gc.close();
  });

  it('checkpoints a real group commit’s WAL with real fsyncs where the fsync is off the thread, and hands the checkpoints back on close', async () => {
    const gc = createGroupCommit(conn.sqlite, { offThreadSync: true, checkpoints: { everyCommits: 2 } });
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES / 4096);
    const row = conn.sqlite.prepare('INSERT INTO t VALUES (3)');
    for (let i = 0; i < 10; i++) {
      gc.join();
      row.run();
      gc.left();
      await gc.durable();
    }
    await gc.close();
    expect(gc.checkpointStats()).toMatchObject({ failures: 0 });
    expect(gc.checkpointStats()!.checkpoints).toBeGreaterThanOrEqual(3);
    // The copies are in the file itself (the last batches may still be in the WAL only).
    expect(rowsInFileAlone()).toBeGreaterThanOrEqual(6);
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves the checkpoints to COMMIT where the fsync stays there', async () => {
    const gc = createGroupCommit(conn.sqlite, { checkpoints: {} });
    expect(gc.checkpointStats()).toBeUndefined();
    expect(conn.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await gc.close();
  });

  it('keeps the WAL bounded under steady writes, with a batch always gathering while the WAL is synced', async () => {
    const restartPages = 100;
    const gc = createGroupCommit(conn.sqlite, { offThreadSync: true, checkpoints: { everyCommits: 4, restartPages } });
    // About a page a row.
    const row = conn.sqlite.prepare('INSERT INTO t VALUES (randomblob(3000))');
    const rows = 2000;
    for (let i = 0; i < rows; i += 5) {
      gc.join();
      for (let j = 0; j < 5; j++) row.run();
      gc.left();
      // The next batch opens while this one's fsync may still run, as under load.
      await turn();
    }
    await gc.durable();
    await gc.close();
    expect(gc.checkpointStats()!.checkpoints).toBeGreaterThan(0);
    // The WAL started over again and again, where without a restart it would hold every one of the
    // ~2,000 pages (the file keeps its largest size: how far past the mark it grew depends on how
    // long the database file's fsyncs held the pin, longer on a busy machine).
    const frames = (statSync(`${path}-wal`).size - 32) / (4096 + 24);
    expect(frames).toBeLessThan(rows / 2);
    expect(conn.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: rows });
    expect(conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
