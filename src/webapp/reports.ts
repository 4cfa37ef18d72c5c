// Reading the insight endpoints of the REST API (/reports/monthly,
// /reports/trend, /budgets, /goals; src/api/routes/reports.ts). Money comes
// as exact decimal strings ("312.40"); each is kept as text for display and
// turned into integer minor units (never a float) to size bars and slices.
export type Amount = { text: string; minor: number };

const exponents = new Map<string, number>();
function exponent(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) {
    try {
      e = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      e = 2;
    }
    exponents.set(currency, e);
  }
  return e;
}

/** "312.40" in USD → { text: "312.40", minor: 31240 }. */
export function amount(text: string | null | undefined, currency: string): Amount {
  const t = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? text : '0';
  const exp = exponent(currency);
  const [int = '0', frac = ''] = t.replace('-', '').split('.');
  const minor = Number(int) * 10 ** exp + Number((frac + '0'.repeat(exp)).slice(0, exp) || '0');
  return { text: t, minor: t.startsWith('-') ? -minor : minor };
}

export function exponentOf(currency: string): number {
  return exponent(currency);
}

type CategoryLineView = { category_id: number | null; name: string | null; emoji: string | null; total: string; share_percent: number; change_percent: number | null };
type MonthlyView = {
  month: string;
  previous_month: string;
  next_month: string;
  currencies: Array<{ currency: string; income: string; expenses: string; expenses_by_category: CategoryLineView[] }>;
};
type TrendView = { currencies: Array<{ currency: string; points: Array<{ month: string; income: string; expenses: string }> }> };
type BudgetView = { id: number; category_id: number | null; currency: string; limit: string; spent: string; percent: number; days_left: number };
type GoalView = { id: number; name: string; currency: string; target: string; saved: string; percent: number; deadline: string | null };

export type CategoryShare = { id: number | null; name: string; emoji: string | null; total: Amount; share: number; change: number | null };
export type CurrencyMonth = { currency: string; income: Amount; expense: Amount; expenses: CategoryShare[] };
export type MonthReport = { month: string; previous: string; next: string; currencies: CurrencyMonth[] };

export function readMonth(r: MonthlyView): MonthReport {
  return {
    month: r.month,
    previous: r.previous_month,
    next: r.next_month,
    currencies: r.currencies.map((c) => ({
      currency: c.currency,
      income: amount(c.income, c.currency),
      expense: amount(c.expenses, c.currency),
      expenses: c.expenses_by_category.map((l) => ({
        id: l.category_id,
        name: l.name ?? '—',
        emoji: l.emoji,
        total: amount(l.total, c.currency),
        share: l.share_percent,
        change: l.change_percent,
      })),
    })),
  };
}

export type TrendSeries = { currency: string; points: Array<{ month: string; income: Amount; expense: Amount }> };

export function readTrend(r: TrendView): TrendSeries[] {
  return r.currencies.map((c) => ({
    currency: c.currency,
    points: c.points.map((p) => ({ month: p.month, income: amount(p.income, c.currency), expense: amount(p.expenses, c.currency) })),
  }));
}

export type Progress = { id: number; name: string; currency: string; done: Amount; target: Amount; percent: number; note: string | null };

export function readBudgets(r: { budgets: BudgetView[] }, categoryName: (id: number | null) => string): Progress[] {
  return r.budgets.map((b) => ({
    id: b.id,
    name: categoryName(b.category_id),
    currency: b.currency,
    done: amount(b.spent, b.currency),
    target: amount(b.limit, b.currency),
    percent: b.percent,
    note: String(b.days_left),
  }));
}

export function readGoals(r: { goals: GoalView[] }): Progress[] {
  return r.goals.map((g) => ({
    id: g.id,
    name: g.name,
    currency: g.currency,
    done: amount(g.saved, g.currency),
    target: amount(g.target, g.currency),
    percent: g.percent,
    note: g.deadline,
  }));
}
