// The monthly report and the trend: where the money went in a month of the
// family's calendar, by category (with shares and the change against the month
// before), by member and by wallet, per currency; and income/expenses for the
// last N months.
//
// Only expenses and incomes count. Transfers move money between the family's
// own wallets, and every other kind (opening balances, balance corrections)
// records money that was already there: none of them is income or spending.
// Reversed transactions and their reversals cancel out, so both are left out.
import { eq, inArray, sql } from 'drizzle-orm';
import { categories, users, wallets } from '../../db/schema.js';
import type { CoreDeps, Q } from '../deps.js';
import { byBigintDesc } from '../exact-sum.js';
import { validation } from '../errors.js';
import { requireMember } from '../families/access.js';
import { percentToTenth } from '../money/ratio.js';
import { perConnection } from '../prepared.js';
import { familyTimezone } from '../recurring/rules.js';
import { fineRows, totalsByCategory, totalsByCurrency, type FineRow } from './month-sums.js';
import { monthAt, monthLabel, monthRange, neighbourMonth, parseMonth, shiftMonth, type Month } from './months.js';

/** The kinds a report counts; anything else is neither income nor spending. */
export const REPORTED_KINDS = ['expense', 'income'] as const;
export type ReportedKind = (typeof REPORTED_KINDS)[number];

export type CategoryLine = {
  categoryId: number | null;
  name: string | null;
  /** Set when the name came from the defaults: adapters show it in the reader's language (displayName). */
  nameKey: string | null;
  emoji: string | null;
  /** Sums are bigints: a month of a won family's amounts may pass 2^53 minor units. */
  totalMinor: bigint;
  count: number;
  /** Share of the currency's total of this kind, in percent with one decimal. */
  sharePercent: number;
  previousMinor: bigint;
  /** Change against the month before in percent (one decimal); null when the month before had none. */
  changePercent: number | null;
};
export type MemberLine = { userId: number; name: string; expenseMinor: bigint; incomeMinor: bigint; count: number };
export type WalletLine = { walletId: number; name: string; nameKey: string | null; expenseMinor: bigint; incomeMinor: bigint; count: number };
export type CurrencyReport = {
  currency: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  netMinor: bigint;
  previousIncomeMinor: bigint;
  previousExpenseMinor: bigint;
  expensesByCategory: CategoryLine[];
  incomesByCategory: CategoryLine[];
  byMember: MemberLine[];
  byWallet: WalletLine[];
};
export type MonthlyReport = {
  familyId: number;
  month: string;
  /** null at the ends of the months a report covers (before 1970-01, after 9999-11). */
  previousMonth: string | null;
  nextMonth: string | null;
  timezone: string;
  from: number;
  to: number;
  currencies: CurrencyReport[];
};

type Row = FineRow;

// Exact on the integers (ratio.ts): a float quotient of sums past 2^53 rounds a share to the wrong tenth.
const percent = (part: bigint, whole: bigint): number => (whole === 0n ? 0 : percentToTenth(part, whole));

function names(q: Q, rows: Row[]) {
  const ids = (pick: (r: Row) => number | null) => [...new Set(rows.map(pick).filter((x): x is number => x !== null))];
  const cats = ids((r) => r.categoryId);
  const people = ids((r) => r.userId);
  const ws = ids((r) => r.walletId);
  return {
    category: new Map(
      (cats.length ? q.select({ id: categories.id, name: categories.name, nameKey: categories.nameKey, emoji: categories.emoji }).from(categories).where(inArray(categories.id, cats)).all() : []).map((c) => [c.id, c]),
    ),
    user: new Map((people.length ? q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people)).all() : []).map((u) => [u.id, u.name])),
    wallet: new Map((ws.length ? q.select({ id: wallets.id, name: wallets.name, nameKey: wallets.nameKey }).from(wallets).where(inArray(wallets.id, ws)).all() : []).map((w) => [w.id, w])),
  };
}

function sumBy<K>(rows: Row[], key: (r: Row) => K): Map<K, { total: bigint; count: number }> {
  const out = new Map<K, { total: bigint; count: number }>();
  for (const r of rows) {
    const s = out.get(key(r)) ?? { total: 0n, count: 0 };
    s.total += r.total;
    s.count += r.count;
    out.set(key(r), s);
  }
  return out;
}

