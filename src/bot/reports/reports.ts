// /reports: any month of the family's calendar with ◀ ▶, the 12-month view,
// and the month's chart as a picture. Numbers come from the core's monthly
// report and trend; budgets and goals follow the month's numbers.
import { InlineKeyboard, InputFile } from 'grammy';
import { lazyChartRenderer, type LazyChartRenderer } from '../../charts/lazy.js';
import { ChartsBusy } from '../../charts/render-gate.js';
import { chartTexts, toChartLocale } from '../../charts/texts.js';
import { chartCurrency, displayName, getFamily, listBudgets, listGoals, monthlyReport, trendReport, type CategoryLine, type CoreDeps, type MonthlyReport } from '../../domain/index.js';
import { monthName, shortMonthName } from '../../presentation/dates.js';
import type { BotContext } from '../context.js';
import { money, percent } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb } from '../shared/callback-data.js';
import { loadNames } from '../shared/transaction-line.js';
import { say, show, type View } from '../shared/view.js';
import { pressTaken } from '../runtime/press-repeat.js';
import { nextRow } from '../../presentation/keyboard.js';

// One renderer per running app (echarts, resvg, its WebAssembly and fonts load on the first chart).
const renderers = new WeakMap<CoreDeps, LazyChartRenderer>();
function chartsOf(ctx: BotContext): LazyChartRenderer {
  let r = renderers.get(ctx.app.deps);
  if (!r) {
    r = lazyChartRenderer();
    renderers.set(ctx.app.deps, r);
  }
  return r;
}

/** "November 2026" in the reader's language (the standalone month name). */
export function monthTitle(ctx: BotContext, month: string): string {
  return monthName(ctx.app.locale, month, { capital: true });
}

function shortMonth(ctx: BotContext, month: string): string {
  return shortMonthName(ctx.app.locale, month);
}

/** `whole`: the total of the lines' kind, the share's denominator. Percents from the minor units, with one decimal. */
function categoryLine(ctx: BotContext, c: CategoryLine, currency: string, whole: bigint): string {
  const name = c.name ? `${c.emoji ? `${c.emoji} ` : ''}${displayName({ name: c.name, nameKey: c.nameKey }, ctx.app.locale)}` : ctx.t('manage-tx-no-category');
  const tenth = { digits: 1, rounding: 'nearest' } as const;
  const diff = c.totalMinor - c.previousMinor;
  const change = c.changePercent === null ? '' : ` · ${c.changePercent > 0 ? '▲' : c.changePercent < 0 ? '▼' : '='} ${percent(ctx, diff < 0n ? -diff : diff, c.previousMinor, tenth)}`;
  return `  ${name}: ${money(ctx, c.totalMinor, currency)} · ${percent(ctx, c.totalMinor, whole, tenth)}${change}`;
}

const totalOf = (lines: CategoryLine[]): bigint => lines.reduce((sum, l) => sum + l.totalMinor, 0n);

/** A ten-cell progress bar: ▓▓▓▓░░░░░░ */
export function progressBar(percent: number): string {
  const full = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return '▓'.repeat(full) + '░'.repeat(10 - full);
}

function monthText(ctx: BotContext, scope: FamilyScope, r: MonthlyReport, current: boolean): string {
  const out: string[] = [ctx.t('manage-report-title', { month: monthTitle(ctx, r.month) })];
  if (r.currencies.length === 0) out.push('', ctx.t('reports-empty-month'));
  for (const s of r.currencies) {
    out.push('', ctx.t('manage-report-currency', { currency: s.currency, income: money(ctx, s.incomeMinor, s.currency), expenses: money(ctx, s.expenseMinor, s.currency), net: money(ctx, s.netMinor, s.currency) }));
    if (s.expensesByCategory.length) out.push(ctx.t('manage-report-expenses-by-category'), ...s.expensesByCategory.map((c) => categoryLine(ctx, c, s.currency, totalOf(s.expensesByCategory))));
    if (s.incomesByCategory.length) out.push(ctx.t('manage-report-income-by-category'), ...s.incomesByCategory.map((c) => categoryLine(ctx, c, s.currency, totalOf(s.incomesByCategory))));
    if (s.byMember.length > 1) out.push(ctx.t('reports-by-member'), ...s.byMember.map((m) => `  ${m.name}: ${ctx.t('reports-split', { spent: money(ctx, m.expenseMinor, s.currency), received: money(ctx, m.incomeMinor, s.currency) })}`));
    if (s.byWallet.length > 1) out.push(ctx.t('reports-by-wallet'), ...s.byWallet.map((w) => `  ${displayName(w, ctx.app.locale)}: ${ctx.t('reports-split', { spent: money(ctx, w.expenseMinor, s.currency), received: money(ctx, w.incomeMinor, s.currency) })}`));
  }
  const deps = ctx.app.deps;
  const budgets = listBudgets(deps, scope.userId, scope.familyId, { month: r.month });
  if (budgets.length) {
    const names = loadNames(ctx, scope);
    out.push('', ctx.t(current ? 'manage-report-budgets' : 'reports-budgets-of-month'));
    for (const b of budgets) {
      const name = b.categoryId !== null ? (names.category.get(b.categoryId) ?? ctx.t('manage-tx-archived-category')) : ctx.t('manage-report-budget-all');
      out.push(ctx.t('manage-report-budget-line', { name, spent: money(ctx, b.spentMinor, b.currency), limit: money(ctx, b.amountMinor, b.currency), percent: percent(ctx, b.percent, 100) }));
    }
  }
  if (current) {
    const goals = listGoals(deps, scope.userId, scope.familyId);
    if (goals.length) {
      out.push('', ctx.t('manage-report-goals'));
      for (const g of goals) out.push(ctx.t('manage-report-goal-line', { name: g.name, saved: money(ctx, g.savedMinor, g.currency), target: money(ctx, g.targetMinor, g.currency), percent: percent(ctx, g.percent, 100) }));
    }
  }
  return out.join('\n');
}

