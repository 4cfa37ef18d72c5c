// The bot's per-message records in bot_sessions are pruned by kind: each for
// as long as it is of use, a request's cards while it waits, sessions and
// conversations never; a step looks at a bounded chunk of the table.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { botSessions, transactions } from '../../src/db/schema.js';
import { BOT_RECORD_RETENTION, BOT_RECORDS_CHUNK, BOT_RECORDS_SQL, pruneBotRecordsStep, pruneOperationalData } from '../../src/domain/index.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

const day = 24 * 3600 * 1000;
const keys = () => t!.deps.db.select({ key: botSessions.key }).from(botSessions).all().map((r) => r.key).sort();
const put = (key: string, updatedAt: number) => t!.deps.db.insert(botSessions).values({ key, value: '{}', updatedAt }).run();

/** A request of the family in `status`, decided at `decidedAt` (null: not yet, or a status without a decision time). */
function request(f: FamilyFixture, status: 'pending_approval' | 'executed' | 'rejected' | 'withdrawn', decidedAt: number | null, updatedAt = decidedAt ?? t!.clock()): number {
  const row = t!.deps.db
    .insert(transactions)
    .values({ familyId: f.familyId, kind: 'expense', fromWalletId: f.cashId, amountMinor: 500, currency: 'USD', status, createdBy: f.members.member, decidedAt, createdAt: 0, updatedAt })
    .returning({ id: transactions.id })
    .get();
  return row.id;
}

