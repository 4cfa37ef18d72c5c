// The month's report and the trend are kept by the API's read memo (read-snapshots.ts) until anything is
// written: a write from this process or another is seen by the next request, and a report asked for without
// a month is the current month's even when nothing was written since the last one was kept.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { createTransaction } from '../../src/domain/index.js';
import { zonedMidnight } from '../../src/domain/reports/reports.js';
import { fund, makeFamily } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

type Month = { month: string; currencies: Array<{ currency: string; expenses: string }> };
type Trend = { months: string[]; currencies: Array<{ currency: string; points: Array<{ month: string; expenses: string }> }> };

describe('kept reports', () => {
  it('are the same text while nothing is written, and read again after any write, here or from another process', async () => {
    api = await startApi();
    const f = makeFamily(api.db.deps);
    fund(api.db.deps, f, f.cashId, 100_00);
    const token = await api.tokenFor(f.owner);
    const spend = (deps = api!.db.deps) => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 2_50, categoryId: f.expenseCategoryId });
    const month = async () => (await api!.request<Month>('GET', `/api/v1/reports/monthly?family_id=${f.familyId}`, { token })).body.currencies[0]?.expenses;
    const trend = async () => (await api!.request<Trend>('GET', `/api/v1/reports/trend?family_id=${f.familyId}&months=2`, { token })).body.currencies[0]?.points.at(-1)?.expenses;
    spend();
    const paths = [`/api/v1/reports/monthly?family_id=${f.familyId}`, `/api/v1/reports/trend?family_id=${f.familyId}&months=2`];
    for (const path of paths) {
      const [first, again] = [await api.request('GET', path, { token }), await api.request('GET', path, { token })];
      expect(first.status).toBe(200);
      expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(again.text).toBe(first.text);
    }
    expect([await month(), await trend()]).toEqual(['2.50', '2.50']);
    spend();
    expect([await month(), await trend()]).toEqual(['5.00', '5.00']);
    const other = openDatabase(api.db.path);
    try {
      spend({ ...api.db.deps, db: other.db });
    } finally {
      other.close();
    }
    expect([await month(), await trend()]).toEqual(['7.50', '7.50']);
  });

  it('without a month, the current month: the clock passing into the next one shows it though nothing was written', async () => {
    api = await startApi();
    const f = makeFamily(api.db.deps);
    const month = async (token: string) => (await api!.request<Month & { timezone: string }>('GET', `/api/v1/reports/monthly?family_id=${f.familyId}`, { token })).body;
    const trend = async (token: string) => (await api!.request<Trend>('GET', `/api/v1/reports/trend?family_id=${f.familyId}&months=2`, { token })).body.months;
    const { month: now, timezone } = await month(await api.tokenFor(f.owner));
    // A minute before the family's next month begins; the token is issued (a write) before the first read.
    const [y, m] = now.split('-').map(Number) as [number, number];
    api.db.clock.set(zonedMidnight(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, timezone) - 60_000);
    const token = await api.tokenFor(f.owner);
    const [before, beforeTrend] = [(await month(token)).month, await trend(token)];
    expect(before).toBe(now);
    api.db.clock.advance(2 * 60_000);
    const [after, afterTrend] = [(await month(token)).month, await trend(token)];
    expect(after).not.toBe(before);
    expect(afterTrend).toEqual([before, after]);
    expect(beforeTrend.at(-1)).toBe(before);
  });
});
