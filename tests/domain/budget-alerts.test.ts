import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { createBudget, createTransaction, listBudgets, reverseTransaction } from '../../src/domain/index.js';
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
    spend(30_00);
    expect(alerts()).toEqual([{ budgetId: budget.id, familyId: f.familyId, percent: 80, period: '2026-11' }]);
    spend(5_00);
    expect(alerts()).toHaveLength(1);
    spend(40_00);
    expect(alerts().map((a) => a.percent)).toEqual([80, 100]);
    spend(1_00);
    expect(alerts()).toHaveLength(2);
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 126_00, percent: 126 });
  });

  it('jumping past both levels at once announces only the highest, and a reversal counts as spending no more', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00, currency: 'USD' });
    const big = spend(150_00);
    expect(alerts().map((a) => a.percent)).toEqual([100]);
    reverseTransaction(t.deps, f.owner, { transactionId: big.id, reason: 'typo' });
    expect(listBudgets(t.deps, f.owner, f.familyId)[0]).toMatchObject({ spentMinor: 0 });
  });

  it('a budget in another currency or category is not touched', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId + 1, amountMinor: 10_00, currency: 'USD' });
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 10_00, currency: 'EUR' });
    spend(50_00);
    expect(alerts()).toEqual([]);
  });
});
