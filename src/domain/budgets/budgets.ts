// Monthly spending limits, per expense category or for all the family's
// expenses, in the family's currency. Month boundaries are the family's (its
// time zone); what counts as spent is in alerts.ts (budgetSpent); the limit a
// month is weighed against is in limits.ts (a changed limit keeps its history).
import { and, eq, isNull } from 'drizzle-orm';
import { budgets, families } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q, type Tx } from '../deps.js';
import { archivedReference, DomainError, missingReference, notFound, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { checkCurrency } from '../families/families.js';
import { categoryOfFamily } from '../categories/categories.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { wholePercent } from '../money/ratio.js';
import { monthAt, monthRange, parseMonth } from '../reports/months.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { zonedMidnight } from '../reports/reports.js';
import { budgetSpent } from './alerts.js';
import { budgetsOfMonth, recordBudgetLimit } from './limits.js';

export type Budget = typeof budgets.$inferSelect;
export type BudgetStatus = Budget & {
  /** Bigints: a won family's month may pass 2^53 minor units. */
  spentMinor: bigint;
  remainingMinor: bigint;
  /** Whole percent of the limit spent (may pass 100). */
  percent: number;
  /** The month reported ("2026-11"). */
  month: string;
  /** Days left in that month counting today, in the family's time zone (0 for a past month). */
  daysLeft: number;
};

function checkLimit(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) throw validation('amount', 'The budget must be a positive amount');
  return amountMinor;
}

function familyOf(q: Q, familyId: number): { tz: string; currency: string } {
  const f = q.select({ tz: families.timezone, currency: families.baseCurrency }).from(families).where(eq(families.id, familyId)).get();
  if (!f) throw notFound('Family');
  return f;
}

function budgetOfFamily(tx: Tx, familyId: number, budgetId: number): Budget {
  const b = tx.select().from(budgets).where(and(eq(budgets.id, budgetId), eq(budgets.familyId, familyId), isNull(budgets.archivedAt))).get();
  if (!b) throw missingReference('budget', budgetId, { budgetId });
  return b;
}

/**
 * A new monthly budget. The currency defaults to (and must be) the family's
 * currency; one active budget per category, and one for the whole family.
 * requestKey: the request that asks for it (the bot's last answer); asked
 * again, the budget made first is answered, not refused as one that exists
 * (request-keys.ts).
 */
export function createBudget(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; categoryId?: number | null; amountMinor: number; currency?: string; requestKey?: string },
): Budget {
  const amountMinor = checkLimit(input.amountMinor);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const made = madeFor(tx, 'budget', input.requestKey);
    if (made !== undefined) {
      const before = tx.select().from(budgets).where(and(eq(budgets.id, made), eq(budgets.familyId, input.familyId))).get();
      if (before) return before;
    }
    const family = familyOf(tx, input.familyId);
    const currency = input.currency !== undefined ? checkCurrency(input.currency) : family.currency;
    if (currency !== family.currency) throw validation('currency', `Budgets are in the family's currency, ${family.currency}`, { reason: 'not_family_currency' });
    const categoryId = input.categoryId ?? null;
    if (categoryId !== null) {
      const c = categoryOfFamily(tx, input.familyId, categoryId, 'category_id');
      if (c.kind !== 'expense') throw validation('category_id', 'Budgets are for expense categories');
      if (c.archivedAt) throw archivedReference('category', c.id, `The category "${c.name}" is archived`, 'category_id');
    }
    const same = tx
      .select({ id: budgets.id })
      .from(budgets)
      .where(and(eq(budgets.familyId, input.familyId), isNull(budgets.archivedAt), categoryId === null ? isNull(budgets.categoryId) : eq(budgets.categoryId, categoryId)))
      .get();
    if (same) throw new DomainError('conflict', categoryId === null ? 'The family already has a budget for all expenses' : 'This category already has a budget', { reason: 'budget_exists', budgetId: same.id });
    const b = tx
      .insert(budgets)
      .values({ familyId: input.familyId, categoryId, period: 'monthly', amountMinor, currency, createdBy: actorId, createdAt: at })
      .returning()
      .get();
    recordBudgetLimit(tx, b.id, amountMinor, at);
    rememberMade(tx, 'budget', input.requestKey, b.id, at);
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'budget.created', entityType: 'budget', entityId: b.id, payload: { amountMinor, currency, categoryId }, at });
    return b;
  });
}

/** Changes a budget's monthly limit from now on: months that ended keep theirs (limits.ts). */
export function updateBudget(deps: CoreDeps, actorId: number, input: { familyId: number; budgetId: number; amountMinor: number }): Budget {
  const amountMinor = checkLimit(input.amountMinor);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const before = budgetOfFamily(tx, input.familyId, input.budgetId);
    // The same limit again (a redelivered answer, a repeat) changes nothing: no history row, no "from X to X" event.
    if (before.amountMinor === amountMinor) return before;
    const b = tx.update(budgets).set({ amountMinor }).where(eq(budgets.id, before.id)).returning().get();
    recordBudgetLimit(tx, b.id, amountMinor, at);
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'budget.updated', entityType: 'budget', entityId: b.id, payload: { from: before.amountMinor, to: amountMinor }, at });
    return b;
  });
}

/** Removes a budget (kept archived for the audit log); one removed already stays as it is (a press handled twice). */
export function archiveBudget(deps: CoreDeps, actorId: number, input: { familyId: number; budgetId: number }): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const removed = tx.select().from(budgets).where(and(eq(budgets.id, input.budgetId), eq(budgets.familyId, input.familyId))).get();
    if (removed?.archivedAt) return;
    const b = budgetOfFamily(tx, input.familyId, input.budgetId);
    tx.update(budgets).set({ archivedAt: at }).where(eq(budgets.id, b.id)).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'budget.archived', entityType: 'budget', entityId: b.id, at });
  });
}

const DAY = 24 * 3600_000;

function startOfLocalDay(at: number, timeZone: string): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at)).split('-').map(Number) as [number, number, number];
  return zonedMidnight(y, m, d, timeZone);
}

/**
 * The budgets of a month ("2026-11"; default: this month in the family's time
 * zone) with what was spent in it: those that stood at the month's end, each
 * with the limit in force then (limits.ts), the family-wide budget first, then
 * by category. This month's are the active budgets with their current limits.
 */
export function listBudgets(deps: CoreDeps, actorId: number, familyId: number, opts: { month?: string } | number = {}): BudgetStatus[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const now = deps.clock();
  // (A number is the older signature: an instant inside the month.)
  const at = typeof opts === 'number' ? opts : now;
  const month = typeof opts === 'object' && opts.month !== undefined ? opts.month : undefined;
  const { tz } = familyOf(deps.db, familyId);
  const range = monthRange(month !== undefined ? parseMonth(month) : monthAt(at, tz), tz);
  // Whole local days from the start of today (or of the month) to the month's end; rounding absorbs a DST hour.
  const todayStart = startOfLocalDay(Math.max(now, range.from), tz);
  const daysLeft = now >= range.to ? 0 : Math.round((range.to - todayStart) / DAY);
  return budgetsOfMonth(deps.db, familyId, range.to).map((b) => {
    const spent = budgetSpent(deps.db, b, range.from, range.to);
    return { ...b, spentMinor: spent, remainingMinor: BigInt(b.amountMinor) - spent, percent: wholePercent(spent, b.amountMinor), month: range.label, daysLeft };
  });
}
