// Monthly spending limits, per category or for all expenses in a currency.
import { and, eq, isNull } from 'drizzle-orm';
import { budgets, families } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { notFound, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { checkCurrency } from '../families/families.js';
import { categoryOfFamily } from '../categories/categories.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { monthBounds } from '../reports/reports.js';
import { budgetSpent } from './alerts.js';

export type Budget = typeof budgets.$inferSelect;
export type BudgetStatus = Budget & { spentMinor: number; percent: number };

export function createBudget(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; categoryId?: number | null; amountMinor: number; currency: string },
): Budget {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > MAX_AMOUNT_MINOR) throw validation('amount', 'The budget must be a positive amount');
  const currency = checkCurrency(input.currency);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    if (input.categoryId != null && categoryOfFamily(tx, input.familyId, input.categoryId).kind !== 'expense') throw validation('category_id', 'Budgets are for expense categories');
    const b = tx
      .insert(budgets)
      .values({ familyId: input.familyId, categoryId: input.categoryId ?? null, period: 'monthly', amountMinor: input.amountMinor, currency, createdBy: actorId, createdAt: at })
      .returning()
      .get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'budget.created', entityType: 'budget', entityId: b.id, payload: { amountMinor: b.amountMinor, currency, categoryId: b.categoryId }, at });
    return b;
  });
}

export function archiveBudget(deps: CoreDeps, actorId: number, input: { familyId: number; budgetId: number }): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const b = tx.select().from(budgets).where(and(eq(budgets.id, input.budgetId), eq(budgets.familyId, input.familyId))).get();
    if (!b) throw notFound('Budget');
    tx.update(budgets).set({ archivedAt: at }).where(eq(budgets.id, b.id)).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'budget.archived', entityType: 'budget', entityId: b.id, at });
  });
}

/** Active budgets with what was spent this month (in the family's time zone). */
export function listBudgets(deps: CoreDeps, actorId: number, familyId: number, at = deps.clock()): BudgetStatus[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const family = deps.db.select({ tz: families.timezone }).from(families).where(eq(families.id, familyId)).get();
  if (!family) throw notFound('Family');
  const { from, to } = monthBounds(at, family.tz);
  return deps.db
    .select()
    .from(budgets)
    .where(and(eq(budgets.familyId, familyId), isNull(budgets.archivedAt)))
    .all()
    .map((b) => {
      const spent = budgetSpent(deps.db, b, from, to);
      return { ...b, spentMinor: spent, percent: Math.floor((spent * 100) / b.amountMinor) };
    });
}
