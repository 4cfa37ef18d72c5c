import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../src/charts/png.js';
import type { ChartTexts } from '../../src/charts/spending-chart.js';
import { createTransaction, listCategories, monthlyReport, trendReport } from '../../src/domain/index.js';
import { loadChartAssets } from '../../src/runtime/chart-assets.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

const RU: ChartTexts = { title: 'Расходы · ноябрь 2026', subtitle: 'Всего 42,00 $', trendTitle: 'За 6 месяцев', income: 'Доходы', expenses: 'Расходы', other: 'Остальное', uncategorised: 'Без категории', empty: 'Расходов нет' };
const EN: ChartTexts = { title: 'Expenses · November 2026', subtitle: 'Total $42.00', trendTitle: 'Last 6 months', income: 'Income', expenses: 'Expenses', other: 'Other', uncategorised: 'Uncategorised', empty: 'Nothing spent' };

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#160;|&nbsp;/g, '\u00a0'));

describe('the spending chart', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let charts: ChartRenderer;
  beforeAll(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 1000_00);
    const cats = listCategories(t.deps, f.owner, f.familyId, { kind: 'expense' });
    cats.forEach((c, i) => createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: (i + 1) * 3_00, categoryId: c.id }));
    charts = createChartRenderer(loadChartAssets());
  });
  afterAll(() => t.cleanup());

  const input = (locale: string, tx: ChartTexts) => ({
    report: monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-11' }),
    trend: trendReport(t.deps, f.owner, { familyId: f.familyId, months: 6, until: '2026-11' }),
    currency: 'USD',
    locale,
    texts: tx,
  });

  it('is written in the reader’s language and number format', () => {
    const ru = texts(charts.spendingSvg(input('ru', RU)));
    expect(ru).toEqual(expect.arrayContaining(['Расходы · ноябрь 2026', 'За 6 месяцев', 'Доходы', 'Остальное', 'нояб']));
    expect(ru.some((s) => /^\d[\d\u00a0]*,\d\d\u00a0\$/.test(s))).toBe(true); // "27,00 $"
    const en = texts(charts.spendingSvg(input('en', EN)));
    expect(en).toEqual(expect.arrayContaining(['Expenses · November 2026', 'Last 6 months', 'Income', 'Nov']));
    expect(en.some((s) => s.startsWith('$27.00'))).toBe(true);
    // Largest first: the top bar is the biggest category.
    const top = input('en', EN).report.currencies[0]!.expensesByCategory[0]!;
    expect(Number(top.totalMinor)).toBe(Math.max(...input('en', EN).report.currencies[0]!.expensesByCategory.map((c) => Number(c.totalMinor))));
  });

  it('rasterises to a valid PNG of phone size', async () => {
    const png = Buffer.from(await charts.spendingPng(input('ru', RU)));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1080, 1350]);
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(1_000_000);
  });

  it('says so when nothing was spent', () => {
    const empty = { ...input('en', EN), report: monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-01' }) };
    expect(texts(charts.spendingSvg(empty))).toContain('Nothing spent');
  });
});
