// A budget's limit is a history (budget_limits): each limit holds from the
// moment it was set. A month is weighed against the limit in force at its end
// (the last one set before the month ended), and shows the budgets that
// stood at its end: one created later is not in it, one removed later still is.
// Reports, /budgets, the alerts and their delivery all read limits here.
import { budgetLimits, budgets } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';

type Budget = typeof budgets.$inferSelect;
const BUDGET = rawColumns(budgets, undefined, 'b');

const statements = perConnection((q) => ({
  limitBefore: rawQuery<[number, number], number>(
    connectionOf(q),
    'SELECT amount_minor FROM budget_limits WHERE budget_id = ? AND effective_at < ? ORDER BY effective_at DESC, id DESC LIMIT 1',
    (v) => v[0] as number,
  ),
  // The family-wide budget first, then by category (as /budgets lists them).
  ofFamily: rawQuery<[number, number, number], Budget>(
    connectionOf(q),
    `SELECT ${BUDGET.list} FROM budgets b WHERE b.family_id = ? AND b.created_at < ? AND (b.archived_at IS NULL OR b.archived_at >= ?)
     ORDER BY b.category_id IS NOT NULL, b.id`,
    BUDGET.read,
  ),
}));

/** Records the limit a budget holds from `at` on (its creation, a change), in the caller's transaction. */
export function recordBudgetLimit(q: Q, budgetId: number, amountMinor: number, at: number): void {
  q.insert(budgetLimits).values({ budgetId, amountMinor, effectiveAt: at }).run();
}

/** Whether a budget stood at the end of a month ending at `monthEnd`: created before it, not removed before it. */
export function budgetStoodAt(b: Pick<Budget, 'createdAt' | 'archivedAt'>, monthEnd: number): boolean {
  return b.createdAt < monthEnd && (b.archivedAt === null || b.archivedAt >= monthEnd);
}

/** A budget's limit for a month ending at `monthEnd`: the last one set before then (its current one when it has no history). */
export function budgetLimitAt(q: Q, b: Pick<Budget, 'id' | 'amountMinor'>, monthEnd: number): number {
  return statements(q).limitBefore.get(b.id, monthEnd) ?? b.amountMinor;
}

/** The family's budgets of a month ending at `monthEnd`, each with that month's limit as `amountMinor`. */
export function budgetsOfMonth(q: Q, familyId: number, monthEnd: number): Budget[] {
  return statements(q)
    .ofFamily.all(familyId, monthEnd, monthEnd)
    .map((b) => ({ ...b, amountMinor: budgetLimitAt(q, b, monthEnd) }));
}
