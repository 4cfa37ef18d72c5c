// A backup taken while a group-commit batch is open on the writers'
// connection: VACUUM INTO cannot run inside a transaction, so the batch is
// committed first and its rows are in the copy. It used to fail with "cannot
// VACUUM from within a transaction" (the daily backup, /backup in the bot and
// the backup command all run on that connection).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { backupDatabase, BackupError, checkDatabaseFile } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { durable, writeTx } from '../../src/domain/deps.js';
import { createGroupCommit } from '../../src/domain/group-commit.js';
import { createBackupSchedule } from '../../src/jobs/backups.js';
import { createLogger } from '../../src/logger.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => {
  t?.deps.commits?.close();
  t?.cleanup();
  t = undefined;
});

function familiesIn(path: string): number {
  const c = openDatabase(path);
  try {
    return (c.sqlite.prepare('select count(*) as n from families').get() as { n: number }).n;
  } finally {
    c.close();
  }
}

function withOpenBatch(): TestDb {
  const db = createTestDb();
  db.deps.commits = createGroupCommit(db.conn.sqlite);
  makeFamily(db.deps);
  // The batch commits when the event loop is idle; nothing has let it yet.
  expect(db.deps.commits.pending()).toBe(true);
  expect(db.conn.sqlite.inTransaction).toBe(true);
  return db;
}

describe('a backup while a group-commit batch is open', () => {
  it('commits the batch, then copies it: the copy holds the batch rows and the batch waiters are answered', async () => {
    t = withOpenBatch();
    const acknowledged = durable(t.deps);
    const target = join(t.dir, 'backups', 'now.db');
    const result = backupDatabase(t.conn.sqlite, target);
    expect(result.path).toBe(target);
    expect(checkDatabaseFile(target)).toEqual([]);
    expect(familiesIn(target)).toBe(1);
    expect(t.deps.commits!.pending()).toBe(false);
    await expect(acknowledged).resolves.toBeUndefined();
    // Writes go on grouping after the backup.
    makeFamily(t.deps);
    expect(t.deps.commits!.pending()).toBe(true);
  });

  it('the daily backup succeeds with the batch rows in its file', () => {
    t = withOpenBatch();
    const dir = join(t.dir, 'daily');
    mkdirSync(dir); // a BACKUP_DIR that is set must exist (tests/ops/backup-folder.test.ts)
    const config = loadConfig({ env: { DATABASE_PATH: t.path, BACKUP_DIR: dir, JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) }, dotenvPath: false });
    const schedule = createBackupSchedule({ deps: t.deps, sqlite: t.conn.sqlite, config, log: createLogger({ level: 'silent' }) })!;
    expect(schedule.tick(t.clock.now)).toBe('done');
    const [file] = readdirSync(dir);
    expect(familiesIn(join(dir, file!))).toBe(1);
  });

  it('refuses, leaving no file, when asked from inside a use case (its savepoint is not committed half-way)', () => {
    t = createTestDb();
    t.deps.commits = createGroupCommit(t.conn.sqlite);
    const target = join(t.dir, 'inside.db');
    const thrown = writeTx(t.deps, () => {
      try {
        backupDatabase(t!.conn.sqlite, target);
        return undefined;
      } catch (err) {
        return err;
      }
    });
    expect(thrown).toBeInstanceOf(BackupError);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(t.dir).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('refuses inside a transaction opened by hand, with a clear message', () => {
    t = createTestDb();
    const commits = createGroupCommit(t.conn.sqlite);
    commits.close();
    t.conn.sqlite.exec('BEGIN IMMEDIATE');
    try {
      expect(() => backupDatabase(t!.conn.sqlite, join(t!.dir, 'x.db'))).toThrow(/inside a write transaction/);
    } finally {
      t.conn.sqlite.exec('ROLLBACK');
    }
  });
});
