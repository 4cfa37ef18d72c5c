// Budget alerts: when an executed expense carries a month's spending across one
// of a budget's alert levels (80 %, 100 % by default), a `budget.threshold`
// outbox row is written in the same transaction. Crossing is computed from the
// spending before and after this expense, so each level fires once per month.
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { budgets, families, transactions } from '../../db/schema.js';
import type { Tx } from '../deps.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { monthBounds } from '../reports/reports.js';

type Expense = { id: number; familyId: number; kind: string; currency: string; categoryId: number | null; amountMinor: number };

export function checkBudgetAlerts(tx: Tx, t: Expense, at: number): void {
  if (t.kind !== 'expense') return;
  const list = tx
    .select()
    .from(budgets)
    .where(and(eq(budgets.familyId, t.familyId), eq(budgets.currency, t.currency), isNull(budgets.archivedAt)))
    .all()
    .filter((b) => b.categoryId === null || b.categoryId === t.categoryId);
  if (list.length === 0) return;
  const tz = tx.select({ tz: families.timezone }).from(families).where(eq(families.id, t.familyId)).get()?.tz ?? 'UTC';
  const { from, to, label } = monthBounds(at, tz);
  for (const b of list) {
    // Includes this expense: it is already executed when we are called.
    const after =
      tx
        .select({ s: sql<number>`coalesce(sum(${transactions.amountMinor}), 0)` })
        .from(transactions)
        .where(
          and(
            eq(transactions.familyId, t.familyId),
            eq(transactions.kind, 'expense'),
            eq(transactions.status, 'executed'),
            isNull(transactions.reversalOf),
            eq(transactions.currency, b.currency),
            b.categoryId !== null ? eq(transactions.categoryId, b.categoryId) : undefined,
            gte(transactions.executedAt, from),
            lt(transactions.executedAt, to),
          ),
        )
        .get()?.s ?? 0;
    const before = after - t.amountMinor;
    const levels = b.alertAt
      .split(',')
      .map((x) => Number(x.trim()))
      .filter((x) => Number.isInteger(x) && x > 0);
    // Only the highest level crossed by this expense is announced.
    const crossed = levels.filter((p) => before * 100 < p * b.amountMinor && after * 100 >= p * b.amountMinor);
    const percent = Math.max(...crossed, 0);
    if (percent > 0) enqueueOutbox(tx, { topic: 'budget.threshold', payload: { budgetId: b.id, familyId: t.familyId, percent, period: label } }, at);
  }
}