describe('pruning the bot records in bot_sessions', () => {
  it('drops each kind of per-message record once it is older than its kind keeps it, and never a session or a conversation', () => {
    t = createTestDb();
    const now = t.clock();
    const r = BOT_RECORD_RETENTION;
    // Just past and just inside each kind's window.
    put('card:100:1', now - r.card - 1);
    put('card:100:2', now - r.card + day);
    put('shortfall:100:3', now - r.shortfall - 1);
    put('shortfall:100:4', now - r.shortfall + 1000);
    put('newentry:100:5', now - r.newentry - 1);
    put('newentry:100:6', now - r.newentry + 1000);
    put('askedof:-200:7', now - r.askedof - 1);
    put('askedof:-200:8', now - r.askedof + 1000);
    // A year-old session and conversation state: one per chat, not per message.
    put('s:100', now - 365 * day);
    put('c:100', now - 365 * day);
    put('s:-200:100', now - 365 * day);
    expect(pruneOperationalData(t.deps).botRecords).toBe(4);
    expect(keys()).toEqual(['askedof:-200:8', 'c:100', 'card:100:2', 'newentry:100:6', 's:-200:100', 's:100', 'shortfall:100:4']);
  });

  it("keeps a waiting request's cards and digests however old, and drops them a grace after its decision or once it is gone", () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    const now = t.clock();
    const grace = BOT_RECORD_RETENTION.cardof;
    const long = now - 60 * day;
    const waiting = request(f, 'pending_approval', null, long);
    const decidedLongAgo = request(f, 'rejected', now - grace - day);
    const decidedToday = request(f, 'executed', now - 3600_000);
    // Withdrawn before decided_at was written: the row's own time stands for it.
    const withdrawnLongAgo = request(f, 'withdrawn', null, now - grace - day);
    const gone = 999_999;
    for (const id of [waiting, decidedLongAgo, decidedToday, withdrawnLongAgo, gone]) {
      put(`cardof:${id}:100:${id}`, long);
      put(`digestof:${id}:-200:${id}`, long);
    }
    // A young record of a decided request stays its grace too (the decision's edit may still be queued).
    put(`cardof:${decidedLongAgo}:101:1`, now - day);

    expect(pruneOperationalData(t.deps).botRecords).toBe(6);
    expect(keys()).toEqual(
      [`cardof:${waiting}:100:${waiting}`, `digestof:${waiting}:-200:${waiting}`, `cardof:${decidedToday}:100:${decidedToday}`, `digestof:${decidedToday}:-200:${decidedToday}`, `cardof:${decidedLongAgo}:101:1`].sort(),
    );
  });

  it('reads the request id whole, not a prefix of it', () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    const now = t.clock();
    const long = now - 60 * day;
    const first = request(f, 'rejected', long);
    // Ids `first` and `first`0…: a decided one and a waiting one whose key shares its digits.
    t.deps.db.run(`UPDATE sqlite_sequence SET seq = ${first * 10 - 1} WHERE name = 'transactions'`);
    const waiting = request(f, 'pending_approval', null, long);
    expect(String(waiting).startsWith(String(first))).toBe(true);
    put(`cardof:${first}:100:1`, long);
    put(`cardof:${waiting}:100:2`, long);
    expect(pruneOperationalData(t.deps).botRecords).toBe(1);
    expect(keys()).toEqual([`cardof:${waiting}:100:2`]);
  });

  it('a step looks at a bounded chunk of keys after where the last one stopped, and says where the walk goes on', () => {
    t = createTestDb();
    const old = t.clock() - BOT_RECORD_RETENTION.card - day;
    // card:100:10 … card:100:34 in key order; every third one young.
    const all = Array.from({ length: 25 }, (_, i) => `card:100:${10 + i}`);
    const young = all.filter((_, i) => i % 3 === 2);
    for (const k of all) put(k, young.includes(k) ? t.clock() : old);
    const now = t.clock();
    expect(pruneBotRecordsStep(t.deps.db, now, null, 10)).toEqual({ deleted: 7, next: all[9] });
    // Nothing past the chunk was touched.
    expect(keys().filter((k) => k > all[9]!)).toEqual(all.slice(10));
    expect(pruneBotRecordsStep(t.deps.db, now, all[9]!, 10)).toEqual({ deleted: 7, next: all[19] });
    expect(pruneBotRecordsStep(t.deps.db, now, all[19]!, 10)).toEqual({ deleted: 3, next: null });
    expect(keys()).toEqual(young);
  });

  it("a step's delete reads only its chunk's keys, the last chunk too (not every kind's whole range)", () => {
    t = createTestDb();
    const cutoffs = { card: 1, shortfall: 1, newentry: 1, askedof: 1, decided: 1 };
    const plan = (sql: string, params: object) =>
      t!.conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((r) => (r as { detail: string }).detail);
    expect(plan(BOT_RECORDS_SQL.removeTo, { ...cutoffs, from: 'a', to: 'b' })[0]).toBe('SEARCH bot_sessions USING PRIMARY KEY (key>? AND key<?)');
    // Measured at a million rows: 1.2 ms a step; the last one read every kind's range, 174 ms, when it planned an OR of them.
    expect(plan(BOT_RECORDS_SQL.removeRest, { ...cutoffs, from: 'a' })[0]).toBe('SEARCH bot_sessions USING PRIMARY KEY (key>?)');
  });

  it('the retention job walks the whole table, past many chunks', () => {
    t = createTestDb();
    const now = t.clock();
    const n = 2 * BOT_RECORDS_CHUNK + 300;
    const rows = Array.from({ length: n }, (_, i) => ({ key: `card:100:${i}`, value: '{}', updatedAt: i % 2 ? now : now - 100 * day }));
    for (let i = 0; i < rows.length; i += 500) t.deps.db.insert(botSessions).values(rows.slice(i, i + 500)).run();
    expect(pruneOperationalData(t.deps).botRecords).toBe(n / 2);
    expect(keys()).toHaveLength(n / 2);
  });

  it('every kind of record the code writes has a rule', () => {
    // messageStore(deps, '<kind>') in the bot, and the keys written straight into bot_sessions elsewhere.
    const src = join(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.ts'));
    const kinds = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/messageStore<[^>]*>\([^,]+,\s*'([a-z]+)'\)/g)) kinds.add(m[1]!);
      if (text.includes('botSessions')) for (const m of text.matchAll(/key: `([a-z]+):/g)) kinds.add(m[1]!);
      for (const m of text.matchAll(/prefix: '([a-z]+):'/g)) kinds.add(m[1]!);
    }
    expect([...kinds].sort()).toEqual(Object.keys(BOT_RECORD_RETENTION).sort());
  });
});
