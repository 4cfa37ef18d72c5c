// Backups that finish under load and restore to the same books; scheduled
// backups rotate; restore checks its file, refuses a database in use and keeps
// the current one aside; encrypted backups are OpenSSL-compatible.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, checkDatabaseFile } from '../../src/db/backup.js';
import { decryptBackup, encryptBackup, PBKDF2_ITERATIONS } from '../../src/db/backup-crypto.js';
import { openDatabase } from '../../src/db/connection.js';
import { startHeartbeat } from '../../src/db/heartbeat.js';
import { newestKnownMigration } from '../../src/db/migrate.js';
import { restoreDatabase, RestoreError } from '../../src/db/restore.js';
import { listWallets } from '../../src/domain/index.js';
import { createBackupSchedule, rotateBackups } from '../../src/jobs/backups.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { outbox } from '../../src/db/schema.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const ins = db.prepare("insert into heartbeats (id, role, host, pid, started_at, beat_at) values (?, 'load', 'writer', 1, 0, 0)");
let i = 0;
for (;;) { ins.run('w' + i++); }
`;

function rowsOf(path: string): number {
  const c = openDatabase(path);
  try {
    return (c.sqlite.prepare("select count(*) as n from heartbeats where role = 'load'").get() as { n: number }).n;
  } finally {
    c.close();
  }
}

describe('backups', () => {
  it('finish while another process commits without pause, and restore to the same books', async () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 123_45);
    const books = listWallets(t.deps, f.owner, f.familyId).map((w) => [w.name, w.balanceMinor]);
    const writer = spawn(process.execPath, ['-e', WRITER, t.path], { stdio: 'ignore' });
    try {
      // Wait for the load to be running (its commits are visible), not for a time.
      while (rowsOf(t.path) < 200) await new Promise((r) => setImmediate(r));
      const before = rowsOf(t.path);
      const target = join(t.dir, 'backups', 'copy.db');
      const result = backupDatabase(t.conn.sqlite, target);
      expect(result.path).toBe(target);
      expect(checkDatabaseFile(target)).toEqual([]);
      // The writer kept committing during and after the copy.
      while (rowsOf(t.path) <= before + 100) await new Promise((r) => setImmediate(r));
      expect(readdirSync(join(t.dir, 'backups'))).toEqual(['copy.db']); // no temporary left behind
      writer.kill('SIGKILL');

      const fresh = join(t.dir, 'restored', 'finance.db');
      execFileSync('mkdir', ['-p', join(t.dir, 'restored')]);
      await restoreDatabase({ file: target, dbPath: fresh, passphrase: async () => '' });
      const c = openDatabase(fresh);
      try {
        expect(listWallets({ db: c.db, clock: Date.now }, f.owner, f.familyId).map((w) => [w.name, w.balanceMinor])).toEqual(books);
      } finally {
        c.close();
      }
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('rotation keeps 7 daily and the newest of 4 weeks, and leaves other files alone', () => {
    t = createTestDb();
    const dir = join(t.dir, 'backups');
    execFileSync('mkdir', ['-p', dir]);
    const days: string[] = [];
    for (let i = 0; i < 40; i++) days.push(new Date(Date.UTC(2026, 10, 30) - i * 86_400_000).toISOString().slice(0, 10));
    for (const d of days) writeFileSync(join(dir, `finance-${d}.db`), '');
    writeFileSync(join(dir, 'my-own-copy.db'), '');
    rotateBackups({ dir, keepDaily: 7, keepWeekly: 4 });
    const left = readdirSync(dir).sort();
    // 2026-11-30 is a Monday: the last 7 days (11-24 … 11-30), then the newest of the
    // weeks of 11-30 and 11-23 (already kept), 11-16 (→ 11-22) and 11-09 (→ 11-15).
    expect(left).toEqual(
      ['2026-11-15', '2026-11-22', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']
        .map((d) => `finance-${d}.db`)
        .concat('my-own-copy.db')
        .sort(),
    );
  });
});

describe('scheduled backups', () => {
  it('write one checked file a day into BACKUP_DIR, and a failure queues one notice for the instance owner', () => {
    t = createTestDb();
    makeFamily(t.deps);
    const dir = join(t.dir, 'backups');
    const config = loadConfig({ env: { DATABASE_PATH: t.path, BACKUP_DIR: dir, JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) }, dotenvPath: false });
    const schedule = createBackupSchedule({ deps: t.deps, sqlite: t.conn.sqlite, config, log: createLogger({ level: 'silent' }) })!;
    expect(schedule.tick(t.clock.now)).toBe('done');
    expect(readdirSync(dir)).toEqual(['finance-2026-11-25.db']);
    expect(checkDatabaseFile(join(dir, 'finance-2026-11-25.db'))).toEqual([]);
    expect(schedule.tick(t.clock.now + 3600_000)).toBe('skipped'); // once a day
    for (let day = 1; day <= 9; day++) schedule.tick(t.clock.now + day * 86_400_000);
    // 10 days (11-25 … 12-04): the newest 7 stay; the two weeks they span already have their newest file among them.
    expect(readdirSync(dir).sort()[0]).toBe('finance-2026-11-28.db');
    expect(readdirSync(dir)).toHaveLength(7);

    // The backup folder becomes unusable: the failure is queued once for the owner, retried an hour later.
    const broken = join(t.dir, 'not-a-folder');
    writeFileSync(broken, 'x');
    const config2 = loadConfig({ env: { DATABASE_PATH: t.path, BACKUP_DIR: join(broken, 'sub'), JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) }, dotenvPath: false });
    const failing = createBackupSchedule({ deps: t.deps, sqlite: t.conn.sqlite, config: config2, log: createLogger({ level: 'silent' }) })!;
    expect(failing.tick(t.clock.now)).toBe('failed');
    expect(failing.tick(t.clock.now + 60_000)).toBe('skipped');
    expect(failing.tick(t.clock.now + 3600_000)).toBe('failed');
    const notices = t.deps.db.select().from(outbox).all().filter((r) => r.topic === 'backup.failed');
    expect(notices).toHaveLength(1);
    // A stable reason and the folder; the raw error stays in the log.
    expect(JSON.parse(notices[0]!.payload)).toEqual({ reason: 'folder_not_writable', folder: join(broken, 'sub'), at: t.clock.now });
  });
});

describe('restore', () => {
  it('refuses a database a running process beats on, then restores once it stopped, keeping the old one aside', async () => {
    t = createTestDb();
    makeFamily(t.deps);
    const backup = join(t.dir, 'b.db');
    backupDatabase(t.conn.sqlite, backup);
    const beating = startHeartbeat({ db: t.conn.db, role: 'all' });
    await expect(restoreDatabase({ file: backup, dbPath: t.path, passphrase: async () => '' })).rejects.toThrow(/finance-bot is running on .*all on/);
    beating.stop();
    t.conn.close();
    const r = await restoreDatabase({ file: backup, dbPath: t.path, passphrase: async () => '' });
    expect(r.aside).toMatch(/test\.db\.before-restore-/);
    expect(existsSync(r.aside!)).toBe(true);
    expect(checkDatabaseFile(t.path)).toEqual([]);
  });

  it('refuses while a process has the database open though its heartbeat went stale, and changes nothing', async () => {
    t = createTestDb();
    makeFamily(t.deps);
    const backup = join(t.dir, 'b.db');
    backupDatabase(t.conn.sqlite, backup);
    // t.conn stays open, as a running app's connection does; it wrote no heartbeat (a full disk, a stuck process).
    const before = readdirSync(t.dir).sort();
    await expect(restoreDatabase({ file: backup, dbPath: t.path, passphrase: async () => '' })).rejects.toThrow(/test\.db is open in another process/);
    expect(readdirSync(t.dir).sort()).toEqual(before);
    // The running connection goes on writing into the database restore left in place.
    makeFamily(t.deps);
    t.conn.close();
    const c = openDatabase(t.path);
    try {
      expect(c.sqlite.prepare('select count(*) as n from families').get()).toEqual({ n: 2 });
    } finally {
      c.close();
    }
  });

  it('refuses a file that is not a finance-bot database and changes nothing', async () => {
    t = createTestDb();
    const junk = join(t.dir, 'junk.db');
    writeFileSync(junk, 'hello, I am not a database');
    const before = readFileSync(t.path);
    await expect(restoreDatabase({ file: junk, dbPath: t.path, passphrase: async () => '' })).rejects.toBeInstanceOf(RestoreError);
    const other = join(t.dir, 'other.db');
    const o = openDatabase(other);
    o.sqlite.exec('create table x (a)');
    o.close();
    await expect(restoreDatabase({ file: other, dbPath: t.path, passphrase: async () => '' })).rejects.toThrow(/not a finance-bot one/);
    expect(readFileSync(t.path).equals(before)).toBe(true);
    expect(readdirSync(t.dir).filter((n) => n.includes('restoring') || n.includes('before-restore'))).toEqual([]);
  });

  it('refuses a backup from a newer version (this one could not start on it) and changes nothing', async () => {
    t = createTestDb();
    const newer = join(t.dir, 'newer.db');
    backupDatabase(t.conn.sqlite, newer);
    const n = openDatabase(newer);
    n.sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-a-newer-version', newestKnownMigration() + 86_400_000);
    n.close();
    const before = readFileSync(t.path);
    await expect(restoreDatabase({ file: newer, dbPath: t.path, passphrase: async () => '' })).rejects.toThrow(/cannot be restored by this version: it was upgraded by a newer finance-bot/);
    expect(readFileSync(t.path).equals(before)).toBe(true);
    expect(readdirSync(t.dir).filter((name) => name.includes('restoring') || name.includes('before-restore'))).toEqual([]);
  });

  it('restores a copy of a database file with its -wal beside it, commits in the -wal included', async () => {
    t = createTestDb();
    // A file-level copy of a running app's folder (rsync, a volume snapshot): the last commits are only in the -wal.
    t.conn.sqlite.pragma('wal_autocheckpoint = 0');
    t.conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const f = makeFamily(t.deps);
    const copy = join(t.dir, 'copy');
    mkdirSync(copy);
    copyFileSync(t.path, join(copy, 'finance.db'));
    copyFileSync(`${t.path}-wal`, join(copy, 'finance.db-wal'));
    expect(statSync(join(copy, 'finance.db-wal')).size).toBeGreaterThan(0);
    const target = join(t.dir, 'restored.db');
    await restoreDatabase({ file: join(copy, 'finance.db'), dbPath: target, passphrase: async () => '' });
    const c = openDatabase(target);
    try {
      expect(listWallets({ db: c.db, clock: Date.now }, f.owner, f.familyId)).toHaveLength(1);
    } finally {
      c.close();
    }
    // The copy itself is left as it was.
    expect(statSync(join(copy, 'finance.db-wal')).size).toBeGreaterThan(0);
    expect(readdirSync(t.dir).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('reads an encrypted backup that openssl decrypts too, and refuses a wrong passphrase', async () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    const plain = join(t.dir, 'plain.db');
    backupDatabase(t.conn.sqlite, plain);
    const enc = join(t.dir, 'backup.db.enc');
    writeFileSync(enc, encryptBackup(readFileSync(plain), 'correct horse'));
    const openssl = spawnSync('openssl', ['enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter', String(PBKDF2_ITERATIONS), '-md', 'sha256', '-in', enc, '-pass', 'pass:correct horse'], { maxBuffer: 1 << 26 });
    if (openssl.error === undefined) expect(openssl.stdout.equals(readFileSync(plain))).toBe(true);
    expect(() => decryptBackup(readFileSync(enc), 'wrong')).toThrow(/^Wrong passphrase/);
    // A wrong passphrase passes CBC's padding check about once in 256: bytes that are no database are the same error.
    expect(() => decryptBackup(encryptBackup(Buffer.from('no SQLite header here'), 'correct horse'), 'correct horse')).toThrow(/^Wrong passphrase/);
    const target = join(t.dir, 'restored.db');
    await expect(restoreDatabase({ file: enc, dbPath: target, passphrase: async () => 'wrong horse' })).rejects.toBeInstanceOf(RestoreError);
    expect(existsSync(target)).toBe(false);
    await restoreDatabase({ file: enc, dbPath: target, passphrase: async () => 'correct horse' });
    const c = openDatabase(target);
    try {
      expect(listWallets({ db: c.db, clock: Date.now }, f.owner, f.familyId)).toHaveLength(1);
    } finally {
      c.close();
    }
  });
});
