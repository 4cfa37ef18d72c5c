// The month's picture: spending by category (horizontal bars, largest first,
// each with its amount) above the income/expenses trend of the last months.
// Drawn as SVG by Apache ECharts' server-side renderer (no DOM, no browser)
// in a phone-friendly 1080×1350 portrait, with the reader's language and
// number format. Labels are passed in already translated: no i18n here.
import { ssrChart, type ChartOption } from './echarts.js';
import { currencyExponent, displayName, formatMoney, toDecimalString, type MonthlyReport, type TrendReport } from '../domain/index.js';
import { shortMonthName } from '../presentation/dates.js';
import { percent } from '../presentation/percent.js';

export type ChartTexts = {
  /** "Expenses · November 2026" */
  title: string;
  /** "Total 1,234.56 $" or similar, shown under the title. */
  subtitle: string;
  /** "Last 6 months" */
  trendTitle: string;
  income: string;
  expenses: string;
  /** The bar that gathers the smaller categories. */
  other: string;
  /** A category-less expense. */
  uncategorised: string;
  /** Shown instead of bars when nothing was spent. */
  empty: string;
};

export type SpendingChartInput = {
  report: MonthlyReport;
  trend: TrendReport;
  currency: string;
  locale: string;
  texts: ChartTexts;
};

export const CHART_WIDTH = 1080;
export const CHART_HEIGHT = 1350;
const MAX_BARS = 8;
const FONT = 'DejaVu Sans';
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];

/** Emoji are dropped from labels: the bundled font has no colour glyphs for them. */
function plain(text: string): string {
  return text
    .replace(/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u200d|\ufe0f/gu, '')
    .trim();
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Major units as a plain number for an axis position (display only; labels use the exact minor amount). */
const major = (minor: bigint, currency: string) => Number(toDecimalString(minor, currency));

export function spendingChartSvg(input: SpendingChartInput): string {
  const { report, trend, currency, locale, texts } = input;
  const cur = report.currencies.find((c) => c.currency === currency);
  const lines = cur?.expensesByCategory ?? [];
  const top = lines.slice(0, lines.length > MAX_BARS ? MAX_BARS - 1 : MAX_BARS);
  const rest = lines.slice(top.length).reduce((a, l) => a + l.totalMinor, 0n);
  // Each bar's share of the month's spending, from the minor units ("12,5 %" in Russian).
  const whole = lines.reduce((a, l) => a + l.totalMinor, 0n);
  const share = (minor: bigint) => percent(locale, minor, whole, { digits: 1, rounding: 'nearest' });
  const bars = [
    ...top.map((l) => ({ label: shorten(plain(l.name === null ? texts.uncategorised : displayName({ name: l.name, nameKey: l.nameKey }, locale.slice(0, 2))) || texts.uncategorised, 16), minor: l.totalMinor, share: share(l.totalMinor) })),
    ...(rest > 0n ? [{ label: texts.other, minor: rest, share: share(rest) }] : []),
  ].reverse(); // ECharts draws the first category at the bottom
  const points = trend.currencies.find((c) => c.currency === currency)?.points ?? trend.months.map((month) => ({ month, incomeMinor: 0n, expenseMinor: 0n }));
  const monthLabels = points.map((p) => {
    const [y, m] = p.month.split('-').map(Number) as [number, number];
    const name = shortMonthName(locale, p.month);
    return m === 1 || p === points[0] ? `${name}\n${y}` : name;
  });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: currencyExponent(currency) === 0 ? 0 : 1 });

  const chart = ssrChart(CHART_WIDTH, CHART_HEIGHT);
  try {
    const option: ChartOption = {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT },
      title: [
        { text: texts.title, subtext: texts.subtitle, left: 48, top: 36, textStyle: { fontSize: 44, fontWeight: 'bold', color: '#1f2937', fontFamily: FONT }, subtextStyle: { fontSize: 32, color: '#4b5563', fontFamily: FONT }, itemGap: 14 },
        { text: texts.trendTitle, left: 48, top: 860, textStyle: { fontSize: 36, fontWeight: 'bold', color: '#1f2937', fontFamily: FONT } },
        ...(bars.length === 0 ? [{ text: texts.empty, left: 'center', top: 430, textStyle: { fontSize: 34, color: '#6b7280', fontWeight: 'normal' as const, fontFamily: FONT } }] : []),
      ],
      legend: { data: [texts.income, texts.expenses], top: 866, right: 48, itemWidth: 30, itemHeight: 22, itemGap: 28, textStyle: { fontSize: 28, color: '#374151', fontFamily: FONT } },
      grid: [
        { left: 48, right: 48, top: 190, height: 600, containLabel: true },
        { left: 48, right: 48, top: 950, bottom: 50, containLabel: true },
      ],
      xAxis: [
        // Room right of the longest bar for its amount and share.
        { gridIndex: 0, type: 'value', show: false, max: (v: { max: number }) => v.max * 2.4 },
        { gridIndex: 1, type: 'category', data: monthLabels, axisTick: { show: false }, axisLine: { lineStyle: { color: '#9ca3af' } }, axisLabel: { fontSize: 26, color: '#374151', lineHeight: 32, fontFamily: FONT } },
      ],
      yAxis: [
        { gridIndex: 0, type: 'category', data: bars.map((b) => b.label), axisTick: { show: false }, axisLine: { show: false }, axisLabel: { fontSize: 30, color: '#111827', margin: 18, fontFamily: FONT } },
        { gridIndex: 1, type: 'value', splitNumber: 4, axisLabel: { fontSize: 24, color: '#6b7280', formatter: (v: number) => compact.format(v), fontFamily: FONT }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
      ],
      series: [
        {
          type: 'bar',
          xAxisIndex: 0,
          yAxisIndex: 0,
          barWidth: '62%',
          data: bars.map((b, i) => ({ value: major(b.minor, currency), itemStyle: { color: PALETTE[(bars.length - 1 - i) % PALETTE.length], borderRadius: [0, 8, 8, 0] } })),
          label: {
            show: true,
            position: 'right',
            fontSize: 27,
            color: '#111827',
            fontFamily: FONT,
            formatter: (p: { dataIndex: number }) => {
              const b = bars[p.dataIndex]!;
              return `${formatMoney(b.minor, currency, locale)}  ${b.share}`;
            },
          },
        },
        { name: texts.income, type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barGap: '10%', barCategoryGap: '30%', itemStyle: { color: '#59a14f', borderRadius: [6, 6, 0, 0] }, data: points.map((p) => major(p.incomeMinor, currency)) },
        { name: texts.expenses, type: 'bar', xAxisIndex: 1, yAxisIndex: 1, itemStyle: { color: '#e15759', borderRadius: [6, 6, 0, 0] }, data: points.map((p) => major(p.expenseMinor, currency)) },
      ],
    };
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