function categoryLines(rows: Row[], before: Map<number | null, bigint>, kind: ReportedKind, n: ReturnType<typeof names>): CategoryLine[] {
  const current = sumBy(
    rows.filter((r) => r.kind === kind),
    (r) => r.categoryId,
  );
  const whole = [...current.values()].reduce((a, s) => a + s.total, 0n);
  return [...current.entries()]
    .map(([categoryId, s]) => {
      const c = categoryId !== null ? n.category.get(categoryId) : undefined;
      const previousMinor = before.get(categoryId) ?? 0n;
      return {
        categoryId,
        name: c?.name ?? null,
        nameKey: c?.nameKey ?? null,
        emoji: c?.emoji ?? null,
        totalMinor: s.total,
        count: s.count,
        sharePercent: percent(s.total, whole),
        previousMinor,
        changePercent: previousMinor === 0n ? null : percent(s.total - previousMinor, previousMinor),
      };
    })
    .sort((a, b) => byBigintDesc(a.totalMinor, b.totalMinor) || (a.categoryId ?? 0) - (b.categoryId ?? 0));
}

function splitLines<K extends number>(rows: Row[], key: (r: Row) => K): Array<{ id: K; expenseMinor: bigint; incomeMinor: bigint; count: number }> {
  const out = new Map<K, { id: K; expenseMinor: bigint; incomeMinor: bigint; count: number }>();
  for (const r of rows) {
    const k = key(r);
    const s = out.get(k) ?? { id: k, expenseMinor: 0n, incomeMinor: 0n, count: 0 };
    if (r.kind === 'expense') s.expenseMinor += r.total;
    else s.incomeMinor += r.total;
    s.count += r.count;
    out.set(k, s);
  }
  return [...out.values()].sort((a, b) => byBigintDesc(a.expenseMinor, b.expenseMinor) || byBigintDesc(a.incomeMinor, b.incomeMinor) || a.id - b.id);
}

/**
 * The report of one month ("2026-03"; default: the current month in the
 * family's time zone). Amounts stay in their own currency: nothing is converted.
 */
export function monthlyReport(deps: CoreDeps, actorId: number, input: { familyId: number; month?: string }): MonthlyReport {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const timezone = familyTimezone(deps.db, input.familyId);
  const month: Month = input.month !== undefined ? parseMonth(input.month) : monthAt(deps.clock(), timezone);
  const range = monthRange(month, timezone);
  const prevRange = monthRange(shiftMonth(month, -1), timezone);
  // One read transaction: both months see the same snapshot.
  return deps.db.transaction(
    (tx) => {
      const rows = fineRows(tx, input.familyId, range.from, range.to);
      const n = names(tx, rows);
      const currencies = [...new Set(rows.map((r) => r.currency))].sort();
      // The month before only by category: expense_days and the incomes (month-sums.ts), not a second fine pass.
      const previous = {
        expense: totalsByCategory(tx, input.familyId, 'expense', currencies, prevRange.from, prevRange.to),
        income: totalsByCategory(tx, input.familyId, 'income', currencies, prevRange.from, prevRange.to),
      };
      const sum = (m: Map<unknown, bigint> | undefined) => [...(m?.values() ?? [])].reduce((a, x) => a + x, 0n);
      return {
        familyId: input.familyId,
        month: range.label,
        previousMonth: neighbourMonth(month, -1),
        nextMonth: neighbourMonth(month, 1),
        timezone,
        from: range.from,
        to: range.to,
        currencies: currencies.map((currency) => {
          const mine = rows.filter((r) => r.currency === currency);
          const theirs = { expense: previous.expense.get(currency) ?? new Map<number | null, bigint>(), income: previous.income.get(currency) ?? new Map<number | null, bigint>() };
          const total = (rs: Row[], kind: ReportedKind) => rs.filter((r) => r.kind === kind).reduce((a, r) => a + r.total, 0n);
          const incomeMinor = total(mine, 'income');
          const expenseMinor = total(mine, 'expense');
          return {
            currency,
            incomeMinor,
            expenseMinor,
            netMinor: incomeMinor - expenseMinor,
            previousIncomeMinor: sum(theirs.income),
            previousExpenseMinor: sum(theirs.expense),
            expensesByCategory: categoryLines(mine, theirs.expense, 'expense', n),
            incomesByCategory: categoryLines(mine, theirs.income, 'income', n),
            byMember: splitLines(mine, (r) => r.userId).map(({ id, ...s }) => ({ userId: id, name: n.user.get(id) ?? '?', ...s })),
            byWallet: splitLines(mine, (r) => r.walletId).map(({ id, ...s }) => ({ walletId: id, name: n.wallet.get(id)?.name ?? '?', nameKey: n.wallet.get(id)?.nameKey ?? null, ...s })),
          };
        }),
      };
    },
    { behavior: 'deferred' },
  );
}

