// The seed's transaction endpoints over HTTP: record, approve, reject, reverse,
// idempotent retries, and the read views of the ledger.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, transactions } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let owner: string;
let member: string;
let admin: string;
let viewer: string;

beforeEach(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_000); // 1000.00
  owner = await api.tokenFor(f.owner);
  member = await api.tokenFor(f.members.member);
  admin = await api.tokenFor(f.members.admin);
  viewer = await api.tokenFor(f.members.viewer);
});
afterEach(async () => {
  await api.close();
});

const post = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.request('POST', '/api/v1/transactions', { token, body, headers });

describe('POST /api/v1/transactions', () => {
  it('records an expense and answers with the seed\'s shape', async () => {
    const res = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: 50, category_id: f.expenseCategoryId, description: 'Groceries' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), status: 'executed', amount: '50.00', confirmation_required: false, created_at: new Date(api.db.clock()).toISOString() });
    expect(balanceOf(api.db.deps, f.cashId)).toBe(95_000);
  });

  it('records an income from a decimal string and a transfer between wallets', async () => {
    const income = await post(owner, { family_id: f.familyId, to_wallet_id: f.cashId, amount: '12.5', category_id: f.incomeCategoryId });
    expect(income.status).toBe(201);
    expect(income.body['amount']).toBe('12.50');
    const bank = addWallet(api.db.deps, f);
    const transfer = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, to_wallet_id: bank, amount: '100.00' });
    expect(transfer.status).toBe(201);
    expect(balanceOf(api.db.deps, bank)).toBe(10_000);
    const view = await api.request('GET', `/api/v1/transactions/${transfer.body['id'] as number}`, { token: owner });
    expect(view.body).toMatchObject({ kind: 'transfer', from_wallet_id: f.cashId, to_wallet_id: bank, amount: '100.00', currency: 'USD', status: 'executed' });
  });

  it('reads the amount in the wallet\'s currency (JPY has no decimals)', async () => {
    const yen = addWallet(api.db.deps, f, 'JPY');
    const ok = await post(owner, { family_id: f.familyId, to_wallet_id: yen, amount: 5000 });
    expect(ok.body['amount']).toBe('5000');
    const bad = await post(owner, { family_id: f.familyId, to_wallet_id: yen, amount: '10.5' });
    expect(bad.status).toBe(400);
    expect(bad.body['error']).toMatchObject({ field: 'amount', reason: 'too_many_decimals' });
  });

  it('a member\'s transaction above the threshold waits and approvers are notified', async () => {
    const res = await post(member, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '600.00' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending_approval', confirmation_required: true, amount: '600.00' });
    expect(balanceOf(api.db.deps, f.cashId)).toBe(100_000);
    const queued = api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.requested')).all();
    expect(queued.map((r) => JSON.parse(r.payload) as unknown)).toEqual([{ transactionId: res.body['id'], familyId: f.familyId }]);
    expect(api.outboxWakes).toBe(1);
  });

  it('insufficient funds are 422 and change nothing', async () => {
    const before = snapshot(api);
    const res = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '5000.00' });
    expect(res.status).toBe(422);
    expect(res.body['error']).toMatchObject({ code: 'insufficient_funds' });
    expect(snapshot(api)).toEqual(before);
  });

  it('a viewer may not record anything', async () => {
    const res = await post(viewer, { family_id: f.familyId, from_wallet_id: f.cashId, amount: 1 });
    expect(res.status).toBe(403);
    expect(res.body['error']).toMatchObject({ code: 'forbidden' });
  });

  it('needs a wallet', async () => {
    const res = await post(owner, { family_id: f.familyId, amount: 1 });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field: 'from_wallet_id' });
  });
});

