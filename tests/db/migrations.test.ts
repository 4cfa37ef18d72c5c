// Upgrading a database of an earlier version keeps its rows: the migration is
// applied on top of a file made by the migrations before it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { findMigrationsFolder, newestKnownMigration, NewerSchemaError, runMigrations } from '../../src/db/migrate.js';
import { DatabaseStartError, openCheckedDatabase } from '../../src/db/preflight.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the migrations folder that stops before the migration tagged `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'finance-bot-migrations-'));
  dirs.push(dir);
  cpSync(findMigrationsFolder(), dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('0015: fewer pages per write', () => {
  it('keeps the bot key/value rows and the handled update ids, and drops the two indexes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'finance-bot-db-'));
    dirs.push(dir);
    const conn = openDatabase(join(dir, 'app.db'));
    try {
      runMigrations(conn.db, migrationsBefore('0015_fewer_pages_per_write'));
      const sqlite = conn.sqlite;
      const insertKv = sqlite.prepare('INSERT INTO bot_sessions (key, value, updated_at) VALUES (?, ?, ?)');
      insertKv.run('s:1', '{"a":1}', 10);
      insertKv.run('card:1:5', '{"transactionId":7,"cardMessageId":6}', 11);
      sqlite.prepare('INSERT INTO processed_updates (update_id, processed_at) VALUES (?, ?)').run(42, 1234);
      const indexes = () => (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes()).toEqual(expect.arrayContaining(['event_log_actor_idx', 'processed_updates_at_idx']));

      runMigrations(conn.db);

      expect(sqlite.prepare('SELECT key, value, updated_at FROM bot_sessions ORDER BY key').all()).toEqual([
        { key: 'card:1:5', value: '{"transactionId":7,"cardMessageId":6}', updated_at: 11 },
        { key: 's:1', value: '{"a":1}', updated_at: 10 },
      ]);
      expect(sqlite.prepare('SELECT update_id, processed_at FROM processed_updates').all()).toEqual([{ update_id: 42, processed_at: 1234 }]);
      expect((sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'bot_sessions'").get() as { sql: string }).sql).toMatch(/WITHOUT ROWID\s*$/);
      expect(indexes()).not.toContain('event_log_actor_idx');
      expect(indexes()).not.toContain('processed_updates_at_idx');
      // The key is still unique.
      expect(() => insertKv.run('s:1', '{}', 12)).toThrow(/UNIQUE/);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      conn.close();
    }
  });
});

describe('0016: budget limits over time', () => {
  it("gives each budget its history from the audit log: the first limit from its creation, each change from its event", () => {
    const dir = mkdtempSync(join(tmpdir(), 'finance-bot-db-'));
    dirs.push(dir);
    const conn = openDatabase(join(dir, 'app.db'));
    try {
      runMigrations(conn.db, migrationsBefore('0016_budget_limits'));
      const sqlite = conn.sqlite;
      sqlite.prepare("INSERT INTO families (id, name, base_currency, created_at, updated_at) VALUES (1, 'F', 'USD', 0, 0)").run();
      const budget = sqlite.prepare("INSERT INTO budgets (id, family_id, amount_minor, currency, created_at) VALUES (?, 1, ?, 'USD', ?)");
      budget.run(1, 500_00, 1_000); // 300 from 1000, 400 from 2000, 500 from 3000
      budget.run(2, 80_00, 1_500); // never changed
      const event = sqlite.prepare("INSERT INTO event_log (family_id, action, entity_type, entity_id, payload, created_at) VALUES (1, ?, 'budget', ?, ?, ?)");
      event.run('budget.created', '1', '{"amountMinor":30000}', 1_000);
      event.run('budget.updated', '1', '{"from":30000,"to":40000}', 2_000);
      event.run('budget.updated', '1', '{"from":40000,"to":50000}', 3_000);
      event.run('budget.created', '2', '{"amountMinor":8000}', 1_500);

      runMigrations(conn.db);

      expect(sqlite.prepare('SELECT budget_id, amount_minor, effective_at FROM budget_limits ORDER BY budget_id, effective_at').all()).toEqual([
        { budget_id: 1, amount_minor: 300_00, effective_at: 1_000 },
        { budget_id: 1, amount_minor: 400_00, effective_at: 2_000 },
        { budget_id: 1, amount_minor: 500_00, effective_at: 3_000 },
        { budget_id: 2, amount_minor: 80_00, effective_at: 1_500 },
      ]);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      conn.close();
    }
  });
});

describe('a database upgraded by a newer version', () => {
  /** A migrated file on which a newer finance-bot has since applied one more migration. */
  function upgradedByNewer(): { path: string; future: number } {
    const dir = mkdtempSync(join(tmpdir(), 'finance-bot-db-'));
    dirs.push(dir);
    const path = join(dir, 'finance.db');
    const conn = openDatabase(path);
    runMigrations(conn.db);
    const future = newestKnownMigration() + 86_400_000;
    conn.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-a-newer-version', future);
    conn.close();
    return { path, future };
  }

  it('is refused at start with one sentence naming the file, and left as it was', () => {
    const { path } = upgradedByNewer();
    const before = readFileSync(path);
    let error: unknown;
    try {
      openCheckedDatabase(path).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/upgraded by a newer finance-bot/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('is refused by the migrations too (the migrate role), and one this version made is not', () => {
    const { path } = upgradedByNewer();
    const conn = openDatabase(path);
    try {
      expect(() => runMigrations(conn.db)).toThrow(NewerSchemaError);
      conn.sqlite.prepare('DELETE FROM __drizzle_migrations WHERE hash = ?').run('from-a-newer-version');
      expect(runMigrations(conn.db)).toBe(0);
    } finally {
      conn.close();
    }
  });
});
