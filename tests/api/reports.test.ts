// Budgets, goals, reports, the chart and the CSV export over real HTTP: the
// shapes the Mini App reads, and refusal for another family's id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBudget, createGoal, createTransaction, listCategories } from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let a: FamilyFixture;
let b: FamilyFixture;
let ownerA: string;
let viewerA: string;
let budgetId: number;

beforeAll(async () => {
  api = await startApi();
  const deps = api.db.deps;
  a = makeFamily(deps);
  b = makeFamily(deps);
  fund(deps, a, a.cashId, 1000_00);
  const savings = addWallet(deps, a);
  const groceries = listCategories(deps, a.owner, a.familyId, { kind: 'expense' })[0]!;
  createTransaction(deps, a.owner, { familyId: a.familyId, fromWalletId: a.cashId, amountMinor: 42_50, categoryId: groceries.id, description: 'Market' });
  createTransaction(deps, a.owner, { familyId: a.familyId, fromWalletId: a.cashId, toWalletId: savings, amountMinor: 300_00 });
  budgetId = createBudget(deps, a.owner, { familyId: a.familyId, categoryId: groceries.id, amountMinor: 50_00 }).id;
  createGoal(deps, a.owner, { familyId: a.familyId, name: 'Sea trip', targetMinor: 1200_00, walletId: savings, deadline: '2027-04-30' });
  ownerA = await api.tokenFor(a.owner);
  viewerA = await api.tokenFor(a.members.viewer);
});
afterAll(async () => {
  await api.close();
});

