// Percent of money on the integers: a won budget's spent × 100 passes 2^53, and a
// float quotient read a budget spent to the last won as 99 %, fired 90 % at 89.99… %
// and rounded a 42.25 % share down. Amounts are real ones: a family's KRW books.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { budgets, outbox } from '../../src/db/schema.js';
import { createBudget, createGoal, createTransaction, listBudgets, listGoals, monthlyReport, percentToTenth, reachesPercent, wholePercent } from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('percent of money, exactly', () => {
  it('the ratio helpers are exact where a float quotient is not', () => {
    expect(wholePercent(516_677_229_721_365, 516_677_229_721_365)).toBe(100);
    expect(wholePercent(799, 1000)).toBe(79);
    expect(wholePercent(2n ** 60n, 2n ** 60n + 1n)).toBe(99);
    expect(reachesPercent(785_765_253_577_715, 873_072_503_975_239, 90)).toBe(false);
    expect(reachesPercent(800, 1000, 80)).toBe(true);
    expect(percentToTenth(105_859_640_343_093, 250_555_361_758_800)).toBe(42.3);
    expect(percentToTenth(1, 3)).toBe(33.3);
    expect(percentToTenth(1, 8)).toBe(12.5);
    expect(percentToTenth(-1, 16)).toBe(-6.2);
    expect(percentToTenth(-3, 16)).toBe(-18.7);
  });

  let t: TestDb;
  let f: FamilyFixture;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps, 'KRW');
  });
  afterEach(() => t.cleanup());
  const spend = (amountMinor: number, categoryId = f.expenseCategoryId) =>
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId }).transaction;

  it('a budget spent to the last won is 100 %, not 99 %', () => {
    fund(t.deps, f, f.cashId, 1_000_000_000_000_000);
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 516_677_229_721_365, currency: 'KRW' });
    spend(516_677_229_721_365);
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 516_677_229_721_365n, percent: 100 });
  });

  it('the 90 % alert fires at 90 % of the limit, not at 89.99… %', () => {
    fund(t.deps, f, f.cashId, 1_000_000_000_000_000);
    const budget = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 873_072_503_975_239, currency: 'KRW' });
    // Levels other than the default 80 and 100 are stored per budget; 90 × the limit is where a float product rounds.
    t.deps.db.update(budgets).set({ alertAt: '80,90' }).where(eq(budgets.id, budget.id)).run();
    const levels = () => t.deps.db.select().from(outbox).where(eq(outbox.topic, 'budget.threshold')).all().map((r) => (JSON.parse(r.payload) as { percent: number }).percent);
    spend(785_765_253_577_715);
    expect(levels()).toEqual([80]);
    spend(1);
    expect(levels()).toEqual([80, 90]);
  });

  it('a goal saved to the last won is 100 %', () => {
    const savings = addWallet(t.deps, f, 'KRW');
    createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'House', targetMinor: 516_677_229_721_365, walletId: savings });
    fund(t.deps, f, savings, 516_677_229_721_365);
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ savedMinor: 516_677_229_721_365, percent: 100 });
  });

  it("a category's share of the month is rounded from the integers: 42.25 % is 42.3 %", () => {
    fund(t.deps, f, f.cashId, 1_000_000_000_000_000);
    const other = createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 144_695_721_415_707 }).transaction;
    spend(105_859_640_343_093);
    const krw = monthlyReport(t.deps, f.owner, { familyId: f.familyId }).currencies.find((c) => c.currency === 'KRW')!;
    const line = krw.expensesByCategory.find((l) => l.categoryId === f.expenseCategoryId)!;
    expect(line.categoryId).not.toBe(other.categoryId);
    expect(line.sharePercent).toBe(42.3);
  });
});
