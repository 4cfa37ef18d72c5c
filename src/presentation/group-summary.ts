// The pinned group summary's text: one renderer for the bot (after a change)
// and the jobs (the family's midnight), so the two never write it differently.
// In the family's language; the numbers are the core's (groupSummary).
import type { Locale } from '../config.js';
import { formatMoney, type GroupSummary } from '../domain/index.js';
import { calendarDay, monthName } from './dates.js';
import { percent as formatPercent } from './percent.js';
import type { Translate } from './transaction-text.js';

export function groupSummaryText(s: GroupSummary, locale: Locale, t: Translate): string {
  // "📌 November 2026", as /report and /budgets name a month (not the label "2026-11").
  const month = monthName(locale, s.month, { capital: true });
  // The day by its date, not "Today": the message stands until the next change or the family's midnight.
  const day = calendarDay(locale, s.day, { year: false });
  if (!s.amounts) {
    return [
      t('groups-summary-title', { month }),
      t('groups-summary-today-count', { day, count: s.expensesToday }),
      t('groups-summary-month-count', { count: s.expensesMonth }),
      t('groups-summary-private', {}),
    ].join('\n');
  }
  const list = (items: Array<{ currency: string; expenseMinor: bigint }>) =>
    items.length > 0 ? items.map((i) => formatMoney(i.expenseMinor, i.currency, locale)).join(', ') : '0';
  const lines = [t('groups-summary-title', { month }), t('groups-summary-today', { day, amount: list(s.today) }), t('groups-summary-month', { amount: list(s.monthTotal) })];
  for (const b of s.budgets) {
    lines.push(t('groups-summary-budget', { spent: formatMoney(b.spentMinor, b.currency, locale), limit: formatMoney(b.amountMinor, b.currency, locale), percent: formatPercent(locale, b.percent, 100) }));
  }
  return lines.join('\n');
}