describe('Idempotency-Key', () => {
  it('a replay returns the first response and records nothing new', async () => {
    const body = { family_id: f.familyId, from_wallet_id: f.cashId, amount: '10.00', description: 'Lunch' };
    const first = await post(owner, body, { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    api.db.clock.advance(5000);
    // Same body, keys in another order: the same request.
    const replay = await post(owner, { description: 'Lunch', amount: '10.00', from_wallet_id: f.cashId, family_id: f.familyId }, { 'Idempotency-Key': 'k-1' });
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(api.count('transactions where idempotency_key is not null')).toBe(1);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(99_000);
  });

  it('the same key with another body is 422 idempotency_mismatch', async () => {
    await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '10.00' }, { 'Idempotency-Key': 'k-2' });
    const before = snapshot(api);
    const res = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '11.00' }, { 'Idempotency-Key': 'k-2' });
    expect(res.status).toBe(422);
    expect(res.body['error']).toMatchObject({ code: 'idempotency_mismatch' });
    expect(snapshot(api)).toEqual(before);
  });

  it('the ledger dedupes by key too, when the stored reply is missing', async () => {
    const body = { family_id: f.familyId, from_wallet_id: f.cashId, amount: '10.00' };
    const first = await post(owner, body, { 'Idempotency-Key': 'k-3' });
    api.db.conn.sqlite.prepare('delete from idempotent_responses').run();
    const again = await post(owner, body, { 'Idempotency-Key': 'k-3' });
    expect(again.status).toBe(201);
    expect(again.body['id']).toBe(first.body['id']);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(99_000);
  });

  it('keys belong to their user: another person may use the same key', async () => {
    const a = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00' }, { 'Idempotency-Key': 'shared' });
    const other = makeFamily(api.db.deps);
    fund(api.db.deps, other, other.cashId, 1000);
    const b = await post(await api.tokenFor(other.owner), { family_id: other.familyId, from_wallet_id: other.cashId, amount: '1.00' }, { 'Idempotency-Key': 'shared' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body['id']).not.toBe(a.body['id']);
  });

  it('refuses a key that is too long', async () => {
    const res = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: 1 }, { 'Idempotency-Key': 'k'.repeat(256) });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation' });
    expect(api.count('transactions')).toBe(1);
  });
});

