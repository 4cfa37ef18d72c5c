// Roles started together (api, bot and worker on one new database) each apply
// the migrations at start. They must all start, and the schema be applied
// once: drizzle's migrator read the applied migrations before taking the
// write lock, so two processes applied the same SQL and the later one died
// with "table … already exists".
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { findMigrationsFolder, runMigrations } from '../../src/db/migrate.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PREFLIGHT = pathToFileURL(resolve('src/db/preflight.ts')).href;
// Each child loads the app's modules, says it is ready, and opens the database (as a role's start does) at the
// moment it is given: the children start within a millisecond of each other, as containers started together may.
const STARTER = `
import { openCheckedDatabase } from ${JSON.stringify(PREFLIGHT)};
process.stdout.write('ready\\n');
process.stdin.once('data', (d) => {
  const at = Number(String(d).trim());
  while (Date.now() < at);
  try {
    openCheckedDatabase(process.argv.at(-1)).close();
    process.stdout.write('ok\\n');
  } catch (err) {
    process.stdout.write('failed: ' + (err && err.message) + '\\n');
    process.exitCode = 1;
  }
  process.stdin.destroy();
});
`;

type Starter = { child: ChildProcess; ready: Promise<void>; done: Promise<{ code: number | null; out: string }> };

function starter(db: string): Starter {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', STARTER, '--', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) markReady();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const done = new Promise<{ code: number | null; out: string }>((r) =>
    child.on('exit', (code) => {
      markReady();
      r({ code, out });
    }),
  );
  return { child, ready, done };
}

function journalEntries(): number {
  return (JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
}

describe('migrations started together', () => {
  it('several processes migrating one new database all start, and each migration is applied once', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'fb-migrate-race-'));
      dirs.push(dir);
      const db = join(dir, 'data', 'finance.db');
      // No file at all, or an empty database (created, e.g. by a volume's first start): both are new.
      if (round > 0) openDatabase(db).close();
      const starters = Array.from({ length: 6 }, () => starter(db));
      await Promise.all(starters.map((s) => s.ready));
      // All go at once.
      const at = Date.now() + 300;
      for (const s of starters) s.child.stdin!.write(`${at}\n`);
      const results = await Promise.all(starters.map((s) => s.done));
      expect(results.map((r) => r.out.trim().split('\n').pop())).toEqual(Array(6).fill('ok'));
      expect(results.map((r) => r.code)).toEqual(Array(6).fill(0));
      const conn = openDatabase(db);
      try {
        const rows = conn.sqlite.prepare('select created_at from __drizzle_migrations').all() as Array<{ created_at: number }>;
        expect(rows).toHaveLength(journalEntries());
        expect(new Set(rows.map((r) => r.created_at)).size).toBe(rows.length);
        expect(conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        conn.close();
      }
    }
  }, 120_000);

  it('a second run finds nothing to do; a database migrated by the drizzle migrator gets only the newer migrations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-migrate-again-'));
    dirs.push(dir);
    // The previous release's migrations (all but the newest), applied by drizzle's migrator.
    const older = join(dir, 'older');
    cpSync(findMigrationsFolder(), older, { recursive: true });
    const journalPath = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    journal.entries.pop();
    writeFileSync(journalPath, JSON.stringify(journal));
    const conn = openDatabase(join(dir, 'app.db'));
    try {
      migrate(conn.db, { migrationsFolder: older });
      expect(runMigrations(conn.db)).toBe(1);
      expect(runMigrations(conn.db)).toBe(0);
      expect((conn.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(journalEntries());
      expect(conn.sqlite.inTransaction).toBe(false);
    } finally {
      conn.close();
    }
  });
});

describe('switching a new database to WAL', () => {
  it('waits for the file while another process holds it longer than busy_timeout, instead of failing', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-wal-switch-'));
    dirs.push(dir);
    const db = join(dir, 'new.db');
    // A process keeps a lock on the new file (still in the rollback journal) for 6 s, past the 5 s busy_timeout,
    // as a role applying the migrations under load keeps the file while another starts.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(resolve('node_modules/better-sqlite3'))}); const d = new D(${JSON.stringify(db)});
         d.exec('CREATE TABLE t (x)'); d.exec('BEGIN'); d.prepare('SELECT count(*) FROM t').get();
         process.stdout.write('holding\\n'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 6000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((r) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && r()));
    const started = Date.now();
    const conn = openDatabase(db);
    expect(conn.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    conn.close();
    await new Promise((r) => holder.on('exit', r));
  });
});