describe('reports over HTTP', () => {
  it('GET /budgets: limit, spent, remaining, percent and days left as decimal strings', async () => {
    const r = await api.request('GET', `/api/v1/budgets?family_id=${a.familyId}`, { token: viewerA });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ budgets: [{ id: budgetId, category_id: expect.any(Number), currency: 'USD', limit: '50.00', spent: '42.50', remaining: '7.50', percent: 85, month: '2026-11', days_left: 6 }] });
    // The budget was made in November: October had none.
    const october = await api.request<{ budgets: Array<{ spent: string }> }>('GET', `/api/v1/budgets?family_id=${a.familyId}&month=2026-10`, { token: viewerA });
    expect(october.body.budgets).toEqual([]);
  });

  it('GET /goals: progress and the monthly amount needed', async () => {
    const r = await api.request('GET', `/api/v1/goals?family_id=${a.familyId}`, { token: ownerA });
    expect(r.body).toEqual({
      goals: [{ id: expect.any(Number), name: 'Sea trip', currency: 'USD', wallet_id: expect.any(Number), target: '1200.00', saved: '300.00', remaining: '900.00', percent: 25, deadline: '2027-04-30', months_left: 6, monthly_needed: '150.00', reached: false }],
    });
  });

  it('GET /reports/monthly and /reports/trend', async () => {
    const r = await api.request<{ month: string; currencies: Array<Record<string, unknown>> }>('GET', `/api/v1/reports/monthly?family_id=${a.familyId}&month=2026-11`, { token: viewerA });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: '2026-11', previous_month: '2026-10', next_month: '2026-12', timezone: 'UTC' });
    expect(r.body.currencies[0]).toMatchObject({ currency: 'USD', income: '1000.00', expenses: '42.50', net: '957.50', expenses_by_category: [{ total: '42.50', share_percent: 100, change_percent: null }], by_member: [{ user_id: a.owner, expenses: '42.50', income: '1000.00', count: 2 }] });
    const t = await api.request<{ months: string[]; currencies: Array<{ points: unknown[] }> }>('GET', `/api/v1/reports/trend?family_id=${a.familyId}&months=3`, { token: viewerA });
    expect(t.body.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(t.body.currencies[0]?.points[2]).toEqual({ month: '2026-11', income: '1000.00', expenses: '42.50' });
    const bad = await api.request<{ error: { code: string; field: string } }>('GET', `/api/v1/reports/monthly?family_id=${a.familyId}&month=2026-13`, { token: viewerA });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
  });

  it('GET /reports/monthly/chart.png: a PNG image', async () => {
    const res = await fetch(`${api.url}/api/v1/reports/monthly/chart.png?family_id=${a.familyId}&locale=ru`, { headers: { authorization: `Bearer ${viewerA}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1080, 1350]);
  });

  it('GET /reports/monthly/chart.png without a currency draws the family\'s own, never comparing amounts across currencies', async () => {
    // A won family that spent ₩18,000 and $400.00: 18,000 minor units against 40,000, but no rate says which is more.
    const deps = api.db.deps;
    const k = makeFamily(deps, 'KRW');
    const dollars = addWallet(deps, k, 'USD');
    fund(deps, k, k.cashId, 100_000);
    fund(deps, k, dollars, 1000_00);
    const groceries = listCategories(deps, k.owner, k.familyId, { kind: 'expense' })[0]!;
    createTransaction(deps, k.owner, { familyId: k.familyId, fromWalletId: k.cashId, amountMinor: 18_000, categoryId: groceries.id });
    createTransaction(deps, k.owner, { familyId: k.familyId, fromWalletId: dollars, amountMinor: 400_00, categoryId: groceries.id });
    const token = await api.tokenFor(k.owner);
    const chart = async (query: string) => Buffer.from(await (await fetch(`${api.url}/api/v1/reports/monthly/chart.png?family_id=${k.familyId}${query}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const [shown, won, dollar] = [await chart(''), await chart('&currency=KRW'), await chart('&currency=USD')];
    expect(won.equals(dollar)).toBe(false);
    expect(shown.equals(won)).toBe(true);
  }, 60_000);

  it('GET /transactions/export.csv streams the CSV with a header row', async () => {
    const res = await fetch(`${api.url}/api/v1/transactions/export.csv?family_id=${a.familyId}&from=2026-11-01&to=2026-11-30&bom=true`, { headers: { authorization: `Bearer ${viewerA}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by');
    expect(lines.filter(Boolean)).toHaveLength(4);
    expect(text).toContain(',expense,executed,42.50,USD,Cash,');
  });

  it.each([
    ['budgets', (id: number) => `/api/v1/budgets?family_id=${id}`],
    ['goals', (id: number) => `/api/v1/goals?family_id=${id}`],
    ['monthly report', (id: number) => `/api/v1/reports/monthly?family_id=${id}`],
    ['trend', (id: number) => `/api/v1/reports/trend?family_id=${id}`],
    ['chart', (id: number) => `/api/v1/reports/monthly/chart.png?family_id=${id}`],
    ['export', (id: number) => `/api/v1/transactions/export.csv?family_id=${id}`],
  ])('%s of another family: 404 in the error shape, and 401 without a token', async (_name, path) => {
    const r = await api.request<{ error: { code: string } }>('GET', path(b.familyId), { token: ownerA });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await api.request('GET', path(a.familyId))).status).toBe(401);
  });

  it('the OpenAPI document describes the routes with examples', async () => {
    const doc = await api.request<{ paths: Record<string, unknown> }>('GET', '/docs/json');
    for (const p of ['/api/v1/budgets', '/api/v1/goals', '/api/v1/reports/monthly', '/api/v1/reports/trend', '/api/v1/reports/monthly/chart.png', '/api/v1/transactions/export.csv']) expect(doc.body.paths).toHaveProperty([p]);
    expect(doc.text).toContain('"example":"2026-11"');
  });
});

describe('sums past 2^53 minor units over HTTP', () => {
  it('a won family whose month passes 2^53 gets its report, trend and budget as exact decimal strings', async () => {
    const deps = api.db.deps;
    const k = makeFamily(deps, 'KRW');
    const move = (amountMinor: number, earn: boolean) =>
      createTransaction(deps, k.owner, { familyId: k.familyId, amountMinor, ...(earn ? { toWalletId: k.cashId, categoryId: k.incomeCategoryId } : { fromWalletId: k.cashId, categoryId: k.expenseCategoryId }) });
    for (const amount of [...Array<number>(10).fill(999_999_999_999_999), 1]) {
      move(amount, true);
      move(amount, false);
    }
    createBudget(deps, k.owner, { familyId: k.familyId, amountMinor: 1_000_000, currency: 'KRW' });
    const token = await api.tokenFor(k.owner);
    const monthly = await api.request<{ currencies: Array<{ income: string; expenses: string; expenses_by_category: Array<{ total: string }> }> }>('GET', `/api/v1/reports/monthly?family_id=${k.familyId}&month=2026-11`, { token });
    expect(monthly.status).toBe(200);
    expect(monthly.body.currencies[0]).toMatchObject({ income: '9999999999999991', expenses: '9999999999999991' });
    const trend = await api.request<{ currencies: Array<{ points: Array<{ income: string; expenses: string }> }> }>('GET', `/api/v1/reports/trend?family_id=${k.familyId}&months=1&until=2026-11`, { token });
    expect(trend.body.currencies[0]!.points).toEqual([{ month: '2026-11', income: '9999999999999991', expenses: '9999999999999991' }]);
    const budgets = await api.request<{ budgets: Array<{ spent: string; remaining: string }> }>('GET', `/api/v1/budgets?family_id=${k.familyId}`, { token });
    expect(budgets.body.budgets[0]).toMatchObject({ spent: '9999999999999991', remaining: '-9999999998999991' });
  });
});
