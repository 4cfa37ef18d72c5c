// Reports: what came in and went out over a period, by category and currency.
// Reversed transactions and their reversals cancel out, so both are left out.
// The full monthly report (members, wallets, change, trend) is in monthly.ts.
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { categories, families, transactions } from '../../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { utcTime } from '../dates/calendar.js';
import { notFound } from '../errors.js';
import { requireMember } from '../families/access.js';
import { byBigintDesc, exactSum } from '../exact-sum.js';

// Sums are bigints: a period of a won family's amounts may pass 2^53 minor units.
export type CategoryTotal = { categoryId: number | null; name: string | null; emoji: string | null; totalMinor: bigint; count: number };
export type CurrencySummary = { currency: string; incomeMinor: bigint; expenseMinor: bigint; expenses: CategoryTotal[]; incomes: CategoryTotal[] };
export type Summary = { from: number; to: number; currencies: CurrencySummary[] };

export function summarize(deps: CoreDeps, actorId: number, input: { familyId: number; from: number; to: number }): Summary {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const rows = deps.db
    .select({
      kind: transactions.kind,
      currency: transactions.currency,
      categoryId: transactions.categoryId,
      name: categories.name,
      emoji: categories.emoji,
      total: exactSum(transactions.amountMinor),
      count: sql<number>`count(*)`,
    })
    .from(transactions)
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .where(
      and(
        eq(transactions.familyId, input.familyId),
        eq(transactions.status, 'executed'),
        isNull(transactions.reversalOf),
        gte(transactions.executedAt, input.from),
        lt(transactions.executedAt, input.to),
      ),
    )
    .groupBy(transactions.kind, transactions.currency, transactions.categoryId)
    .all();
  const byCurrency = new Map<string, CurrencySummary>();
  for (const r of rows) {
    // Transfers, opening balances and corrections are neither income nor spending.
    if (r.kind !== 'expense' && r.kind !== 'income') continue;
    const s = byCurrency.get(r.currency) ?? { currency: r.currency, incomeMinor: 0n, expenseMinor: 0n, expenses: [], incomes: [] };
    byCurrency.set(r.currency, s);
    const item = { categoryId: r.categoryId, name: r.name, emoji: r.emoji, totalMinor: r.total, count: r.count };
    if (r.kind === 'expense') {
      s.expenseMinor += r.total;
      s.expenses.push(item);
    } else {
      s.incomeMinor += r.total;
      s.incomes.push(item);
    }
  }
  for (const s of byCurrency.values()) {
    s.expenses.sort((a, b) => byBigintDesc(a.totalMinor, b.totalMinor));
    s.incomes.sort((a, b) => byBigintDesc(a.totalMinor, b.totalMinor));
  }
  return { from: input.from, to: input.to, currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}

/** Start (inclusive) and end (exclusive) of the calendar month containing `at`, in the family's time zone. */
export function monthBounds(at: number, timeZone: string): { from: number; to: number; label: string } {
  // Runs on every expense with a budget: the zone's formatter is made once (building one costs ~0.2 ms)
  // and a month's bounds are computed once (six more formatToParts calls).
  const { y, m } = localParts(at, timeZone);
  const key = `${timeZone}|${y}-${m}`;
  let b = monthBoundsMemo.get(key);
  if (!b) {
    b = { from: zonedMidnight(y, m, 1, timeZone), to: zonedMidnight(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, timeZone), label: `${y}-${String(m).padStart(2, '0')}` };
    // Bounded: a few zones × a few months in practice.
    if (monthBoundsMemo.size >= 512) monthBoundsMemo.clear();
    monthBoundsMemo.set(key, b);
  }
  return { ...b };
}

const monthBoundsMemo = new Map<string, { from: number; to: number; label: string }>();

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock fields of an instant in a time zone. */
function localParts(at: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  return { y: p['year'] ?? 0, m: p['month'] ?? 0, d: p['day'] ?? 0, h: p['hour'] ?? 0, min: p['minute'] ?? 0, s: p['second'] ?? 0 };
}

/**
 * Epoch ms of the first instant of a calendar date in a time zone: 00:00, or
 * where a daylight-saving jump skips midnight (America/Santiago, Asia/Beirut…)
 * the first wall-clock time that exists that day.
 */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  // utcTime, not Date.UTC: a year 0–99 is that year, never 1900–1999.
  const target = utcTime(y, m, d);
  let guess = target;
  // Two passes settle the zone's offset (it may differ between the guess and the answer).
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timeZone);
    guess -= utcTime(p.y, p.m, p.d, p.h, p.min, p.s) - target;
  }
  const day = (at: number) => {
    const p = localParts(at, timeZone);
    return utcTime(p.y, p.m, p.d);
  };
  // Midnight did not exist: the passes land in the day before; the day starts at the jump.
  for (let step = 0; step < 12 && day(guess) < target; step++) guess += 15 * 60 * 1000;
  return guess;
}

export function monthlySummary(deps: CoreDeps, actorId: number, familyId: number, at = deps.clock()): Summary & { label: string } {
  requireMember(deps.db, familyId, actorId, 'view');
  const family = deps.db.select({ tz: families.timezone }).from(families).where(eq(families.id, familyId)).get();
  if (!family) throw notFound('Family');
  const b = monthBounds(at, family.tz);
  return { ...summarize(deps, actorId, { familyId, from: b.from, to: b.to }), label: b.label };
}
