// Budget alerts: when an executed expense carries a month's spending across one
// of a budget's alert levels (80 %, 100 % by default), a `budget.threshold`
// outbox row is written in the same transaction. Crossing is computed from the
// spending before and after this expense, so each level fires once per month.
// The alert is weighed again when it is delivered (budgetAlertStands): an
// expense undone, rejected or corrected meanwhile leaves no stale alert, and
// since nothing is remembered about a crossing, a later real one fires anew.
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { budgets, expenseDays, families, transactions } from '../../db/schema.js';
import type { Q, Tx } from '../deps.js';
import { exactSum } from '../exact-sum.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { reachesPercent } from '../money/ratio.js';
import { monthRange, parseMonth } from '../reports/months.js';
import { monthBounds } from '../reports/reports.js';
import { splitByExpenseDays } from './expense-days.js';
import { budgetLimitAt, budgetStoodAt } from './limits.js';

type Expense = { id: number; familyId: number; kind: string; currency: string; categoryId: number | null; amountMinor: number; createdBy: number | null; executedAt: number | null };

/** Executed, unreversed expenses of a family in a currency in [from, to), optionally of one category (the partial days at a month's edges). */
function spentQuery(q: Q, byCategory: boolean) {
  return q
    .select({ s: exactSum(transactions.amountMinor) })
    .from(transactions)
    .where(
      and(
        eq(transactions.familyId, sql.placeholder('familyId')),
        eq(transactions.kind, 'expense'),
        eq(transactions.status, 'executed'),
        isNull(transactions.reversalOf),
        eq(transactions.currency, sql.placeholder('currency')),
        byCategory ? eq(transactions.categoryId, sql.placeholder('categoryId')) : undefined,
        gte(transactions.executedAt, sql.placeholder('from')),
        lt(transactions.executedAt, sql.placeholder('to')),
      ),
    )
    .prepare();
}

/** The same spending from whole UTC days [fromDay, toDay) of expense_days (kept by triggers, see the schema). */
function daysQuery(q: Q, byCategory: boolean) {
  return q
    .select({ s: exactSum(expenseDays.spentMinor) })
    .from(expenseDays)
    .where(
      and(
        eq(expenseDays.familyId, sql.placeholder('familyId')),
        eq(expenseDays.currency, sql.placeholder('currency')),
        byCategory ? eq(expenseDays.categoryId, sql.placeholder('categoryId')) : undefined,
        gte(expenseDays.day, sql.placeholder('fromDay')),
        lt(expenseDays.day, sql.placeholder('toDay')),
      ),
    )
    .prepare();
}

type Budget = typeof budgets.$inferSelect;
const BUDGET = rawColumns(budgets);

// Run after every executed expense (most families have no budget, and then
// only the first one runs): prepared once per connection, the first read raw.
const statements = perConnection((q) => ({
  // Active budgets only: one removed is announced no more, not even for a month it stood in.
  budgets: rawQuery<[number, string], Budget>(connectionOf(q), `SELECT ${BUDGET.list} FROM budgets WHERE family_id = ? AND currency = ? AND archived_at IS NULL`, BUDGET.read),
  timezone: q.select({ tz: families.timezone }).from(families).where(eq(families.id, sql.placeholder('familyId'))).prepare(),
  spentInCategory: spentQuery(q, true),
  spentInAll: spentQuery(q, false),
  daysInCategory: daysQuery(q, true),
  daysInAll: daysQuery(q, false),
}));

type BudgetScope = { familyId: number; currency: string; categoryId: number | null };

/** What a budget's scope has spent in [from, to): executed, unreversed expenses (a bigint: a won month may pass 2^53). */
export function budgetSpent(q: Q, b: BudgetScope, from: number, to: number): bigint {
  const s = statements(q);
  const rows = b.categoryId !== null ? s.spentInCategory : s.spentInAll;
  const days = b.categoryId !== null ? s.daysInCategory : s.daysInAll;
  const scope = { familyId: b.familyId, currency: b.currency, categoryId: b.categoryId };
  // Whole UTC days from the daily totals (about 30 rows a month, whatever the number of transactions), the edges from the transactions.
  let spent = 0n;
  splitByExpenseDays(
    from,
    to,
    (a, z) => (spent += rows.get({ ...scope, from: a, to: z })?.s ?? 0n),
    (fromDay, toDay) => (spent += days.get({ ...scope, fromDay, toDay })?.s ?? 0n),
  );
  return spent;
}

type Replaced = { kind: string; currency: string; categoryId: number | null; amountMinor: number; executedAt: number | null };

