// The chart's few labels in each supported language, with the month and the
// totals formatted for that language. The bot and the API draw the same
// picture, so both take their labels from here (the API has no Fluent bundle).
import { formatMoney, type MonthlyReport } from '../domain/index.js';
import { monthName } from '../presentation/dates.js';
import type { ChartTexts } from './spending-chart.js';

export type ChartLocale = 'en' | 'ru';
export const CHART_LOCALES: readonly ChartLocale[] = ['en', 'ru'];

// The API draws the chart too and has no Fluent bundle: Intl's plural categories, as Fluent uses.
const RU_PLURAL = new Intl.PluralRules('ru');
const RU_MONTHS: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'месяц', few: 'месяца', many: 'месяцев' };

const WORDS: Record<ChartLocale, { expenses: string; income: string; total: string; months: (n: number) => string; other: string; uncategorised: string; empty: string }> = {
  en: { expenses: 'Expenses', income: 'Income', total: 'Total', months: (n) => `Last ${n} months`, other: 'Other', uncategorised: 'Uncategorised', empty: 'Nothing spent this month' },
  ru: {
    expenses: 'Расходы',
    income: 'Доходы',
    total: 'Всего',
    months: (n) => `За ${n} ${RU_MONTHS[RU_PLURAL.select(n)] ?? 'месяцев'}`,
    other: 'Остальное',
    uncategorised: 'Без категории',
    empty: 'В этом месяце расходов нет',
  },
};

export function toChartLocale(value: string | null | undefined): ChartLocale {
  const v = value?.toLowerCase().slice(0, 2);
  return v === 'ru' ? 'ru' : 'en';
}

/** Labels for a month's chart of one currency: "Expenses · November 2026", "Total $1,234.56 · income $2,000.00". */
export function chartTexts(locale: ChartLocale, report: MonthlyReport, currency: string, trendMonths: number): ChartTexts {
  const w = WORDS[locale];
  const c = report.currencies.find((x) => x.currency === currency);
  return {
    // The standalone month name ("ноябрь 2026", not "ноября").
    title: `${w.expenses} · ${monthName(locale, report.month)}`,
    subtitle: `${w.total} ${formatMoney(c?.expenseMinor ?? 0, currency, locale)} · ${w.income.toLowerCase()} ${formatMoney(c?.incomeMinor ?? 0, currency, locale)}`,
    trendTitle: w.months(trendMonths),
    income: w.income,
    expenses: w.expenses,
    other: w.other,
    uncategorised: w.uncategorised,
    empty: w.empty,
  };
}
