// Every endpoint that takes an id, called by people of family A with family
// B's ids: always 403 or 404, never B's data, never a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransaction, listCategories } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let a: FamilyFixture;
let b: FamilyFixture;
let bExecuted: number;
let bPending: number;
let bCategory: number;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  a = makeFamily(api.db.deps);
  b = makeFamily(api.db.deps);
  fund(api.db.deps, a, a.cashId, 10_000);
  fund(api.db.deps, b, b.cashId, 100_000);
  bExecuted = createTransaction(api.db.deps, b.owner, { familyId: b.familyId, fromWalletId: b.cashId, amountMinor: 100, description: 'B secret' }).transaction.id;
  bPending = createTransaction(api.db.deps, b.members.member, { familyId: b.familyId, fromWalletId: b.cashId, amountMinor: 90_000 }).transaction.id;
  bCategory = listCategories(api.db.deps, b.owner, b.familyId)[0]!.id;
  tokens['owner of A'] = await api.tokenFor(a.owner);
  tokens['admin of A'] = await api.tokenFor(a.members.admin);
  tokens['member of A'] = await api.tokenFor(a.members.member);
});
afterAll(async () => {
  await api.close();
});

type Case = [string, string, () => string, (() => unknown)?];
const cases: Case[] = [
  ['GET', 'wallets of B', () => `/api/v1/wallets?family_id=${b.familyId}`],
  ['GET', 'categories of B', () => `/api/v1/categories?family_id=${b.familyId}`],
  ['GET', 'transactions of B', () => `/api/v1/transactions?family_id=${b.familyId}`],
  ['GET', 'transactions of A filtered by a wallet of B', () => `/api/v1/transactions?family_id=${a.familyId}&wallet_id=${b.cashId}`],
  ['GET', 'a transaction of B', () => `/api/v1/transactions/${bExecuted}`],
  ['GET', 'the audit log of B', () => `/api/v1/events?family_id=${b.familyId}`],
  ['POST', 'an expense in B', () => '/api/v1/transactions', () => ({ family_id: b.familyId, from_wallet_id: b.cashId, amount: 1 })],
  ['POST', 'an expense in A from a wallet of B', () => '/api/v1/transactions', () => ({ family_id: a.familyId, from_wallet_id: b.cashId, amount: 1 })],
  ['POST', 'an income in A into a wallet of B', () => '/api/v1/transactions', () => ({ family_id: a.familyId, to_wallet_id: b.cashId, amount: 1 })],
  ['POST', 'a transfer from A into a wallet of B', () => '/api/v1/transactions', () => ({ family_id: a.familyId, from_wallet_id: a.cashId, to_wallet_id: b.cashId, amount: 1 })],
  ['POST', 'an expense in A with a category of B', () => '/api/v1/transactions', () => ({ family_id: a.familyId, from_wallet_id: a.cashId, amount: 1, category_id: bCategory })],
  ['POST', 'approving a pending transaction of B', () => `/api/v1/transactions/${bPending}/confirm`],
  ['POST', 'rejecting a pending transaction of B', () => `/api/v1/transactions/${bPending}/reject`, () => ({ reason: 'no' })],
  ['DELETE', 'reversing a transaction of B', () => `/api/v1/transactions/${bExecuted}`, () => ({ reason: 'mine now' })],
];

describe.each(['owner of A', 'admin of A', 'member of A'])('%s', (who) => {
  it.each(cases)('%s %s → 403/404, nothing leaks, nothing changes', async (method, _what, path, body) => {
    const before = snapshot(api);
    const res = await api.request(method, path(), { token: tokens[who]!, ...(body ? { body: body() } : {}) });
    expect([403, 404]).toContain(res.status);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.text).not.toContain('B secret');
    expect(snapshot(api)).toEqual(before);
  });

  it('GET /families does not list B', async () => {
    const res = await api.request<{ families: Array<{ id: number }> }>('GET', '/api/v1/families', { token: tokens[who]! });
    expect(res.body.families.map((x) => x.id)).toEqual([a.familyId]);
  });
});