/** Whether an entry counts in a budget's month [from, to): an expense in its currency (and category), dated then. */
function countsIn(b: BudgetScope, t: Omit<Replaced, 'amountMinor'>, from: number, to: number): boolean {
  return (
    t.kind === 'expense' &&
    t.currency === b.currency &&
    (b.categoryId === null || t.categoryId === b.categoryId) &&
    t.executedAt !== null &&
    t.executedAt >= from &&
    t.executedAt < to
  );
}

/**
 * `replaced`: the executed entry `t` replaces in the same commit (a
 * correction reverses the original and posts a copy). Its spending counted
 * before the change, so a new note, another wallet or a smaller amount
 * announces nothing again; only a level the corrected spending newly crosses.
 */
export function checkBudgetAlerts(tx: Tx, t: Expense, at: number, replaced?: Replaced): void {
  if (t.kind !== 'expense') return;
  const s = statements(tx);
  const scoped = s.budgets.all(t.familyId, t.currency).filter((b) => b.categoryId === null || b.categoryId === t.categoryId);
  if (scoped.length === 0) return;
  const tz = s.timezone.get({ familyId: t.familyId })?.tz ?? 'UTC';
  // The month the expense counts in (a corrected copy keeps its original's date): the budgets it had
  // (not one made since) and their limits then.
  const { from, to, label } = monthBounds(t.executedAt ?? at, tz);
  const list = scoped.filter((b) => budgetStoodAt(b, to)).map((b) => ({ ...b, amountMinor: budgetLimitAt(tx, b, to) }));
  for (const b of list) {
    // Includes this expense: it is already executed when we are called.
    const after = budgetSpent(tx, b, from, to);
    const replacedHere = replaced !== undefined && countsIn(b, replaced, from, to);
    const before = after - BigInt(t.amountMinor) + BigInt(replacedHere ? replaced.amountMinor : 0);
    const levels = alertLevels(b.alertAt);
    // Only the highest level crossed by this expense is announced (exactly: spent × 100 passes 2^53 for a won budget).
    const crossed = levels.filter((p) => !reachesPercent(before, b.amountMinor, p) && reachesPercent(after, b.amountMinor, p));
    const percent = Math.max(...crossed, 0);
    if (percent > 0) enqueueOutbox(tx, { topic: 'budget.threshold', payload: { budgetId: b.id, familyId: t.familyId, percent, period: label, spenderId: t.createdBy, transactionId: t.id } }, at);
  }
}

function alertLevels(alertAt: string): number[] {
  return alertAt
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
}

/**
 * The entry that stands for `transactionId` now: itself while executed, or the
 * corrected copy that replaced it (a correction reverses and re-posts; an undo,
 * a rejection or a withdrawal leaves nothing standing).
 */
function standingEntry(q: Q, transactionId: number): typeof transactions.$inferSelect | undefined {
  let t = q.select().from(transactions).where(eq(transactions.id, transactionId)).get();
  // Bounded: each step is a correction of the one before.
  for (let steps = 0; t && t.status !== 'executed' && steps < 100; steps++) {
    t = t.status === 'reversed' ? q.select().from(transactions).where(eq(transactions.correctionOf, t.id)).get() : undefined;
  }
  return t && t.status === 'executed' && t.reversalOf === null ? t : undefined;
}

export type StandingBudgetAlert = { budget: Budget; /** The limit of the alert's month. */ limitMinor: number; spentMinor: bigint };

/**
 * Whether a queued budget alert still holds against the books as they are now,
 * read by the job that delivers it: the budget still stands for that month,
 * its spending in the month is still at the level (against that month's
 * limit), and the expense that crossed it (or the copy that corrected it) still
 * counts in it. Undefined: drop the alert. Nothing is written either way.
 */
export function budgetAlertStands(
  q: Q,
  p: { budgetId: number; familyId: number; percent: number; period: string; transactionId?: number },
): StandingBudgetAlert | undefined {
  const budget = q.select().from(budgets).where(eq(budgets.id, p.budgetId)).get();
  if (!budget || budget.familyId !== p.familyId) return undefined;
  const tz = statements(q).timezone.get({ familyId: p.familyId })?.tz ?? 'UTC';
  const { from, to } = monthRange(parseMonth(p.period), tz);
  // A budget removed since is not announced, even for a month it stood in.
  if (budget.archivedAt !== null || !budgetStoodAt(budget, to)) return undefined;
  const limitMinor = budgetLimitAt(q, budget, to);
  const spentMinor = budgetSpent(q, budget, from, to);
  if (!reachesPercent(spentMinor, limitMinor, p.percent)) return undefined;
  // Rows queued before the alert named its expense are weighed by the level alone.
  if (p.transactionId !== undefined) {
    const t = standingEntry(q, p.transactionId);
    if (t === undefined || !countsIn(budget, t, from, to)) return undefined;
  }
  return { budget, limitMinor, spentMinor };
}
