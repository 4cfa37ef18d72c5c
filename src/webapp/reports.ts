// Reading the insight endpoints of the REST API (/reports/monthly,
// /reports/trend, /budgets, /goals; src/api/routes/reports.ts). Money comes
// as exact decimal strings ("312.40"); each is kept as text for display and
// turned into integer minor units (never a float) to size bars and slices.
import { decimalsOf } from './decimal.js';

export type Amount = { text: string; minor: number };

/**
 * "312.40" (USD) → { text: "312.40", minor: 31240 }; "312.400" (IQD) → 312400.
 * Minor units of the text's own decimals (the currency's ISO exponent, as the
 * server writes it; see decimal.ts), never Intl's digits for the currency.
 */
export function amount(text: string | null | undefined): Amount {
  const t = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? text : '0';
  const [int = '0', frac = ''] = t.replace('-', '').split('.');
  const minor = Number(int + frac);
  return { text: t, minor: t.startsWith('-') ? -minor : minor };
}

type CategoryLineView = { category_id: number | null; name: string | null; emoji: string | null; total: string; share_percent: number; change_percent: number | null };
type MonthlyView = {
  month: string;
  previous_month: string | null;
  next_month: string | null;
  currencies: Array<{ currency: string; income: string; expenses: string; expenses_by_category: CategoryLineView[] }>;
};
type TrendView = { currencies: Array<{ currency: string; points: Array<{ month: string; income: string; expenses: string }> }> };
type BudgetView = { id: number; category_id: number | null; currency: string; limit: string; spent: string; percent: number; days_left: number };
type GoalView = { id: number; name: string; currency: string; target: string; saved: string; percent: number; deadline: string | null };

export type CategoryShare = { id: number | null; name: string; emoji: string | null; total: Amount; share: number; change: number | null };
export type CurrencyMonth = { currency: string; income: Amount; expense: Amount; expenses: CategoryShare[] };
export type MonthReport = { month: string; previous: string | null; next: string | null; currencies: CurrencyMonth[] };

export function readMonth(r: MonthlyView): MonthReport {
  return {
    month: r.month,
    previous: r.previous_month,
    next: r.next_month,
    currencies: r.currencies.map((c) => ({
      currency: c.currency,
      income: amount(c.income),
      expense: amount(c.expenses),
      expenses: c.expenses_by_category.map((l) => ({
        id: l.category_id,
        name: l.name ?? '—',
        emoji: l.emoji,
        total: amount(l.total),
        share: l.share_percent,
        change: l.change_percent,
      })),
    })),
  };
}

/** `decimals`: how many of a point's minor units make a decimal place (the currency's exponent, read from the amounts). */
export type TrendSeries = { currency: string; decimals: number; points: Array<{ month: string; income: Amount; expense: Amount }> };

export function readTrend(r: TrendView): TrendSeries[] {
  return r.currencies.map((c) => ({
    currency: c.currency,
    decimals: Math.max(0, ...c.points.flatMap((p) => [decimalsOf(p.income), decimalsOf(p.expenses)])),
    points: c.points.map((p) => ({ month: p.month, income: amount(p.income), expense: amount(p.expenses) })),
  }));
}

export type Progress = { id: number; name: string; currency: string; done: Amount; target: Amount; percent: number; note: string | null };

export function readBudgets(r: { budgets: BudgetView[] }, categoryName: (id: number | null) => string): Progress[] {
  return r.budgets.map((b) => ({
    id: b.id,
    name: categoryName(b.category_id),
    currency: b.currency,
    done: amount(b.spent),
    target: amount(b.limit),
    percent: b.percent,
    note: String(b.days_left),
  }));
}

export function readGoals(r: { goals: GoalView[] }): Progress[] {
  return r.goals.map((g) => ({
    id: g.id,
    name: g.name,
    currency: g.currency,
    done: amount(g.saved),
    target: amount(g.target),
    percent: g.percent,
    note: g.deadline,
  }));
}
