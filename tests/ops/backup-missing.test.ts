// A backup reads the database DATABASE_PATH names; when there is none (a
// relative path run from another folder, a typo) it says so as a
// configuration error and creates nothing: it used to create an empty
// database, migrate it, and report an empty "backup written".
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { DatabaseMissingError, openCheckedDatabase } from '../../src/db/preflight.js';
import { checkHealth } from '../../src/runtime/healthcheck.js';
import { loadConfig } from '../../src/config.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { TEST_SECRETS } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const TSX = resolve(createRequire(import.meta.url).resolve('tsx'), '..', 'loader.mjs');
const MAIN = resolve('src/main.ts');

const cleanups = cleanupsAfterEach();
let t: TestDb | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const tempDir = (): string => cleanups.tempDir('fb-backup-missing-');

/** The CLI run from `cwd` (not the project), as a person would from the wrong folder. */
function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NODE_ENV: 'test', LOG_LEVEL: 'info', ...TEST_SECRETS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, out })));
}

describe('backup of a database that is not there', () => {
  it('from the wrong folder with the default relative path: a configuration error naming DATABASE_PATH and the file, and nothing created', async () => {
    const cwd = tempDir();
    const r = await cli(['backup', 'copy.db'], cwd, { DATABASE_PATH: './data/finance.db' });
    expect(r.code).toBe(78);
    expect(r.out).toContain('DATABASE_PATH=./data/finance.db');
    expect(r.out).toContain(join(cwd, 'data', 'finance.db'));
    expect(r.out).not.toContain('backup written');
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);

  it('through APP_ROLE, with an absolute path and the default target: the same refusal', async () => {
    const cwd = tempDir();
    const db = join(cwd, 'nowhere', 'finance.db');
    const r = await cli([], cwd, { APP_ROLE: 'backup', DATABASE_PATH: db });
    expect(r.code).toBe(78);
    expect(r.out).toContain(`DATABASE_PATH=${db}`);
    expect(existsSync(join(cwd, 'nowhere'))).toBe(false);
  }, 60_000);

  it('backs up an existing database from its folder, with the relative path', async () => {
    t = createTestDb();
    makeFamily(t.deps);
    mkdirSync(join(t.dir, 'data'));
    t.conn.close();
    renameSync(t.path, join(t.dir, 'data', 'finance.db'));
    const r = await cli(['backup', 'copy.db'], t.dir, { DATABASE_PATH: './data/finance.db' });
    expect(r.out).toContain('backup written');
    expect(r.code).toBe(0);
    expect(checkDatabaseFile(join(t.dir, 'copy.db'))).toEqual([]);
    const copy = openDatabase(join(t.dir, 'copy.db'));
    try {
      expect((copy.sqlite.prepare('select count(*) as n from families').get() as { n: number }).n).toBe(1);
    } finally {
      copy.close();
    }
  }, 60_000);
});

describe('backup TARGET through the command line', () => {
  /** A family's database at data/finance.db under a fresh folder, as the CLI finds it. */
  function existingDatabase(): string {
    t = createTestDb();
    makeFamily(t.deps);
    mkdirSync(join(t.dir, 'data'));
    t.conn.close();
    renameSync(t.path, join(t.dir, 'data', 'finance.db'));
    return t.dir;
  }

  it('given an existing folder, writes the backup into it under the scheduled backup\'s name', async () => {
    const cwd = existingDatabase();
    mkdirSync(join(cwd, 'backups'));
    const r = await cli(['backup', 'backups'], cwd, { DATABASE_PATH: './data/finance.db' });
    expect(r.out).not.toContain('EISDIR');
    expect(r.code).toBe(0);
    const names = readdirSync(join(cwd, 'backups'));
    expect(names).toEqual([expect.stringMatching(/^finance-\d{4}-\d{2}-\d{2}\.db$/)]);
    expect(checkDatabaseFile(join(cwd, 'backups', names[0] ?? ''))).toEqual([]);
  }, 60_000);

  it('given a file in a folder that does not exist, names the folder and writes nothing', async () => {
    const cwd = existingDatabase();
    const r = await cli(['backup', 'missing/copy.db'], cwd, { DATABASE_PATH: './data/finance.db' });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`the folder ${join(cwd, 'missing')} does not exist`);
    expect(existsSync(join(cwd, 'missing'))).toBe(false);
  }, 60_000);
});

describe('opening an existing database only (openCheckedDatabase existing)', () => {
  it('refuses a missing file, a path under a file, an empty file and :memory:, creating nothing', () => {
    const dir = tempDir();
    const missing = join(dir, 'data', 'finance.db');
    expect(() => openCheckedDatabase(missing, { existing: true })).toThrow(DatabaseMissingError);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => openCheckedDatabase(join(dir, 'file', 'finance.db'), { existing: true })).toThrow(DatabaseMissingError);
    writeFileSync(join(dir, 'empty.db'), '');
    expect(() => openCheckedDatabase(join(dir, 'empty.db'), { existing: true })).toThrow(/never set up/);
    expect(() => openCheckedDatabase(':memory:', { existing: true })).toThrow(DatabaseMissingError);
  });

  it('opens a finance-bot database without writing to it (no write probe)', () => {
    t = createTestDb();
    const conn = openCheckedDatabase(t.path, { existing: true });
    try {
      expect(conn.sqlite.prepare("select count(*) as n from heartbeats where role = 'probe'").get()).toEqual({ n: 0 });
    } finally {
      conn.close();
    }
  });

  it('the healthcheck names a missing database without creating it', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'finance.db');
    const report = await checkHealth(loadConfig({ env: { DATABASE_PATH: db, ...TEST_SECRETS }, dotenvPath: false, createSecrets: false }), 'worker');
    expect(report).toEqual({ healthy: false, message: `no database at ${db} (DATABASE_PATH=${db})` });
    expect(existsSync(db)).toBe(false);
  });
});
