// A decision over the API (approve, reject, reverse) is a request a client
// retries when the answer is lost: with the same Idempotency-Key it gets the
// first answer again and nothing happens twice; the same key on another
// request is 422 idempotency_mismatch; two at once with one key, one effect.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventLog, transactions } from '../../src/db/schema.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let owner: string;
let member: string;
let admin: string;

beforeEach(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_000);
  owner = await api.tokenFor(f.owner);
  member = await api.tokenFor(f.members.member);
  admin = await api.tokenFor(f.members.admin);
});
afterEach(async () => {
  await api.close();
});

const key = (k: string) => ({ 'Idempotency-Key': k });
async function pending(): Promise<number> {
  const res = await api.request('POST', '/api/v1/transactions', { token: member, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '600.00' } });
  expect(res.body['status']).toBe('pending_approval');
  return res.body['id'] as number;
}
const eventsOf = (id: number, action: string) =>
  api.db.deps.db.select().from(eventLog).where(eq(eventLog.entityId, String(id))).all().filter((e) => e.action === action).length;

describe('a decision retried with its Idempotency-Key', () => {
  it('confirm: the retry gets the first answer (not 409), the money moves once', async () => {
    const id = await pending();
    const first = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('approve-1') });
    expect(first.status).toBe(200);
    api.db.clock.advance(60_000);
    const retry = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('approve-1') });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(balanceOf(api.db.deps, f.cashId)).toBe(40_000);
    expect(eventsOf(id, 'transaction.approved')).toBe(1);
    // Without a key a second decision is still refused, and another person's key is their own.
    expect((await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin })).status).toBe(409);
    expect((await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: owner, headers: key('approve-1') })).status).toBe(409);
  });

  it('two confirms at once with one key: both answered 200 with one answer, one approval', async () => {
    const id = await pending();
    const [a, b] = await Promise.all([
      api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('same') }),
      api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('same') }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(40_000);
    expect(eventsOf(id, 'transaction.approved')).toBe(1);
  });

  it('reject: the retry gets the first answer; the key on another request is 422 idempotency_mismatch', async () => {
    const id = await pending();
    const other = await pending();
    const first = await api.request('POST', `/api/v1/transactions/${id}/reject`, { token: owner, body: { reason: 'Too much' }, headers: key('no-1') });
    expect(first.status).toBe(200);
    const retry = await api.request('POST', `/api/v1/transactions/${id}/reject`, { token: owner, body: { reason: 'Too much' }, headers: key('no-1') });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const otherReason = await api.request('POST', `/api/v1/transactions/${id}/reject`, { token: owner, body: { reason: 'Later' }, headers: key('no-1') });
    expect(otherReason.status).toBe(422);
    expect(otherReason.body['error']).toMatchObject({ code: 'idempotency_mismatch' });
    const otherId = await api.request('POST', `/api/v1/transactions/${other}/confirm`, { token: owner, headers: key('no-1') });
    expect(otherId.status).toBe(422);
    expect(otherId.body['error']).toMatchObject({ code: 'idempotency_mismatch' });
    expect(api.db.deps.db.select().from(transactions).where(eq(transactions.id, other)).get()?.status).toBe('pending_approval');
    expect(eventsOf(id, 'transaction.rejected')).toBe(1);
  });

  it('DELETE (reverse): the retry gets the first answer with the same reversal, the balance is restored once', async () => {
    const created = await api.request('POST', '/api/v1/transactions', { token: owner, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '25.00' } });
    const id = created.body['id'] as number;
    const first = await api.request('DELETE', `/api/v1/transactions/${id}`, { token: owner, body: { reason: 'Typo' }, headers: key('undo-1') });
    expect(first.status).toBe(200);
    const retry = await api.request('DELETE', `/api/v1/transactions/${id}`, { token: owner, body: { reason: 'Typo' }, headers: key('undo-1') });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(balanceOf(api.db.deps, f.cashId)).toBe(100_000);
    expect(eventsOf(id, 'transaction.reversed')).toBe(1);
  });

  it('a refusal is not kept: once the money is there, the same key approves', async () => {
    const id = await pending();
    await api.request('POST', '/api/v1/transactions', { token: owner, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '500.00' } });
    const refused = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('k') });
    expect(refused.status).toBe(422);
    expect(refused.body['error']).toMatchObject({ code: 'insufficient_funds' });
    fund(api.db.deps, f, f.cashId, 100_000);
    const later = await api.request('POST', `/api/v1/transactions/${id}/confirm`, { token: admin, headers: key('k') });
    expect(later.status).toBe(200);
    expect(later.body['status']).toBe('executed');
  });
});
