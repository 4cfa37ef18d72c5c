// Another family's ids are answered exactly as ids that do not exist: the same
// status, error code, reason and field, and the same message but for the id.
// A 403 for B's wallet beside a 404 for a wallet nobody has (or two different
// messages) would tell a member of A which ids B has. Every endpoint that
// takes an id, in the path, the query or the body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransaction } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let a: FamilyFixture;
let b: FamilyFixture;
let bTx: number;
let bPending: number;
const MISSING = 987_654;

beforeAll(async () => {
  api = await startApi();
  a = makeFamily(api.db.deps);
  b = makeFamily(api.db.deps);
  fund(api.db.deps, a, a.cashId, 10_000);
  fund(api.db.deps, b, b.cashId, 100_000);
  bTx = createTransaction(api.db.deps, b.owner, { familyId: b.familyId, fromWalletId: b.cashId, amountMinor: 100 }).transaction.id;
  bPending = createTransaction(api.db.deps, b.members.member, { familyId: b.familyId, fromWalletId: b.cashId, amountMinor: 90_000 }).transaction.id;
});
afterAll(async () => {
  await api?.close();
});

/** method, what, path and body for an id: B's, or one that does not exist. */
type Case = [string, string, (id: () => number) => { path: string; body?: unknown }];
const fam = () => a.familyId;
const cases: Array<[...Case, () => number]> = [
  ['GET', 'wallets of a family', (id) => ({ path: `/api/v1/wallets?family_id=${id()}` }), () => b.familyId],
  ['GET', 'categories of a family', (id) => ({ path: `/api/v1/categories?family_id=${id()}` }), () => b.familyId],
  ['GET', 'audit log of a family', (id) => ({ path: `/api/v1/events?family_id=${id()}` }), () => b.familyId],
  ['GET', 'transactions of a family', (id) => ({ path: `/api/v1/transactions?family_id=${id()}` }), () => b.familyId],
  ['GET', 'transactions filtered by a wallet', (id) => ({ path: `/api/v1/transactions?family_id=${fam()}&wallet_id=${id()}` }), () => b.cashId],
  ['GET', 'transactions filtered by a category', (id) => ({ path: `/api/v1/transactions?family_id=${fam()}&category_id=${id()}` }), () => b.expenseCategoryId],
  ['GET', 'budgets of a family', (id) => ({ path: `/api/v1/budgets?family_id=${id()}` }), () => b.familyId],
  ['GET', 'goals of a family', (id) => ({ path: `/api/v1/goals?family_id=${id()}` }), () => b.familyId],
  ['GET', 'monthly report', (id) => ({ path: `/api/v1/reports/monthly?family_id=${id()}` }), () => b.familyId],
  ['GET', 'trend', (id) => ({ path: `/api/v1/reports/trend?family_id=${id()}` }), () => b.familyId],
  ['GET', 'chart', (id) => ({ path: `/api/v1/reports/monthly/chart.png?family_id=${id()}` }), () => b.familyId],
  ['GET', 'CSV export', (id) => ({ path: `/api/v1/transactions/export.csv?family_id=${id()}` }), () => b.familyId],
  ['GET', 'a transaction', (id) => ({ path: `/api/v1/transactions/${id()}` }), () => bTx],
  ['DELETE', 'reversing a transaction', (id) => ({ path: `/api/v1/transactions/${id()}`, body: { reason: 'x' } }), () => bTx],
  ['POST', 'approving a transaction', (id) => ({ path: `/api/v1/transactions/${id()}/confirm` }), () => bPending],
  ['POST', 'rejecting a transaction', (id) => ({ path: `/api/v1/transactions/${id()}/reject`, body: { reason: 'no' } }), () => bPending],
  ['POST', 'a wallet in a family', (id) => ({ path: '/api/v1/wallets', body: { family_id: id(), name: 'Spy', type: 'cash', currency: 'USD' } }), () => b.familyId],
  ['POST', 'archiving a wallet', (id) => ({ path: `/api/v1/wallets/${id()}/archive`, body: { family_id: fam() } }), () => b.cashId],
  ['POST', 'archiving in a family', (id) => ({ path: `/api/v1/wallets/${a.cashId}/archive`, body: { family_id: id() } }), () => b.familyId],
  ['POST', 'an expense in a family', (id) => ({ path: '/api/v1/transactions', body: { family_id: id(), from_wallet_id: a.cashId, amount: '1.00' } }), () => b.familyId],
  ['POST', 'an expense from a wallet', (id) => ({ path: '/api/v1/transactions', body: { family_id: fam(), from_wallet_id: id(), amount: '1.00' } }), () => b.cashId],
  ['POST', 'an income into a wallet', (id) => ({ path: '/api/v1/transactions', body: { family_id: fam(), to_wallet_id: id(), amount: '1.00' } }), () => b.cashId],
  ['POST', 'a transfer into a wallet', (id) => ({ path: '/api/v1/transactions', body: { family_id: fam(), from_wallet_id: a.cashId, to_wallet_id: id(), amount: '1.00' } }), () => b.cashId],
  ['POST', 'an expense in a category', (id) => ({ path: '/api/v1/transactions', body: { family_id: fam(), from_wallet_id: a.cashId, amount: '1.00', category_id: id() } }), () => b.expenseCategoryId],
];

describe.each(['owner', 'member', 'viewer'] as const)('the %s of A', (role) => {
  it.each(cases)('%s %s: B\'s id is answered as a missing one', async (method, _what, make, bId) => {
    const token = await api.tokenFor(role === 'owner' ? a.owner : a.members[role]);
    const before = snapshot(api);
    const answer = async (id: number) => {
      const { path, body } = make(() => id);
      const res = await api.request<{ error?: { code: string; message: string; reason?: string; field?: string } }>(method, path, { token, ...(body ? { body } : {}) });
      const error = res.body.error;
      return { status: res.status, ...error, message: error?.message.replaceAll(String(id), 'ID') };
    };
    const theirs = await answer(bId());
    expect(theirs.status).toBeGreaterThanOrEqual(400);
    expect(theirs).toEqual(await answer(MISSING));
    expect(snapshot(api)).toEqual(before);
  });
});
