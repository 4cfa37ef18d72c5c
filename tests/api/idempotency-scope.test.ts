// An Idempotency-Key is the client's own: it dedupes that person's retries and
// nothing else. The ledger also keys the entries the app makes itself (the
// recurring job's recurring:<rule>:<date>, the bot's tg:msg:<chat>:<message>,
// an import's rows), and family members share the ledger: a key sent over the
// API must never meet one of those, nor another person's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createRecurringRule, runDueRecurring } from '../../src/domain/index.js';
import { recurringRules, transactions } from '../../src/db/schema.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 1_000_000);
});
afterAll(async () => {
  await api.close();
});

const expense = (token: string, amount: string, key: string) =>
  api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount }, headers: { 'Idempotency-Key': key } });

describe('an Idempotency-Key sent over the API', () => {
  it('cannot take the key of an entry the app will make itself: the recurring rent is still paid on its day', async () => {
    const rent = createRecurringRule(api.db.deps, f.owner, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 50_000, description: 'Rent', frequency: 'monthly', startDate: '2026-12-01',
    });
    // A member (careless or not) sends the job's own key for the coming date.
    const member = await api.tokenFor(f.members.member);
    const early = await expense(member, '1.00', `recurring:${rent.id}:2026-12-01`);
    expect(early.status).toBe(201);
    const before = balanceOf(api.db.deps, f.cashId);

    api.db.clock.set(Date.UTC(2026, 11, 1, 12, 0));
    const run = runDueRecurring(api.db.deps);

    expect(run.stopped).toEqual([]);
    expect(run.created.map((c) => c.ruleId)).toEqual([rent.id]);
    const rule = api.db.deps.db.select().from(recurringRules).where(eq(recurringRules.id, rent.id)).get()!;
    expect(rule.active).toBe(true);
    expect(rule.nextDate).toBe('2027-01-01');
    const paid = api.db.deps.db.select().from(transactions).where(eq(transactions.id, run.created[0]!.transactionId)).get()!;
    expect(paid).toMatchObject({ amountMinor: 50_000, description: 'Rent', source: 'recurring' });
    expect(balanceOf(api.db.deps, f.cashId)).toBe(before - 50_000);
  });

  it('belongs to its sender: two people of one family may use the same key, each gets their own entry', async () => {
    const admin = await api.tokenFor(f.members.admin);
    const owner = await api.tokenFor(f.owner);
    const before = balanceOf(api.db.deps, f.cashId);
    const a = await expense(owner, '2.00', 'expense-1');
    const b = await expense(admin, '3.00', 'expense-1');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body['id']).not.toBe(a.body['id']);
    // Each person's retry still answers with their own first entry, and records nothing more.
    const again = await expense(admin, '3.00', 'expense-1');
    expect(again.body['id']).toBe(b.body['id']);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(before - 500);
  });

  it('another request under a key is the same 422 whether its stored reply is kept or gone (pruned)', async () => {
    const owner = await api.tokenFor(f.owner);
    expect((await expense(owner, '6.00', 'k-mismatch')).status).toBe(201);
    const before = balanceOf(api.db.deps, f.cashId);
    const kept = await expense(owner, '7.00', 'k-mismatch');
    // The retention job prunes stored replies; the ledger still knows the key and refuses the other amount.
    api.db.conn.sqlite.prepare('delete from idempotent_responses').run();
    const gone = await expense(owner, '7.00', 'k-mismatch');
    const expected = { error: { code: 'idempotency_mismatch', message: 'This Idempotency-Key was already used with a different request', field: 'Idempotency-Key' } };
    expect([kept.status, kept.body]).toEqual([422, expected]);
    expect([gone.status, gone.body]).toEqual([422, expected]);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(before);
  });

  it('still dedupes in the ledger when the stored reply is gone', async () => {
    const owner = await api.tokenFor(f.owner);
    const first = await expense(owner, '4.00', 'k-ledger');
    api.db.conn.sqlite.prepare('delete from idempotent_responses').run();
    const before = balanceOf(api.db.deps, f.cashId);
    const again = await expense(owner, '4.00', 'k-ledger');
    expect(again.status).toBe(201);
    expect(again.body['id']).toBe(first.body['id']);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(before);
  });
});
