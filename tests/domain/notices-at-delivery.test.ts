// A queued notice is weighed against the books as they are when it is sent:
// a budget alert whose expense was undone, rejected or corrected away, or a
// goal whose reaching transfer was undone, is dropped, and the drop does not
// keep a later real crossing from being announced.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import {
  budgetAlertStands,
  correctTransaction,
  createBudget,
  createGoal,
  createTransaction,
  goalReachStands,
  listGoals,
  reverseTransaction,
} from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

type Alert = { budgetId: number; familyId: number; percent: number; period: string; transactionId?: number };

describe('notices weighed when they are sent', () => {
  let t: TestDb;
  let f: FamilyFixture;
  const rows = <P>(topic: string) =>
    t.deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.topic, topic))
      .all()
      .map((r) => JSON.parse(r.payload) as P);
  const alerts = () => rows<Alert>('budget.threshold');
  const stands = (a: Alert) => budgetAlertStands(t.deps.db, a) !== undefined;
  const spend = (amountMinor: number, by = f.owner, categoryId = f.expenseCategoryId) =>
    createTransaction(t.deps, by, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId }).transaction;

  beforeEach(() => {
    t = createTestDb(); // 25 November 2026
    f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 10_000_00);
  });
  afterEach(() => t.cleanup());

  it('a budget alert whose expense was undone is dropped; the next real crossing is announced and stands', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 100_00 });
    const big = spend(85_00);
    const [first] = alerts();
    expect(stands(first!)).toBe(true);
    reverseTransaction(t.deps, f.owner, { transactionId: big.id, reason: 'typo' });
    expect(stands(first!)).toBe(false);
    spend(90_00);
    const [, second] = alerts();
    expect(second).toMatchObject({ percent: 80 });
    expect(stands(second!)).toBe(true);
    // The first still names an expense that no longer stands, though the level is crossed again.
    expect(stands(first!)).toBe(false);
  });

  it('a level no longer reached drops the alert, and the month of the alert is weighed with that month’s limit', () => {
    const budget = createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00 });
    const big = spend(85_00);
    const [alert] = alerts();
    // Corrected down to 50: the corrected copy stands for it, but 50 % is under 80 %.
    correctTransaction(t.deps, f.owner, { transactionId: big.id, amountMinor: 50_00 });
    expect(stands(alert!)).toBe(false);
    expect(budgetAlertStands(t.deps.db, { ...alert!, transactionId: undefined, percent: 50 })).toMatchObject({ budget: { id: budget.id }, limitMinor: 100_00, spentMinor: 50_00n });
  });

  it('a correction that keeps the expense (a new note) keeps its alert', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_00 });
    const big = spend(85_00);
    const [alert] = alerts();
    const noted = correctTransaction(t.deps, f.owner, { transactionId: big.id, description: 'weekly shop' }).corrected;
    correctTransaction(t.deps, f.owner, { transactionId: noted.id, amountMinor: 84_00 });
    expect(alerts()).toHaveLength(1);
    expect(stands(alert!)).toBe(true);
  });

  it('a correction that moves the expense out of the budget’s category drops the alert', () => {
    createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 100_00 });
    const big = spend(85_00);
    spend(10_00, f.owner, f.expenseCategoryId + 1);
    const [alert] = alerts();
    correctTransaction(t.deps, f.owner, { transactionId: big.id, categoryId: f.expenseCategoryId + 1 });
    spend(85_00); // crosses again on its own, with its own alert
    expect(alerts()).toHaveLength(2);
    expect(stands(alert!)).toBe(false);
    expect(stands(alerts()[1]!)).toBe(true);
  });

  it('a goal reached by a transfer undone before the notice is sent is not announced, and is announced when really reached', () => {
    const savings = addWallet(t.deps, f);
    const transfer = (amountMinor: number) => createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: savings, amountMinor }).transaction;
    const g = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: savings });
    const wrong = transfer(5_000_00); // a typo: 5000 instead of 50
    expect(rows('goal.reached')).toHaveLength(1);
    reverseTransaction(t.deps, f.owner, { transactionId: wrong.id, reason: 'typo' });
    expect(goalReachStands(t.deps, { goalId: g.id, familyId: f.familyId })).toBeUndefined();
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ reached: false, achievedAt: null });
    transfer(500_00);
    expect(rows('goal.reached')).toHaveLength(2);
    expect(goalReachStands(t.deps, { goalId: g.id, familyId: f.familyId })).toMatchObject({ id: g.id });
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ reached: true });
  });
});
