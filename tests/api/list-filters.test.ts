// GET /transactions filters, as a careless client sends them: a filter that
// cannot mean anything is a 400 naming it, another family's id is "not found"
// (never an empty list that reads as "no such spending"), and every word of
// the search counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransaction, listCategories } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let other: FamilyFixture;
let token: string;

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  other = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_000);
  createTransaction(api.db.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100, description: 'one two three four five six' });
  createTransaction(api.db.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 200, description: 'one two three four five' });
  token = await api.tokenFor(f.owner);
});
afterAll(async () => {
  await api.close();
});

const list = (q: string) => api.request<{ transactions: Array<{ description: string }>; error?: Record<string, unknown> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&${q}`, { token });

describe('GET /transactions filters', () => {
  it('an unknown kind is a 400 naming it, not an empty list', async () => {
    const res = await list('kind=expenses');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation', field: 'kind' });
    expect((await list('kind=expense')).body.transactions).toHaveLength(2);
  });

  it("another family's category is not found, as another family's wallet is", async () => {
    const theirs = listCategories(api.db.deps, other.owner, other.familyId)[0]!.id;
    const byCategory = await list(`category_id=${theirs}`);
    expect(byCategory.status).toBe(404);
    expect(byCategory.body.error).toMatchObject({ code: 'not_found' });
    const byWallet = await list(`wallet_id=${other.cashId}`);
    expect(byWallet.status).toBe(404);
  });

  it('from after to is a 400 on to, as the export says', async () => {
    const res = await list('from=2026-12-01&to=2026-01-01');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation', field: 'to' });
  });

  it('every word of the search must appear, the sixth too', async () => {
    const res = await list(`q=${encodeURIComponent('one two three four five six')}`);
    expect(res.body.transactions.map((t) => t.description)).toEqual(['one two three four five six']);
  });
});
