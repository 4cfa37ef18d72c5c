// /report: this month so far — income and expenses per currency with the
// expense categories, then budgets and goals progress when the family has any.
import { listBudgets, listGoals, monthlySummary, type CategoryTotal } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import { requireFamily } from '../runtime/guards.js';
import { loadNames } from '../shared/transaction-line.js';
import { say } from '../shared/view.js';

function categoryLine(ctx: BotContext, c: CategoryTotal, currency: string): string {
  const name = c.name ? `${c.emoji ? `${c.emoji} ` : ''}${c.name}` : ctx.t('manage-tx-no-category');
  return `  ${name}: ${money(ctx, c.totalMinor, currency)}`;
}

export async function showReports(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const deps = ctx.app.deps;
  const summary = monthlySummary(deps, scope.userId, scope.familyId);
  const names = loadNames(ctx, scope);
  const [year, month] = summary.label.split('-').map(Number) as [number, number];
  // Mid-month noon UTC names the month correctly in every time zone.
  const monthName = new Intl.DateTimeFormat(ctx.app.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 15, 12)));
  const out: string[] = [ctx.t('manage-report-title', { month: monthName })];
  if (summary.currencies.length === 0) out.push('', ctx.t('manage-report-empty'));
  for (const s of summary.currencies) {
    out.push(
      '',
      ctx.t('manage-report-currency', {
        currency: s.currency,
        income: money(ctx, s.incomeMinor, s.currency),
        expenses: money(ctx, s.expenseMinor, s.currency),
        net: money(ctx, s.incomeMinor - s.expenseMinor, s.currency),
      }),
    );
    if (s.expenses.length) out.push(ctx.t('manage-report-expenses-by-category'), ...s.expenses.map((c) => categoryLine(ctx, c, s.currency)));
    if (s.incomes.length) out.push(ctx.t('manage-report-income-by-category'), ...s.incomes.map((c) => categoryLine(ctx, c, s.currency)));
  }
  const budgets = listBudgets(deps, scope.userId, scope.familyId);
  if (budgets.length) {
    out.push('', ctx.t('manage-report-budgets'));
    for (const b of budgets) {
      const name = b.categoryId !== null ? (names.category.get(b.categoryId) ?? ctx.t('manage-tx-archived-category')) : ctx.t('manage-report-budget-all');
      out.push(
        ctx.t('manage-report-budget-line', {
          name,
          spent: money(ctx, b.spentMinor, b.currency),
          limit: money(ctx, b.amountMinor, b.currency),
          percent: b.percent,
        }),
      );
    }
  }
  const goals = listGoals(deps, scope.userId, scope.familyId);
  if (goals.length) {
    out.push('', ctx.t('manage-report-goals'));
    for (const g of goals) {
      out.push(
        ctx.t('manage-report-goal-line', {
          name: g.name,
          saved: money(ctx, g.savedMinor, g.currency),
          target: money(ctx, g.targetMinor, g.currency),
          percent: g.percent,
        }),
      );
    }
  }
  await say(ctx, out.join('\n'));
}
