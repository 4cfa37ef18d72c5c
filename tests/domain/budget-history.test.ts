// A month is weighed against the budgets and limits it had: October's report
// keeps October's limit after November's raise, a budget made in November is
// not October's, one removed in November still is; an entry dated in October
// (a correction keeps its date) is alerted against October's limit.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { archiveBudget, correctTransaction, createBudget, createTransaction, listBudgets, updateBudget } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('budget limits over time', () => {
  let t: TestDb;
  let f: FamilyFixture;
  const groceries = () => f.expenseCategoryId;
  const spend = (amountMinor: number, categoryId = groceries()) =>
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId }).transaction;
  const alerts = () =>
    t.deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.topic, 'budget.threshold'))
      .all()
      .map((r) => JSON.parse(r.payload) as { percent: number; budgetId: number; period: string });
  const month = (m: string) => listBudgets(t.deps, f.owner, f.familyId, { month: m }).map((b) => [b.categoryId, b.amountMinor, Number(b.spentMinor), b.percent]);

  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 10_000_00);
    t.clock.set(Date.parse('2026-10-05T12:00:00Z'));
  });
  afterEach(() => t.cleanup());

  it('a past month shows the limits it had and the budgets that stood at its end', () => {
    const food = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries(), amountMinor: 300_00 });
    const all = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 1_000_00 });
    spend(150_00);
    t.clock.set(Date.parse('2026-11-10T12:00:00Z'));
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: food.id, amountMinor: 500_00 });
    archiveBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: all.id });
    const other = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries() + 1, amountMinor: 50_00 });
    spend(100_00);

    // October: 300 for groceries (150 spent, 50 %), the family-wide budget removed in November, no November budget.
    expect(month('2026-10')).toEqual([
      [null, 1_000_00, 150_00, 15],
      [groceries(), 300_00, 150_00, 50],
    ]);
    // November: today's budgets and limits.
    expect(month('2026-11')).toEqual([
      [groceries(), 500_00, 100_00, 20],
      [other.categoryId, 50_00, 0, 0],
    ]);
    expect(listBudgets(t.deps, f.owner, f.familyId).map((b) => b.amountMinor)).toEqual([500_00, 50_00]);
    // September: nothing existed yet.
    expect(month('2026-09')).toEqual([]);
  });

  it('two changes in one month: the month ends with the last', () => {
    const food = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries(), amountMinor: 300_00 });
    t.clock.set(Date.parse('2026-10-20T12:00:00Z'));
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: food.id, amountMinor: 400_00 });
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: food.id, amountMinor: 350_00 });
    t.clock.set(Date.parse('2026-12-02T12:00:00Z'));
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: food.id, amountMinor: 600_00 });
    expect(month('2026-10').map((b) => b[1])).toEqual([350_00]);
    expect(month('2026-11').map((b) => b[1])).toEqual([350_00]);
    expect(month('2026-12').map((b) => b[1])).toEqual([600_00]);
  });

  it("an October entry corrected in November is alerted against October's limit", () => {
    const food = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries(), amountMinor: 100_00 });
    t.clock.set(Date.parse('2026-10-30T12:00:00Z'));
    const late = spend(50_00);
    t.clock.set(Date.parse('2026-11-02T12:00:00Z'));
    updateBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: food.id, amountMinor: 1_000_00 });
    // 85 of October's 100: October's 80 % is crossed (against November's 1000 it would be 8.5 %).
    correctTransaction(t.deps, f.owner, { transactionId: late.id, amountMinor: 85_00 });
    expect(alerts().map((a) => [a.budgetId, a.percent, a.period])).toEqual([[food.id, 80, '2026-10']]);
  });

  it('an October entry corrected in November is not weighed against a budget made in November (nor the removed one)', () => {
    const old = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries(), amountMinor: 100_00 });
    t.clock.set(Date.parse('2026-10-30T12:00:00Z'));
    const late = spend(50_00);
    t.clock.set(Date.parse('2026-11-02T12:00:00Z'));
    archiveBudget(t.deps, f.owner, { familyId: f.familyId, budgetId: old.id });
    createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: groceries(), amountMinor: 60_00 });
    correctTransaction(t.deps, f.owner, { transactionId: late.id, amountMinor: 85_00 });
    expect(alerts()).toEqual([]);
    // The new budget counts November's spending only.
    spend(50_00);
    expect(alerts().map((a) => a.percent)).toEqual([80]);
  });
});
