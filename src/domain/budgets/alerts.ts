// Budget alerts: when an executed expense carries a month's spending across one
// of a budget's alert levels (80 %, 100 % by default), a `budget.threshold`
// outbox row is written in the same transaction. Crossing is computed from the
// spending before and after this expense, so each level fires once per month.
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { budgets, expenseDays, families, transactions } from '../../db/schema.js';
import type { Q, Tx } from '../deps.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { monthBounds } from '../reports/reports.js';

type Expense = { id: number; familyId: number; kind: string; currency: string; categoryId: number | null; amountMinor: number; createdBy: number | null; executedAt: number | null };

/** Executed, unreversed expenses of a family in a currency in [from, to), optionally of one category (the partial days at a month's edges). */
function spentQuery(q: Q, byCategory: boolean) {
  return q
    .select({ s: sql<number>`coalesce(sum(${transactions.amountMinor}), 0)` })
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
    .select({ s: sql<number>`coalesce(sum(${expenseDays.spentMinor}), 0)` })
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

const DAY_MS = 86_400_000;

type Budget = typeof budgets.$inferSelect;
const BUDGET = rawColumns(budgets);

// Run after every executed expense (most families have no budget, and then
// only the first one runs): prepared once per connection, the first read raw.
const statements = perConnection((q) => ({
  budgets: rawQuery<[number, string], Budget>(connectionOf(q), `SELECT ${BUDGET.list} FROM budgets WHERE family_id = ? AND currency = ? AND archived_at IS NULL`, BUDGET.read),
  timezone: q.select({ tz: families.timezone }).from(families).where(eq(families.id, sql.placeholder('familyId'))).prepare(),
  spentInCategory: spentQuery(q, true),
  spentInAll: spentQuery(q, false),
  daysInCategory: daysQuery(q, true),
  daysInAll: daysQuery(q, false),
}));

type BudgetScope = { familyId: number; currency: string; categoryId: number | null };

/** What a budget's scope has spent in [from, to): executed, unreversed expenses. */
export function budgetSpent(q: Q, b: BudgetScope, from: number, to: number): number {
  const s = statements(q);
  const rows = b.categoryId !== null ? s.spentInCategory : s.spentInAll;
  const days = b.categoryId !== null ? s.daysInCategory : s.daysInAll;
  const scope = { familyId: b.familyId, currency: b.currency, categoryId: b.categoryId };
  const sumRows = (a: number, z: number) => (a < z ? (rows.get({ ...scope, from: a, to: z })?.s ?? 0) : 0);
  // Whole UTC days inside [from, to) come from the daily totals (about 30 rows
  // a month, whatever the number of transactions); the family's month starts
  // and ends inside a UTC day unless its zone is UTC, so the (under a day)
  // edges are summed from the transactions themselves.
  const fromDay = Math.ceil(from / DAY_MS);
  const toDay = Math.floor(to / DAY_MS);
  if (fromDay >= toDay) return sumRows(from, to);
  const whole = days.get({ ...scope, fromDay, toDay })?.s ?? 0;
  return sumRows(from, fromDay * DAY_MS) + whole + sumRows(toDay * DAY_MS, to);
}

type Replaced = { kind: string; currency: string; categoryId: number | null; amountMinor: number; executedAt: number | null };

/**
 * `replaced`: the executed entry `t` replaces in the same commit (a
 * correction reverses the original and posts a copy). Its spending counted
 * before the change, so a new note, another wallet or a smaller amount
 * announces nothing again; only a level the corrected spending newly crosses.
 */
export function checkBudgetAlerts(tx: Tx, t: Expense, at: number, replaced?: Replaced): void {
  if (t.kind !== 'expense') return;
  const s = statements(tx);
  const list = s.budgets.all(t.familyId, t.currency).filter((b) => b.categoryId === null || b.categoryId === t.categoryId);
  if (list.length === 0) return;
  const tz = s.timezone.get({ familyId: t.familyId })?.tz ?? 'UTC';
  // The month the expense counts in (a corrected copy keeps its original's date).
  const { from, to, label } = monthBounds(t.executedAt ?? at, tz);
  for (const b of list) {
    // Includes this expense: it is already executed when we are called.
    const after = budgetSpent(tx, b, from, to);
    const replacedHere =
      replaced !== undefined &&
      replaced.kind === 'expense' &&
      replaced.currency === b.currency &&
      (b.categoryId === null || b.categoryId === replaced.categoryId) &&
      replaced.executedAt !== null &&
      replaced.executedAt >= from &&
      replaced.executedAt < to;
    const before = after - t.amountMinor + (replacedHere ? replaced.amountMinor : 0);
    const levels = b.alertAt
      .split(',')
      .map((x) => Number(x.trim()))
      .filter((x) => Number.isInteger(x) && x > 0);
    // Only the highest level crossed by this expense is announced.
    const crossed = levels.filter((p) => before * 100 < p * b.amountMinor && after * 100 >= p * b.amountMinor);
    const percent = Math.max(...crossed, 0);
    if (percent > 0) enqueueOutbox(tx, { topic: 'budget.threshold', payload: { budgetId: b.id, familyId: t.familyId, percent, period: label, spenderId: t.createdBy } }, at);
  }
}
