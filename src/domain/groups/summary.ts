// The numbers of the group's pinned summary: today's spending and the month's,
// per currency, and the family-wide monthly budgets (those without a category)
// with what is spent of them. One read for the bot to render. A family that
// keeps balances and reports out of the group (groupMaySeeBalances) gets no
// amounts at all: only how many expenses were entered today and this month.
// `day` names the family's day "today" is: the pinned message is edited only
// after a change, so it may still be read the next morning.
import { eq } from 'drizzle-orm';
import { families } from '../../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { requireMember } from '../families/access.js';
import { listBudgets } from '../budgets/budgets.js';
import { dayText } from '../dates/calendar.js';
import { monthBounds, summarize, zonedMidnight } from '../reports/reports.js';
import { groupMaySeeBalances, readGroupSettings } from './settings.js';

export type GroupSummary =
  | {
      month: string;
      /** The family's day counted as today (YYYY-MM-DD, its time zone). */
      day: string;
      amounts: true;
      today: Array<{ currency: string; expenseMinor: bigint }>;
      monthTotal: Array<{ currency: string; expenseMinor: bigint }>;
      budgets: Array<{ currency: string; amountMinor: number; spentMinor: bigint; percent: number }>;
    }
  // Money stays private to the family: counts of expenses, no sums, no budgets (a percentage is an amount too).
  | { month: string; day: string; amounts: false; expensesToday: number; expensesMonth: number };

/** The calendar day it is at `at` in time zone `tz`. */
export function dayInZone(at: number, tz: string): { y: number; m: number; d: number } {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(at))
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
  return { y: local['year'] ?? 1970, m: local['month'] ?? 1, d: local['day'] ?? 1 };
}

export function groupSummary(deps: CoreDeps, actorId: number, familyId: number, at = deps.clock()): GroupSummary {
  requireMember(deps.db, familyId, actorId, 'view');
  const family = deps.db.select({ tz: families.timezone }).from(families).where(eq(families.id, familyId)).get();
  if (!family) throw notFound('Family');
  const month = monthBounds(at, family.tz);
  const today = dayInZone(at, family.tz);
  const dayStart = zonedMidnight(today.y, today.m, today.d, family.tz);
  const day = dayText(today);
  const spending = (from: number, to: number) => summarize(deps, actorId, { familyId, from, to }).currencies;
  if (!groupMaySeeBalances(readGroupSettings(deps.db, familyId))) {
    const count = (from: number, to: number) =>
      spending(from, to).reduce((n, c) => n + c.expenses.reduce((m, e) => m + e.count, 0), 0);
    return { month: month.label, day, amounts: false, expensesToday: count(dayStart, at + 1), expensesMonth: count(month.from, month.to) };
  }
  const expenses = (from: number, to: number) =>
    spending(from, to)
      .filter((c) => c.expenseMinor > 0)
      .map((c) => ({ currency: c.currency, expenseMinor: c.expenseMinor }));
  const budgets = listBudgets(deps, actorId, familyId)
    .filter((b) => b.categoryId === null && b.period === 'monthly' && b.archivedAt === null)
    .map((b) => ({ currency: b.currency, amountMinor: b.amountMinor, spentMinor: b.spentMinor, percent: b.percent }));
  return { month: month.label, day, amounts: true, today: expenses(dayStart, at + 1), monthTotal: expenses(month.from, month.to), budgets };
}
