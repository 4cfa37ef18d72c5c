// Upgrading a database of an earlier version keeps its rows: the migration is
// applied on top of a file made by the migrations before it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { findMigrationsFolder, newestKnownMigration, NewerSchemaError, runMigrations } from '../../src/db/migrate.js';
import { DatabaseStartError, openCheckedDatabase } from '../../src/db/preflight.js';
import { commitImport, createRecurringRule, createTransaction, listEvents, recordEvent, recordQuickEntry, reverseTransaction, runDueRecurring } from '../../src/domain/index.js';
import { startApi } from '../api/support.js';
import { balanceOf, fund, makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { ledgerViolations } from '../domain/support/inspect.js';
import { recordEveryMovement } from './support/every-movement.js';

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * Runs one migration's statements by hand on a database that has every other:
 * for a data-only migration whose fixture today's code writes (today's code
 * needs today's tables, which a later migration may have changed).
 */
function runOnly(sqlite: { exec(sql: string): unknown }, tag: string): void {
  const text = readFileSync(join(findMigrationsFolder(), `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) sqlite.exec(statement);
}

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

describe('0017: API idempotency keys recorded before they were kept per person', () => {
  it("move to client:<author>:<key>, so a retry after the upgrade finds its entry; the app's own keys stay as they are", async () => {
    // 0017 only rewrites keys: the fixture is made on today's tables and the migration's UPDATE run on it.
    const db = createTestDb();
    cleanups.push(() => db.cleanup());
    const { deps } = db;
    const f = makeFamily(deps);
    fund(deps, f, f.cashId, 1_000_000);
    // What POST /transactions recorded before 2e86026: the client's key as sent, source 'api'.
    const body = { family_id: f.familyId, from_wallet_id: f.cashId, amount: '4.00', description: 'Taxi' };
    const viaApi = (userId: number, key: string) =>
      createTransaction(deps, userId, { familyId: f.familyId, fromWalletId: f.cashId, amount: body.amount, description: body.description, idempotencyKey: key, source: 'api', origin: 'api:1' }).transaction;
    const old = viaApi(f.members.member, 'order-1');
    // A member who sent a key shaped like the recurring job's: it is still that member's key.
    const lookalike = viaApi(f.members.admin, 'recurring:999:2026-12-01');
    // The owner retried 'dup' after the upgrade, before this migration: a second entry under the new form already exists.
    const dupOld = viaApi(f.owner, 'dup');
    const dupNew = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amount: body.amount, description: body.description, clientKey: 'dup', source: 'api', origin: 'api:1' }).transaction;

    // Every key the app makes itself, each by its own writer.
    recordQuickEntry(deps, f.owner, { familyId: f.familyId, entry: { income: false, amountText: '3.50', note: 'coffee' }, idempotencyKey: 'tg:msg:100:7', origin: 'chat:100' });
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 200, idempotencyKey: 'tg:cb:abc', source: 'bot' });
    createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100, idempotencyKey: `tg:opening:${f.familyId}`, source: 'bot' });
    createRecurringRule(deps, f.owner, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 50_000, description: 'Rent', frequency: 'monthly', startDate: '2026-12-01' });
    db.clock.set(Date.UTC(2026, 11, 1, 12, 0));
    expect(runDueRecurring(deps).created).toHaveLength(1);
    commitImport(deps, f.owner, {
      familyId: f.familyId,
      csv: [
        'id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by',
        '1,2026-11-20T10:00:00+00:00,expense,executed,3.00,USD,Cash,,,,,Bread,Olga,,',
      ].join('\r\n'),
    });
    const sqlite = db.conn.sqlite;
    const keysOf = (where: string) => sqlite.prepare(`SELECT id, idempotency_key AS k, source FROM transactions WHERE ${where} ORDER BY id`).all();
    const own = keysOf("idempotency_key IS NOT NULL AND source <> 'api'");
    expect(own.map((r) => (r as { k: string }).k)).toEqual([
      'tg:msg:100:7', 'tg:cb:abc', `tg:opening:${f.familyId}`, expect.stringMatching(/^recurring:\d+:2026-12-01$/), expect.stringMatching(/^import:[0-9a-f]{40}:1$/),
    ]);
    // The stored replies are long pruned (30 days): only the ledger can answer a retry now.
    sqlite.prepare('DELETE FROM idempotent_responses').run();

    runOnly(sqlite, '0017_client_idempotency_keys');

    // The member's client retries over HTTP: it gets its entry back, nothing is recorded twice.
    const api = await startApi({ db });
    try {
      const entries = api.count('transactions');
      const balance = balanceOf(deps, f.cashId);
      const retry = await api.request('POST', '/api/v1/transactions', { token: await api.tokenFor(f.members.member), body, headers: { 'Idempotency-Key': 'order-1' } });
      expect(retry.status).toBe(201);
      expect(retry.body['id']).toBe(old.id);
      expect(api.count('transactions')).toBe(entries);
      expect(balanceOf(deps, f.cashId)).toBe(balance);
    } finally {
      await api.close();
    }
    const key = (id: number) => (sqlite.prepare('SELECT idempotency_key AS k FROM transactions WHERE id = ?').get(id) as { k: string }).k;
    expect(key(old.id)).toBe(`client:${f.members.member}:order-1`);
    expect(key(lookalike.id)).toBe(`client:${f.members.admin}:recurring:999:2026-12-01`);
    // The pair cannot both take the new form; the migration leaves the old one rather than fail the upgrade.
    expect([key(dupOld.id), key(dupNew.id)]).toEqual(['dup', `client:${f.owner}:dup`]);
    expect(keysOf("idempotency_key IS NOT NULL AND source <> 'api'")).toEqual(own);
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

  it('is refused at start with one sentence naming DATABASE_PATH, as a configuration error (exit 78), and left as it was', () => {
    const { path } = upgradedByNewer();
    const before = readFileSync(path);
    let error: unknown;
    try {
      openCheckedDatabase(path).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as Error).message).toContain(`DATABASE_PATH=${path}`);
    expect((error as Error).message).toMatch(/upgraded by a newer finance-bot/);
    // Starting again cannot help: systemd's RestartPreventExitStatus=78 stops the loop.
    expect((error as DatabaseStartError).exitCode).toBe(78);
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

describe('0019: request keys in one table', () => {
  it("moves an invite's request key (0018) into request_keys and drops the column", () => {
    const db = createTestDb({ migrationsFolder: migrationsBefore('0019_request_keys') });
    cleanups.push(() => db.cleanup());
    const sqlite = db.conn.sqlite;
    sqlite.prepare("INSERT INTO users (name, created_at, updated_at) VALUES ('Olga', 1, 1)").run();
    sqlite.prepare("INSERT INTO families (name, base_currency, created_by, created_at, updated_at) VALUES ('Home', 'USD', 1, 1, 1)").run();
    const invite = sqlite.prepare<[string, string | null, number]>("INSERT INTO invites (family_id, code_hash, role, created_by, expires_at, request_key, created_at) VALUES (1, ?, 'viewer', 1, 99, ?, ?)");
    invite.run('h1', 'tg:invite:5:7', 40);
    invite.run('h2', null, 41);

    // 0019 and any migration after it.
    expect(runMigrations(db.conn.db)).toBeGreaterThanOrEqual(1);

    expect(sqlite.prepare('SELECT kind, key, made_id, created_at FROM request_keys').all()).toEqual([{ kind: 'invite', key: 'tg:invite:5:7', made_id: 1, created_at: 40 }]);
    const columns = (sqlite.prepare('PRAGMA table_info(invites)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('request_key');
    expect(sqlite.prepare('SELECT count(*) AS n FROM invites').get()).toEqual({ n: 2 });
  });
});

describe('0021: postings become a view of the transactions', () => {
  type Fixture = Record<string, Array<Record<string, unknown>>>;
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'ledger-0020.json'), 'utf8')) as Fixture;
  const POSTINGS = 'SELECT transaction_id, wallet_id, amount_minor, created_at FROM postings ORDER BY transaction_id, wallet_id';

  /** A database at 0020 holding the books recordEveryMovement wrote with the code of 0020 (postings rows and all). */
  function booksAt0020(): TestDb {
    const db = createTestDb({ migrationsFolder: migrationsBefore('0021_postings_view') });
    cleanups.push(() => db.cleanup());
    const sqlite = db.conn.sqlite;
    sqlite.transaction(() => {
      for (const [table, rows] of Object.entries(fixture)) {
        for (const row of rows) {
          const columns = Object.keys(row);
          sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
        }
      }
    })();
    return db;
  }

  it('gives back exactly the rows the table held, for every kind of movement', () => {
    const db = booksAt0020();
    const sqlite = db.conn.sqlite;
    const before = sqlite.prepare(POSTINGS).all();
    expect(before).toHaveLength(fixture['postings']!.length);

    expect(runMigrations(db.conn.db)).toBeGreaterThanOrEqual(1);

    expect(sqlite.prepare("SELECT type FROM sqlite_master WHERE name = 'postings'").get()).toEqual({ type: 'view' });
    expect(sqlite.prepare(POSTINGS).all()).toEqual(before);
    // Every cached balance is still the sum of its postings.
    expect(sqlite.prepare('SELECT w.id, w.balance_minor, coalesce((SELECT sum(amount_minor) FROM postings p WHERE p.wallet_id = w.id), 0) AS posted FROM wallets w WHERE balance_minor != posted').all()).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it("today's ledger, on the same steps, derives the postings the code of 0020 wrote", () => {
    const db = createTestDb();
    cleanups.push(() => db.cleanup());
    recordEveryMovement(db);
    const written = fixture['postings']!.map(({ transaction_id, wallet_id, amount_minor, created_at }) => ({ transaction_id, wallet_id, amount_minor, created_at }));
    expect(db.conn.sqlite.prepare(POSTINGS).all()).toEqual(sortBy(written));
    expect(ledgerViolations(db.deps)).toEqual([]);
  });

  it.each([
    ['a posting the transaction does not say', 'UPDATE postings SET amount_minor = amount_minor - 1 WHERE rowid = 4'],
    ['a posting missing', 'DELETE FROM postings WHERE rowid = 6'],
    ['a posting twice', 'INSERT INTO postings (transaction_id, wallet_id, amount_minor, created_at) SELECT transaction_id, wallet_id, amount_minor, created_at FROM postings WHERE rowid = 1'],
    ['a posting at another moment', 'UPDATE postings SET created_at = created_at + 1 WHERE rowid = 2'],
  ])('refuses to upgrade, and keeps the table, when the stored postings differ from the view: %s', (_, change) => {
    const db = booksAt0020();
    const sqlite = db.conn.sqlite;
    sqlite.exec(change);
    const stored = sqlite.prepare('SELECT * FROM postings ORDER BY id').all();

    expect(() => runMigrations(db.conn.db)).toThrow(/CHECK constraint failed: postings_0021_every_posting_is_derived_from_its_transaction/);

    expect(sqlite.prepare("SELECT type FROM sqlite_master WHERE name = 'postings'").get()).toEqual({ type: 'table' });
    expect(sqlite.prepare('SELECT * FROM postings ORDER BY id').all()).toEqual(stored);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%0021%'").all()).toEqual([]);
  });
});

function sortBy<T extends { transaction_id: unknown; wallet_id: unknown }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Number(a.transaction_id) - Number(b.transaction_id) || Number(a.wallet_id) - Number(b.wallet_id));
}

describe('0022: the event log clustered by family', () => {
  it('copies every event with its id (no family: 0), drops the family index, and keeps the log, its pages and its family check', () => {
    const db = createTestDb({ migrationsFolder: migrationsBefore('0022_event_log_by_family') });
    cleanups.push(() => db.cleanup());
    const sqlite = db.conn.sqlite;
    sqlite.prepare("INSERT INTO users (name, created_at, updated_at) VALUES ('Olga', 1, 1)").run();
    const family = sqlite.prepare("INSERT INTO families (name, base_currency, created_by, created_at, updated_at) VALUES (?, 'USD', 1, 1, 1)");
    family.run('Home');
    family.run('Work');
    sqlite.prepare("INSERT INTO family_members (family_id, user_id, role, joined_at) VALUES (1, 1, 'owner', 1), (2, 1, 'owner', 1)").run();
    const event = sqlite.prepare<[number | null, string, number]>("INSERT INTO event_log (family_id, actor_user_id, action, entity_type, entity_id, payload, created_at) VALUES (?, 1, ?, 'x', '1', '{}', ?)");
    // Ids 1..7 interleaved between the two families and the events of no family.
    for (const [i, f] of ([1, 2, null, 1, 2, 1, null] as const).entries()) event.run(f, `e${i + 1}`, 100 + i);
    const before = sqlite.prepare('SELECT * FROM event_log ORDER BY id').all() as Array<Record<string, unknown>>;

    expect(runMigrations(db.conn.db)).toBeGreaterThanOrEqual(1);

    const after = sqlite.prepare('SELECT * FROM event_log ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(after.map(({ log_key: _, ...e }) => e)).toEqual(before.map((e) => ({ ...e, family_id: e['family_id'] ?? 0 })));
    // The rowid is the family's range and the id within it: family_id * 2^32 + id, in a rowid table.
    expect(after.map((e) => e['log_key'])).toEqual(after.map((e) => Number(e['family_id']) * 2 ** 32 + Number(e['id'])));
    expect((sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'event_log'").get() as { sql: string }).sql).toMatch(/`log_key` integer PRIMARY KEY NOT NULL[\s\S]*\)\s*$/);
    expect(() => sqlite.prepare("INSERT INTO event_log (log_key, family_id, id, action, entity_type, entity_id, created_at) VALUES (4294967296 + 50, 2, 50, 'x', 'x', '1', 1)").run()).toThrow(/CHECK/);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'event_log' AND type = 'index' AND name NOT LIKE 'sqlite_autoindex%'").all()).toEqual([]);
    const ids = (familyId: number, beforeId?: number) => listEvents(db.deps, 1, { familyId, ...(beforeId ? { beforeId } : {}) }).map((e) => [e.id, e.action]);
    expect(ids(1)).toEqual([[6, 'e6'], [4, 'e4'], [1, 'e1']]);
    expect(ids(1, 6)).toEqual([[4, 'e4'], [1, 'e1']]);
    expect(ids(2)).toEqual([[5, 'e5'], [2, 'e2']]);
    // New events continue each family's ids after the copied ones.
    recordEvent(db.conn.db, { familyId: 2, actorUserId: 1, action: 'e8', entityType: 'x', entityId: 1, at: 200 });
    recordEvent(db.conn.db, { familyId: null, actorUserId: null, action: 'e9', entityType: 'x', entityId: 1, at: 201 });
    expect(ids(2)).toEqual([[6, 'e8'], [5, 'e5'], [2, 'e2']]);
    expect(sqlite.prepare('SELECT id, action FROM event_log WHERE family_id = 0 ORDER BY id').all()).toEqual([{ id: 3, action: 'e3' }, { id: 7, action: 'e7' }, { id: 8, action: 'e9' }]);
    // What the foreign key did: an event names an existing family (or none), and goes with its family.
    expect(() => recordEvent(db.conn.db, { familyId: 99, actorUserId: 1, action: 'e', entityType: 'x', entityId: 1, at: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => sqlite.prepare('UPDATE event_log SET family_id = 99 WHERE family_id = 2').run()).toThrow(/FOREIGN KEY/);
    sqlite.prepare('DELETE FROM families WHERE id = 2').run();
    expect(sqlite.prepare('SELECT DISTINCT family_id FROM event_log ORDER BY family_id').all()).toEqual([{ family_id: 0 }, { family_id: 1 }]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('0024: expense_days in one b-tree', () => {
  it('copies every day total into the WITHOUT ROWID table, drops the day index, and its triggers keep it exact', () => {
    const db = createTestDb({ migrationsFolder: migrationsBefore('0024_expense_days_one_btree') });
    cleanups.push(() => db.cleanup());
    const { deps, clock } = db;
    const sqlite = db.conn.sqlite;
    const f = makeFamily(deps);
    fund(deps, f, f.cashId, 1_000_000);
    const expense = (amountMinor: number, categoryId: number | null) =>
      createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, ...(categoryId === null ? {} : { categoryId }), description: 'x' }).transaction;
    clock.set(Date.UTC(2026, 10, 3, 10));
    expense(300, f.expenseCategoryId);
    expense(200, null);
    const undone = expense(50, f.expenseCategoryId);
    clock.set(Date.UTC(2026, 10, 4, 10));
    expense(700, f.expenseCategoryId);
    reverseTransaction(deps, f.owner, { transactionId: undone.id, reason: 'typo' });
    const DAYS = 'SELECT family_id, currency, category_id, day, spent_minor FROM expense_days ORDER BY family_id, currency, category_id, day';
    const before = sqlite.prepare(DAYS).all();
    expect(before).toHaveLength(3);

    expect(runMigrations(db.conn.db)).toBe(1);

    expect(sqlite.prepare(DAYS).all()).toEqual(before);
    expect((sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'expense_days'").get() as { sql: string }).sql).toMatch(/PRIMARY KEY\(`family_id`, `currency`, `day`, `category_id`\)[\s\S]*WITHOUT ROWID\s*$/);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'expense_days' AND type = 'index'").all()).toEqual([]);
    // The index by status keeps every entry but the executed ones.
    const byStatus = (status: string) => sqlite.prepare(`SELECT status, id FROM transactions INDEXED BY transactions_family_status_idx WHERE family_id = ? AND status = '${status}'`).all(f.familyId);
    expect(byStatus('reversed')).toEqual([{ status: 'reversed', id: undone.id }]);
    expect(() => byStatus('executed')).toThrow(/no query solution/);
    // The triggers still move every change in and out: a new day, an existing one, a reversal.
    expense(25, f.expenseCategoryId);
    clock.set(Date.UTC(2026, 10, 5, 10));
    const late = expense(40, null);
    reverseTransaction(deps, f.owner, { transactionId: late.id, reason: 'typo' });
    const brute = `SELECT family_id, currency, coalesce(category_id, 0) AS category_id, executed_at / 86400000 AS day, sum(amount_minor) AS spent_minor FROM transactions
      WHERE kind = 'expense' AND status = 'executed' AND reversal_of IS NULL AND executed_at IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
    const kept = 'SELECT family_id, currency, category_id, day, spent_minor FROM expense_days WHERE spent_minor <> 0 ORDER BY 1, 2, 3, 4';
    expect(sqlite.prepare(kept).all()).toEqual(sqlite.prepare(brute).all());
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
