// Sums past 2^53 minor units: each amount is at most 10^15, but a won family's
// month adds many. Reports, the trend, budgets and the group's summary read
// them exactly (bigints) and write them exactly; before, a report threw a
// RangeError in toDecimalString or showed a rounded number.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBudget, createTransaction, formatMoney, listBudgets, monthlyReport, monthlySummary, toDecimalString, trendReport } from '../../src/domain/index.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

const BIG = 999_999_999_999_999;
// Ten of them and one won more: odd and past 2^53, so no number holds it.
const TOTAL = 9_999_999_999_999_991n;

describe('sums past 2^53 minor units', () => {
  let t: TestDb;
  let f: FamilyFixture;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps, 'KRW');
    const move = (amountMinor: number, kind: 'earn' | 'spend') =>
      createTransaction(t.deps, f.owner, {
        familyId: f.familyId,
        ...(kind === 'earn' ? { toWalletId: f.cashId, categoryId: f.incomeCategoryId } : { fromWalletId: f.cashId, categoryId: f.expenseCategoryId }),
        amountMinor,
      });
    for (let i = 0; i < 10; i++) {
      move(BIG, 'earn');
      move(BIG, 'spend');
    }
    move(1, 'earn');
    move(1, 'spend');
  });
  afterEach(() => t.cleanup());

  it('money is written exactly from a bigint', () => {
    expect(TOTAL > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(toDecimalString(TOTAL, 'KRW')).toBe('9999999999999991');
    expect(toDecimalString(TOTAL, 'USD')).toBe('99999999999999.91');
    expect(toDecimalString(-TOTAL, 'BHD')).toBe('-9999999999999.991');
    expect(formatMoney(TOTAL, 'KRW', 'en')).toBe('₩9,999,999,999,999,991');
  });

  it("the month's report, its category and member lines and the trend hold the exact sums", () => {
    const krw = monthlyReport(t.deps, f.owner, { familyId: f.familyId }).currencies.find((c) => c.currency === 'KRW')!;
    expect([krw.incomeMinor, krw.expenseMinor, krw.netMinor]).toEqual([TOTAL, TOTAL, 0n]);
    expect(krw.expensesByCategory.map((l) => [l.totalMinor, l.sharePercent])).toEqual([[TOTAL, 100]]);
    expect(krw.byMember.map((m) => m.expenseMinor)).toEqual([TOTAL]);
    expect(krw.byWallet.map((w) => w.incomeMinor)).toEqual([TOTAL]);
    const points = trendReport(t.deps, f.owner, { familyId: f.familyId, months: 1 }).currencies.find((c) => c.currency === 'KRW')!.points;
    expect(points.map((p) => [p.incomeMinor, p.expenseMinor])).toEqual([[TOTAL, TOTAL]]);
    const summary = monthlySummary(t.deps, f.owner, f.familyId).currencies.find((c) => c.currency === 'KRW')!;
    expect([summary.incomeMinor, summary.expenseMinor, summary.expenses[0]!.totalMinor]).toEqual([TOTAL, TOTAL, TOTAL]);
  });

  it("a budget's spending is exact, and what is left may be far below zero", () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 1_000_000, currency: 'KRW' });
    const [b] = listBudgets(t.deps, f.owner, f.familyId);
    expect(b).toMatchObject({ spentMinor: TOTAL, remainingMinor: 1_000_000n - TOTAL });
    expect(b!.percent).toBe(Number((TOTAL * 100n) / 1_000_000n));
    expect(toDecimalString(b!.spentMinor, 'KRW')).toBe('9999999999999991');
  });
});
