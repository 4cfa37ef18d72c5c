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

// Another family's id must be indistinguishable from an id that does not exist:
// same status, same body (a different message would confirm the id exists).
// The core reads both through the same scoped query (see loadVisible), so the
// time taken does not tell them apart either.
describe('another family\'s id answers exactly like a missing one', () => {
  const MISSING = 987_654;
  type Pair = [what: string, method: string, theirs: () => string, missing: () => string, body?: () => unknown];
  const pairs: Pair[] = [
    ['a transaction', 'GET', () => `/api/v1/transactions/${bExecuted}`, () => `/api/v1/transactions/${MISSING}`],
    ['approving', 'POST', () => `/api/v1/transactions/${bPending}/confirm`, () => `/api/v1/transactions/${MISSING}/confirm`],
    ['rejecting', 'POST', () => `/api/v1/transactions/${bPending}/reject`, () => `/api/v1/transactions/${MISSING}/reject`, () => ({ reason: 'no' })],
    ['reversing', 'DELETE', () => `/api/v1/transactions/${bExecuted}`, () => `/api/v1/transactions/${MISSING}`, () => ({ reason: 'mine now' })],
    ['a family\'s wallets', 'GET', () => `/api/v1/wallets?family_id=${b.familyId}`, () => `/api/v1/wallets?family_id=${MISSING}`],
    ['a family\'s categories', 'GET', () => `/api/v1/categories?family_id=${b.familyId}`, () => `/api/v1/categories?family_id=${MISSING}`],
    ['a family\'s transactions', 'GET', () => `/api/v1/transactions?family_id=${b.familyId}`, () => `/api/v1/transactions?family_id=${MISSING}`],
    ['a family\'s audit log', 'GET', () => `/api/v1/events?family_id=${b.familyId}`, () => `/api/v1/events?family_id=${MISSING}`],
    ['filtering by a wallet', 'GET', () => `/api/v1/transactions?family_id=${a.familyId}&wallet_id=${b.cashId}`, () => `/api/v1/transactions?family_id=${a.familyId}&wallet_id=${MISSING}`],
    ['paying from a wallet', 'POST', () => '/api/v1/transactions', () => '/api/v1/transactions', () => ({ family_id: a.familyId, from_wallet_id: b.cashId, amount: 1 })],
  ];

  it.each(pairs)('%s', async (_what, method, theirs, missing, body) => {
    const token = tokens['owner of A']!;
    const before = snapshot(api);
    const other = await api.request(method, theirs(), { token, ...(body ? { body: body() } : {}) });
    const none = await api.request(method, missing(), { token, ...(body ? { body: body() } : {}) });
    expect(other.status).toBe(404);
    expect({ status: other.status, body: other.text }).toEqual({ status: none.status, body: none.text });
    expect(snapshot(api)).toEqual(before);
  });
});