export function monthView(ctx: BotContext, scope: FamilyScope, month?: string): View {
  const deps = ctx.app.deps;
  const now = monthlyReport(deps, scope.userId, { familyId: scope.familyId });
  const r = month === undefined || month === now.month ? now : monthlyReport(deps, scope.userId, { familyId: scope.familyId, month });
  const current = r.month === now.month;
  const keyboard = new InlineKeyboard();
  // No button past the months a report covers (1970-01, 9999-11).
  if (r.previousMonth) keyboard.text(`◀ ${shortMonth(ctx, r.previousMonth)}`, cb('rp', 'm', r.previousMonth, familyArg(scope.familyId)));
  if (!current && r.nextMonth) keyboard.text(`${shortMonth(ctx, r.nextMonth)} ▶`, cb('rp', 'm', r.nextMonth, familyArg(scope.familyId)));
  nextRow(keyboard).text(ctx.t('reports-button-trend'), cb('rp', 't', r.month, familyArg(scope.familyId))).text(ctx.t('reports-button-chart'), cb('rp', 'c', r.month, 6, familyArg(scope.familyId)));
  if (!current) nextRow(keyboard).text(ctx.t('reports-button-this-month'), cb('rp', 'm', now.month, familyArg(scope.familyId)));
  return { text: monthText(ctx, scope, r, current), keyboard };
}

function trendView(ctx: BotContext, scope: FamilyScope, until: string): View {
  const t = trendReport(ctx.app.deps, scope.userId, { familyId: scope.familyId, months: 12, until });
  const out = [ctx.t('reports-trend-title', { from: monthTitle(ctx, t.months[0]!), to: monthTitle(ctx, t.months[t.months.length - 1]!) })];
  if (t.currencies.length === 0) out.push('', ctx.t('reports-empty-trend'));
  for (const c of t.currencies) {
    out.push('', c.currency);
    for (const p of c.points) {
      out.push(ctx.t('reports-trend-line', { month: `${shortMonth(ctx, p.month)} ${p.month.slice(0, 4)}`, income: money(ctx, p.incomeMinor, c.currency), expenses: money(ctx, p.expenseMinor, c.currency) }));
    }
  }
  const keyboard = new InlineKeyboard().text(ctx.t('reports-button-back-to-month'), cb('rp', 'm', until, familyArg(scope.familyId))).text(ctx.t('reports-button-chart'), cb('rp', 'c', until, 12, familyArg(scope.familyId)));
  return { text: out.join('\n'), keyboard };
}

/** The month's chart as a photo (spending by category and the 6- or 12-month trend). */
async function sendChart(ctx: BotContext, scope: FamilyScope, month: string, months: 6 | 12): Promise<void> {
  const deps = ctx.app.deps;
  const report = monthlyReport(deps, scope.userId, { familyId: scope.familyId, month });
  const trend = trendReport(deps, scope.userId, { familyId: scope.familyId, months, until: month });
  const currency = chartCurrency(report, trend, getFamily(deps, scope.userId, scope.familyId).baseCurrency);
  if (!currency) {
    await say(ctx, ctx.t('reports-empty-month'));
    return;
  }
  const locale = toChartLocale(ctx.app.locale);
  await ctx.replyWithChatAction('upload_photo').catch(() => undefined);
  let png: Uint8Array;
  try {
    png = await chartsOf(ctx).spendingPng({ report, trend, currency, locale, texts: chartTexts(locale, report, currency, months) }, `user:${scope.userId}`);
  } catch (e) {
    if (!(e instanceof ChartsBusy)) throw e;
    await say(ctx, e.scope === 'person' ? ctx.t('reports-chart-busy-person', { seconds: e.retryAfterSeconds }) : ctx.t('reports-chart-busy-server'));
    return;
  }
  await ctx.replyWithPhoto(new InputFile(Buffer.from(png), `report-${month}.png`), { caption: `${ctx.t('manage-report-title', { month: monthTitle(ctx, month) })} · ${currency}` });
  // A double tap waits for this picture (updates of a chat run in order) and is then told it was sent, not drawn again.
  pressTaken(ctx, 'reports-chart-sent-twice');
}

/** In family `named` (a main menu's: the presser's scope there), else in the active one. */
export async function showReports(ctx: BotContext, named?: FamilyScope): Promise<void> {
  const scope = named ?? (await requireFamily(ctx));
  if (scope) await show(ctx, monthView(ctx, scope));
}

const validMonth = (m: string | undefined): string | undefined => (m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : undefined);

export function registerReports(router: ButtonRouter): void {
  router.button('rp', 'm', async (ctx, scope, [m]) => {
    const month = validMonth(m);
    if (!month) return ctx.t('manage-stale-button');
    await show(ctx, monthView(ctx, scope, month));
  }, { inGroup: true });
  router.button('rp', 't', async (ctx, scope, [m]) => {
    const month = validMonth(m);
    if (!month) return ctx.t('manage-stale-button');
    await show(ctx, trendView(ctx, scope, month));
  }, { inGroup: true });
  router.button('rp', 'c', async (ctx, scope, [m, n]) => {
    const month = validMonth(m);
    if (!month) return ctx.t('manage-stale-button');
    await ctx.answerCallbackQuery().catch(() => undefined);
    await sendChart(ctx, scope, month, n === '12' ? 12 : 6);
  }, { inGroup: true });
}
