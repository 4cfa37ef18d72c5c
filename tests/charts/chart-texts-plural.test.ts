// The chart's trend title counts months with Russian plural forms (Intl's categories).
import { describe, expect, it } from 'vitest';
import { chartTexts } from '../../src/charts/texts.js';
import type { MonthlyReport } from '../../src/domain/index.js';

const report = { month: '2026-11', currencies: [] } as unknown as MonthlyReport;

describe('chart texts', () => {
  it('"За 1 месяц", "за 2 месяца", "за 6 месяцев", "за 21 месяц"; the month named in the reader\'s language', () => {
    const title = (n: number) => chartTexts('ru', report, 'RUB', n).trendTitle;
    expect([1, 2, 4, 5, 6, 11, 12, 21, 22].map(title)).toEqual([
      'За 1 месяц', 'За 2 месяца', 'За 4 месяца', 'За 5 месяцев', 'За 6 месяцев', 'За 11 месяцев', 'За 12 месяцев', 'За 21 месяц', 'За 22 месяца',
    ]);
    expect(chartTexts('ru', report, 'RUB', 6).title).toBe('Расходы · ноябрь 2026');
    expect(chartTexts('en', report, 'USD', 12)).toMatchObject({ title: 'Expenses · November 2026', trendTitle: 'Last 12 months' });
  });
});
