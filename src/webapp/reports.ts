// Reading the insight endpoints (/reports/monthly, /reports/trend, /budgets,
// /goals). Money may come as a decimal string ("50.00") or as integer minor
// units (`*_minor`); both are read exactly into a decimal string plus the
// integer used to size bars.
import { decimalOf } from './format.js';

type Raw = Record<string, unknown>;
export type Amount = { text: string; minor: number };

/** The amount named `base` of a record: `base` (decimal string) or `base_minor` (integer). */
export function amountOf(r: Raw, base: string, currency: string): Amount {
  const text = r[base];
  const minor = r[`${base}_minor`];
  if (typeof minor === 'number') return { text: decimalOf(minor, currency), minor };
  if (typeof text === 'string') return { text, minor: minorOf(text, currency) };
  if (typeof text === 'number') return { text: String(text), minor: minorOf(String(text), currency) };
  return { text: '0', minor: 0 };
}

function minorOf(text: string, currency: string): number {
  const exp = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const [int = '0', frac = ''] = text.replace('-', '').split('.');
  const v = Number(int) * 10 ** exp + Number((frac + '0'.repeat(exp)).slice(0, exp) || '0');
  return text.startsWith('-') ? -v : v;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

export type CategoryShare = { id: number | null; name: string; emoji: string | null; total: Amount; share: number; change: number | null };
export type CurrencyMonth = { currency: string; income: Amount; expense: Amount; expenses: CategoryShare[] };
export type MonthReport = { month: string; previous: string; next: string; currencies: CurrencyMonth[] };

export function readMonth(r: Raw): MonthReport {
  return {
    month: str(r['month']) ?? '',
    previous: str(r['previous_month']) ?? '',
    next: str(r['next_month']) ?? '',
    currencies: arr(r['currencies']).map((c) => {
      const currency = str(c['currency']) ?? 'USD';
      return {
        currency,
        income: amountOf(c, 'income', currency),
        expense: amountOf(c, 'expense', currency),
        expenses: arr(c['expenses_by_category']).map((l) => ({
          id: num(l['category_id']),
          name: str(l['name']) ?? '—',
          emoji: str(l['emoji']),
          total: amountOf(l, 'total', currency),
          share: num(l['share_percent']) ?? 0,
          change: num(l['change_percent']),
        })),
      };
    }),
  };
}

export type TrendSeries = { currency: string; points: Array<{ month: string; income: Amount; expense: Amount }> };

export function readTrend(r: Raw): TrendSeries[] {
  return arr(r['currencies']).map((c) => {
    const currency = str(c['currency']) ?? 'USD';
    return { currency, points: arr(c['points']).map((p) => ({ month: str(p['month']) ?? '', income: amountOf(p, 'income', currency), expense: amountOf(p, 'expense', currency) })) };
  });
}

export type Progress = { id: number; name: string; currency: string; done: Amount; target: Amount; percent: number; note: string | null };

export function readBudgets(r: Raw, categoryName: (id: number | null) => string): Progress[] {
  return arr(r['budgets']).map((b) => {
    const currency = str(b['currency']) ?? 'USD';
    return {
      id: num(b['id']) ?? 0,
      name: str(b['name']) ?? str(b['category_name']) ?? categoryName(num(b['category_id'])),
      currency,
      done: amountOf(b, 'spent', currency),
      target: amountOf(b, 'limit', currency).minor ? amountOf(b, 'limit', currency) : amountOf(b, 'amount', currency),
      percent: num(b['percent']) ?? 0,
      note: num(b['days_left']) !== null ? String(num(b['days_left'])) : null,
    };
  });
}

export function readGoals(r: Raw): Progress[] {
  return arr(r['goals']).map((g) => {
    const currency = str(g['currency']) ?? 'USD';
    return {
      id: num(g['id']) ?? 0,
      name: str(g['name']) ?? '—',
      currency,
      done: amountOf(g, 'saved', currency),
      target: amountOf(g, 'target', currency),
      percent: num(g['percent']) ?? 0,
      note: str(g['deadline']),
    };
  });
}
