// A fresh SQLite file per test (WAL and all), migrated, with a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import type { CoreDeps } from '../../src/domain/deps.js';

export type TestClock = { now: number; (): number; advance(ms: number): void; set(ms: number): void };

export function testClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  clock.advance = (ms) => {
    clock.now += ms;
  };
  clock.set = (ms) => {
    clock.now = ms;
  };
  return clock;
}

export type TestDb = { deps: CoreDeps; conn: Connection; path: string; dir: string; clock: TestClock; open(): Connection; cleanup(): void };

/** Cheap scrypt for tests; production uses OWASP's N=2^17. */
export const TEST_PASSWORD_PARAMS = { N: 2 ** 10, r: 8, p: 1 };

/** `migrationsFolder`: migrate with that folder instead (a copy that stops early, for an upgrade's test). */
export function createTestDb(opts: { migrationsFolder?: string } = {}): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'finance-bot-test-'));
  const path = join(dir, 'test.db');
  const conn = openDatabase(path, { synchronous: 'NORMAL' });
  runMigrations(conn.db, opts.migrationsFolder);
  const clock = testClock();
  const extra: Connection[] = [];
  return {
    deps: { db: conn.db, clock, passwordParams: TEST_PASSWORD_PARAMS },
    conn,
    path,
    dir,
    clock,
    open() {
      const c = openDatabase(path, { synchronous: 'NORMAL' });
      extra.push(c);
      return c;
    },
    cleanup() {
      for (const c of extra) c.close();
      conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of a table in its key's order: rowid, or the primary key of a WITHOUT ROWID table (bot_sessions). */
export function allRows(sqlite: Connection['sqlite'], table: string): Array<Record<string, unknown>> {
  const key = (sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(table) as Array<{ name: string }>).map((c) => `"${c.name}"`);
  const withoutRowid = /WITHOUT\s+ROWID\s*$/i.test((sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table) as { sql: string }).sql);
  return sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${withoutRowid ? key.join(', ') : 'rowid'}`).all() as Array<Record<string, unknown>>;
}