describe('approve, reject, reverse', () => {
  async function pending(): Promise<number> {
    const res = await post(member, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '600.00' });
    return res.body['id'] as number;
  }

  it('an approver confirms: the transaction executes', async () => {
    const id = await pending();
    const res = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'executed', executed_at: new Date(api.db.clock()).toISOString() });
    expect(balanceOf(api.db.deps, f.cashId)).toBe(40_000);
    const again = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: owner });
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'invalid_state' });
  });

  it('the requester cannot approve their own transaction', async () => {
    const id = await pending();
    const res = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: member });
    expect(res.status).toBe(403);
  });

  it('approving without the money is 422 and leaves it waiting', async () => {
    const id = await pending();
    await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '500.00' });
    const res = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin });
    expect(res.status).toBe(422);
    expect(res.body['error']).toMatchObject({ code: 'insufficient_funds' });
    expect(api.db.deps.db.select().from(transactions).where(eq(transactions.id, id)).get()?.status).toBe('pending_approval');
  });

  it('an approver rejects with a reason', async () => {
    const id = await pending();
    const res = await api.request('POST', `/api/v1/transactions/${id}/reject`, { token: owner, body: { reason: 'Too much' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'rejected', rejected_at: expect.any(String), reason: 'Too much' });
    const noReason = await api.request('POST', `/api/v1/transactions/${await pending()}/reject`, { token: owner });
    expect(noReason.status).toBe(200);
    expect(noReason.body['reason']).toBeNull();
  });

  it('DELETE reverses an executed transaction with a reason', async () => {
    const created = await post(owner, { family_id: f.familyId, from_wallet_id: f.cashId, amount: '25.00' });
    const id = created.body['id'] as number;
    const missing = await api.request('DELETE', `/api/v1/transactions/${id}`, { token: owner, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body['error']).toMatchObject({ field: 'reason' });
    const res = await api.request('DELETE', `/api/v1/transactions/${id}`, { token: owner, body: { reason: 'Typo' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ original_transaction_id: id, reversal_transaction_id: expect.any(Number), reversed_at: new Date(api.db.clock()).toISOString() });
    expect(balanceOf(api.db.deps, f.cashId)).toBe(100_000);
    const again = await api.request('DELETE', `/api/v1/transactions/${id}`, { token: owner, body: { reason: 'Typo' } });
    expect(again.status).toBe(409);
    const view = await api.request('GET', `/api/v1/transactions/${id}`, { token: owner });
    expect(view.body).toMatchObject({ status: 'reversed', reversed_by: res.body['reversal_transaction_id'], reason: 'Typo' });
  });
});

describe('reading', () => {
  it('GET /families lists the caller\'s families with their role', async () => {
    const res = await api.request('GET', '/api/v1/families', { token: member });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      families: [{ id: f.familyId, name: 'Test family', base_currency: 'USD', timezone: 'UTC', locale: 'en', role: 'member', created_at: expect.any(String) }],
    });
  });

  it('GET /wallets shows balances as decimal strings', async () => {
    const res = await api.request('GET', `/api/v1/wallets?family_id=${f.familyId}`, { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ wallets: [{ id: f.cashId, name: 'Cash', balance: '1000.00', type: 'cash', currency: 'USD', name_key: 'default-wallet-cash', credit_limit: null, allow_negative: false }] });
  });

  it('GET /wallets needs family_id, as a number', async () => {
    expect((await api.request('GET', '/api/v1/wallets', { token: owner })).body['error']).toMatchObject({ code: 'validation', field: 'family_id' });
    expect((await api.request('GET', '/api/v1/wallets?family_id=abc', { token: owner })).status).toBe(400);
  });

  it('GET /categories lists the family\'s categories', async () => {
    const res = await api.request<{ categories: Array<Record<string, unknown>> }>('GET', `/api/v1/categories?family_id=${f.familyId}`, { token: member });
    expect(res.status).toBe(200);
    expect(res.body.categories).toContainEqual({ id: f.expenseCategoryId, name: 'Groceries', kind: 'expense', emoji: '🛒', name_key: 'default-category-groceries' });
  });

  it('GET /transactions pages with next_cursor and filters', async () => {
    const bank = addWallet(api.db.deps, f);
    // A history over four days, recorded through the core (an access token would expire meanwhile).
    for (let i = 1; i <= 4; i++) {
      api.db.clock.advance(24 * 60 * 60 * 1000);
      createTransaction(api.db.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: i * 100 });
    }
    createTransaction(api.db.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 500 });
    createTransaction(api.db.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 70_000 });
    owner = await api.tokenFor(f.owner);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { transactions: Array<{ id: number }>; next_cursor: string | null } } = await api.request('GET', `/api/v1/transactions?family_id=${f.familyId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
      expect(page.status).toBe(200);
      seen.push(...page.body.transactions.map((t) => t.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7); // the funding income, four expenses, a transfer, a pending one
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const pendingOnly = await api.request<{ transactions: Array<{ status: string }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&status=pending_approval`, { token: owner });
    expect(pendingOnly.body.transactions.map((t) => t.status)).toEqual(['pending_approval']);
    const ofBank = await api.request<{ transactions: Array<{ kind: string }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&wallet_id=${bank}`, { token: owner });
    expect(ofBank.body.transactions.map((t) => t.kind)).toEqual(['transfer']);
    const day2 = new Date(Date.UTC(2026, 10, 27)).toISOString().slice(0, 10);
    const onDay2 = await api.request<{ transactions: Array<{ amount: string }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&from=${day2}&to=${day2}`, { token: owner });
    expect(onDay2.body.transactions.map((t) => t.amount)).toEqual(['2.00']);
    const badCursor = await api.request('GET', `/api/v1/transactions?family_id=${f.familyId}&cursor=nonsense`, { token: owner });
    expect(badCursor.body['error']).toMatchObject({ code: 'validation', field: 'cursor' });
    const badDate = await api.request('GET', `/api/v1/transactions?family_id=${f.familyId}&from=yesterday`, { token: owner });
    expect(badDate.body['error']).toMatchObject({ code: 'validation', field: 'from' });
  });

  it('GET /events is for owners and admins', async () => {
    const res = await api.request<{ events: Array<{ action: string }>; next_cursor: string | null }>('GET', `/api/v1/events?family_id=${f.familyId}&limit=3`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(3);
    expect(res.body.events[0]).toEqual({ id: expect.any(Number), action: 'transaction.executed', entity_type: 'transaction', entity_id: expect.any(String), actor_user_id: f.owner, payload: expect.any(Object), created_at: expect.any(String) });
    expect(res.body.next_cursor).toEqual(expect.any(String));
    const next = await api.request<{ events: Array<{ id: number }> }>('GET', `/api/v1/events?family_id=${f.familyId}&cursor=${res.body.next_cursor}`, { token: admin });
    expect(next.status).toBe(200);
    expect(next.body.events.length).toBeGreaterThan(0);
    const forbidden = await api.request('GET', `/api/v1/events?family_id=${f.familyId}`, { token: member });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body['error']).toMatchObject({ code: 'forbidden' });
  });
});