/**
 * The month a report shows when none is asked for ("2026-03": the current month in the family's
 * time zone), for a person who may view the family. An adapter that keeps answers keys them by it:
 * with the month named, a report depends on the database alone, not on the clock.
 */
export function currentReportMonth(deps: CoreDeps, actorId: number, familyId: number): string {
  requireMember(deps.db, familyId, actorId, 'view');
  return monthLabel(monthAt(deps.clock(), familyTimezone(deps.db, familyId)));
}

export type TrendPoint = { month: string; incomeMinor: bigint; expenseMinor: bigint };
export type TrendReport = { familyId: number; timezone: string; months: string[]; currencies: Array<{ currency: string; points: TrendPoint[] }> };

export const MAX_TREND_MONTHS = 36;

const trendStatements = perConnection((q) => ({
  currencies: q.selectDistinct({ currency: wallets.currency }).from(wallets).where(eq(wallets.familyId, sql.placeholder('familyId'))).orderBy(wallets.currency).prepare(),
}));

/**
 * Income and expenses of the last `months` months ending with `until`
 * (default: the current month), oldest first, per currency. Months without
 * any are present with zeros, so every currency has one point per month.
 */
export function trendReport(deps: CoreDeps, actorId: number, input: { familyId: number; months?: number; until?: string }): TrendReport {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const count = input.months ?? 12;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TREND_MONTHS) throw validation('months', `months must be between 1 and ${MAX_TREND_MONTHS}`);
  const timezone = familyTimezone(deps.db, input.familyId);
  const last: Month = input.until !== undefined ? parseMonth(input.until, 'until') : monthAt(deps.clock(), timezone);
  // Months before 1970-01 are left out (until=1970-03 has three): each label is a month the API reads.
  const shown = Math.min(count, last.year * 12 + last.month - 1970 * 12);
  const ranges = Array.from({ length: shown }, (_, i) => monthRange(shiftMonth(last, i - shown + 1), timezone));
  // Per month, all currencies at once: the incomes from one scan that keeps only them, the
  // expenses from expense_days and the month's edges (month-sums.ts). The currencies are the
  // family's wallets' (every transaction is in one).
  const s = trendStatements(deps.db);
  const currencies = s.currencies.all({ familyId: input.familyId }).map((r) => r.currency);
  const byCurrency = new Map<string, TrendPoint[]>(currencies.map((c) => [c, []]));
  // One read transaction: every month sees the same snapshot.
  deps.db.transaction(
    (tx) => {
      for (const r of ranges) {
        const income = totalsByCurrency(tx, input.familyId, 'income', currencies, r.from, r.to);
        const expense = totalsByCurrency(tx, input.familyId, 'expense', currencies, r.from, r.to);
        for (const [currency, points] of byCurrency) points.push({ month: r.label, incomeMinor: income.get(currency) ?? 0n, expenseMinor: expense.get(currency) ?? 0n });
      }
    },
    { behavior: 'deferred' },
  );
  for (const [currency, points] of byCurrency) if (!points.some((p) => p.incomeMinor !== 0n || p.expenseMinor !== 0n)) byCurrency.delete(currency);
  return {
    familyId: input.familyId,
    timezone,
    months: ranges.map((r) => r.label),
    currencies: [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, points]) => ({ currency, points })),
  };
}

/**
 * The currency a one-currency view of a month (its chart) shows unless one is asked for: among the
 * currencies spent in that month, the family's own, else the first by code; with nothing spent, the
 * family's own when the month or the trend holds it, else the first held. Amounts in different
 * currencies are never compared: without rates "where the family spent most" cannot be told
 * (₩50,000 is 50,000 minor units, $400.00 only 40,000), so the order is fixed, as the Mini App's.
 */
export function chartCurrency(report: MonthlyReport, trend: TrendReport, baseCurrency: string): string | undefined {
  const pick = (held: string[]): string | undefined => (held.includes(baseCurrency) ? baseCurrency : [...held].sort()[0]);
  return (
    pick(report.currencies.filter((c) => c.expenseMinor > 0).map((c) => c.currency)) ??
    pick([...new Set([...report.currencies.map((c) => c.currency), ...trend.currencies.map((c) => c.currency)])])
  );
}
