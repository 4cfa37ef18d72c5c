import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { archiveBudget, correctTransaction, createBudget, createTransaction, listBudgets, reverseTransaction, updateBudget } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('budget alerts', () => {
  let t: TestDb;
  let f: FamilyFixture;
  const alerts = () =>
    t.deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.topic, 'budget.threshold'))
      .all()
      .map((r) => JSON.parse(r.payload) as { percent: number; budgetId: number; period: string });
  const spend = (amountMinor: number, by = f.owner) =>
    createTransaction(t.deps, by, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId }).transaction;

  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 1_000_00);
  });
  afterEach(() => t.cleanup());

  it('announces 80 % and 100 % once each as spending crosses them within the month', () => {
    const budget = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 100_00, currency: 'USD' });
    spend(50_00);
    expect(alerts()).toEqual([]);
    const crossing = spend(30_00);
    expect(alerts()).toEqual([{ budgetId: budget.id, familyId: f.familyId, percent: 80, period: '2026-11', spenderId: f.owner, transactionId: crossing.id }]);
    spend(5_00);
    expect(alerts()).toHaveLength(1);
    spend(40_00);
    expect(alerts().map((a) => a.percent)).toEqual([80, 100]);
    spend(1_00);
    expect(alerts()).toHaveLength(2);
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 126_00n, percent: 126 });
  });

  it('jumping past both levels at once announces only the highest, and a reversal counts as spending no more', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00, currency: 'USD' });
    const big = spend(150_00);
    expect(alerts().map((a) => a.percent)).toEqual([100]);
    reverseTransaction(t.deps, f.owner, { transactionId: big.id, reason: 'typo' });
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 0n });
  });

  it('a correction made the next month is weighed against the month the entry counts in', () => {
    const budget = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00, currency: 'USD' });
    t.clock.set(Date.parse('2026-11-30T20:00:00Z'));
    const late = spend(40_00);
    t.clock.set(Date.parse('2026-12-01T09:00:00Z'));
    // November's spending goes from 40 to 85: November's 80 % is crossed, nothing of December's.
    const copy = correctTransaction(t.deps, f.owner, { transactionId: late.id, amountMinor: 85_00 }).corrected;
    expect(alerts()).toEqual([{ budgetId: budget.id, familyId: f.familyId, percent: 80, period: '2026-11', spenderId: f.owner, transactionId: copy.id }]);
    spend(10_00);
    expect(alerts()).toHaveLength(1);
  });

  it('a budget of another category is not touched, and budgets are in the family currency only', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId + 1, amountMinor: 10_00, currency: 'USD' });
    expect(() => createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 10_00, currency: 'EUR' })).toThrow(
      expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'currency' }) }),
    );
    spend(50_00);
    expect(alerts()).toEqual([]);
  });

  it('crosses again after a reversal brought spending back under: one alert per crossing', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00 });
    const first = spend(85_00);
    expect(alerts().map((a) => a.percent)).toEqual([80]);
    reverseTransaction(t.deps, f.owner, { transactionId: first.id, reason: 'wrong amount' });
    spend(10_00);
    expect(alerts()).toHaveLength(1);
    spend(75_00); // 85 % again
    expect(alerts().map((a) => a.percent)).toEqual([80, 80]);
    spend(1_00);
    expect(alerts()).toHaveLength(2);
  });

  it('correcting an expense (note, category, amount) announces only a level the corrected spending newly crosses', () => {
    const all = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00 });
    const big = spend(85_00);
    expect(alerts().map((a) => a.percent)).toEqual([80]);
    // A new note: the reversal and the copy are one change; spending stays at 85 %.
    const noted = correctTransaction(t.deps, f.owner, { transactionId: big.id, description: 'weekly shop' }).corrected;
    expect(alerts()).toHaveLength(1);
    // Another category (the family-wide budget still counts it).
    const otherCategory = f.expenseCategoryId + 1;
    const moved = correctTransaction(t.deps, f.owner, { transactionId: noted.id, categoryId: otherCategory }).corrected;
    expect(alerts()).toHaveLength(1);
    // A smaller amount that stays above 80 %.
    const smaller = correctTransaction(t.deps, f.owner, { transactionId: moved.id, amountMinor: 82_00 }).corrected;
    expect(alerts()).toHaveLength(1);
    // A larger amount that reaches 100 % is news.
    correctTransaction(t.deps, f.owner, { transactionId: smaller.id, amountMinor: 101_00 });
    expect(alerts().map((a) => [a.budgetId, a.percent])).toEqual([
      [all.id, 80],
      [all.id, 100],
    ]);
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 101_00n });
  });

  it('moving an expense to another category crosses the budget of that category, and re-arms the one it left', () => {
    const otherCategory = f.expenseCategoryId + 1;
    const groceries = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 100_00 });
    const other = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: otherCategory, amountMinor: 100_00 });
    const big = spend(90_00);
    const moved = correctTransaction(t.deps, f.owner, { transactionId: big.id, categoryId: otherCategory }).corrected;
    const back = correctTransaction(t.deps, f.owner, { transactionId: moved.id, categoryId: f.expenseCategoryId }).corrected;
    expect(back.categoryId).toBe(f.expenseCategoryId);
    expect(alerts().map((a) => [a.budgetId, a.percent])).toEqual([
      [groceries.id, 80],
      [other.id, 80],
      [groceries.id, 80],
    ]);
  });

  it('a budget is changed and removed; one active budget per scope; the list says what is left and for how many days', () => {
    const all = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00 });
    expect(all.currency).toBe('USD');
    expect(() => createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 50_00 })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.incomeCategoryId, amountMinor: 50_00 })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createBudget(t.deps, f.members.member, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 50_00 })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const cat = createBudget(t.deps, f.members.admin, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 50_00 });
    spend(30_00);
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: all.id, amountMinor: 200_00 });
    // The clock is 25 November 2026, 12:00 UTC: today and five more days.
    expect(listBudgets(t.deps, f.owner, f.familyId).map((b) => [b.id, b.amountMinor, Number(b.spentMinor), Number(b.remainingMinor), b.percent, b.daysLeft, b.month])).toEqual([
      [all.id, 200_00, 30_00, 170_00, 15, 6, '2026-11'],
      [cat.id, 50_00, 30_00, 20_00, 60, 6, '2026-11'],
    ]);
    // Both were made in November: October had no budgets.
    expect(listBudgets(t.deps, f.owner, f.familyId, { month: '2026-10' })).toEqual([]);
    expect(listBudgets(t.deps, f.owner, f.familyId, { month: '2026-12' }).map((b) => [b.amountMinor, Number(b.spentMinor), b.daysLeft])).toEqual([
      [200_00, 0, 31],
      [50_00, 0, 31],
    ]);
    archiveBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: cat.id });
    expect(listBudgets(t.deps, f.owner, f.familyId).map((b) => b.id)).toEqual([all.id]);
    expect(() => updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: cat.id, amountMinor: 1 })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
