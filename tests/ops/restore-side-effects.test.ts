// A command that fails leaves nothing behind, and a DATABASE_PATH no file can be
// kept at is a configuration error at once. restore wrote the development
// secrets (and made their folder) before it looked at the file to restore; a
// database under /proc made the start loop forever in Node's recursive mkdir.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { makeFolder } from '../../src/runtime/make-folder.js';
import { runApp } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const NO_SECRETS = { JWT_SECRET_KEY: '', HMAC_SECRET_KEY: '' };

const cleanups = cleanupsAfterEach();
const tempDir = (): string => cleanups.tempDir('fb-restore-side-');

describe('restore creates nothing when it fails', () => {
  it('a missing file, a file that is no database and a SQLite file that is not finance-bot leave no folder and no secret', async () => {
    const dir = tempDir();
    const db = join(dir, 'new', 'data', 'finance.db');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a backup');
    const foreign = join(dir, 'other.db');
    const other = new Database(foreign);
    other.exec('create table t (x)');
    other.close();

    for (const [file, said] of [
      [join(dir, 'missing.db'), /missing\.db: no such file/],
      [text, /neither a SQLite database nor an encrypted finance-bot backup/],
      [foreign, /not a finance-bot one/],
    ] as const) {
      const app = runApp(['restore', file], { ...NO_SECRETS, DATABASE_PATH: db });
      expect(await app.exit()).toBe(2);
      expect(app.output()).toMatch(said);
      expect(app.output()).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'new')), file).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'other.db']);
  }, 60_000);

  it('a good backup restored into a new folder makes the folder and the development secrets, and says so', async () => {
    const dir = tempDir();
    const backup = join(dir, 'finance-backup.db');
    const source = openDatabase(join(dir, 'source.db'));
    runMigrations(source.db);
    backupDatabase(source.sqlite, backup);
    source.close();
    const db = join(dir, 'new', 'data', 'finance.db');
    const app = runApp(['restore', backup], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await app.exit(), app.output()).toBe(0);
    expect(app.output()).toContain(`Restored ${backup} into ${db}`);
    expect(app.output()).toMatch(/JWT_SECRET_KEY: generated, kept in/);
    expect(readdirSync(join(dir, 'new', 'data')).sort()).toEqual(['.hmac-secret-key', '.jwt-secret-key', 'finance.db']);
  }, 60_000);
});

describe('a DATABASE_PATH on a kernel file system', () => {
  it('makeFolder fails at once under /proc (Node recursive mkdir loops there)', () => {
    const started = Date.now();
    expect(() => makeFolder('/proc/finance-bot-nope/data')).toThrow(/ENOENT/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  for (const [what, env] of [
    ['a missing folder under /proc, without secrets', { ...NO_SECRETS, DATABASE_PATH: '/proc/finance-bot-nope/f.db' }],
    ['a missing folder under /proc, with secrets', { DATABASE_PATH: '/proc/finance-bot-nope/f.db' }],
    ['a missing file in /proc', { DATABASE_PATH: '/proc/finance-bot-nope.db' }],
  ] as const) {
    it(`${what}: one configuration line naming DATABASE_PATH, exit 78, at once`, async () => {
      for (const args of [['migrate'], ['restore', '/etc/hostname']]) {
        const app = runApp(args, env);
        expect(await app.exit(20_000), args.join(' ')).toBe(78);
        const out = app.output();
        expect(out).toMatch(/DATABASE_PATH: cannot keep the database at \/proc\/finance-bot-nope.*proc file system/);
        expect(out).not.toMatch(/\n\s+at /);
        expect(out).not.toMatch(/failed to start/);
      }
    }, 60_000);
  }

  it('BACKUP_DIR under /proc is refused the same way (the scheduled backup would loop in mkdir)', async () => {
    const dir = tempDir();
    const app = runApp(['migrate'], { DATABASE_PATH: join(dir, 'finance.db'), BACKUP_DIR: '/proc/finance-bot-nope/backups' });
    expect(await app.exit(20_000)).toBe(78);
    expect(app.output()).toMatch(/BACKUP_DIR: cannot keep backups in \/proc\/finance-bot-nope\/backups/);
  }, 60_000);
});
