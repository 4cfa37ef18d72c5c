// /budgets: this month's budgets with spent / limit / remaining, a progress
// bar and the days left; owners and admins add, change and remove them
// (adding and changing are conversations, budget-edit.ts) in a private chat
// (in the family group the list is read-only).
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { archiveBudget, can, listBudgets, type BudgetStatus } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { money, percent } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb, idArg } from '../shared/callback-data.js';
import { notAllowedText } from '../shared/replies.js';
import { loadNames } from '../shared/transaction-line.js';
import { show, type View } from '../shared/view.js';
import { viewInGroup } from '../shared/visibility.js';
import { monthTitle, progressBar } from '../reports/reports.js';
import { BUDGET_CONVERSATION } from './budget-edit.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

export function budgetName(ctx: BotContext, scope: FamilyScope, b: Pick<BudgetStatus, 'categoryId'>): string {
  if (b.categoryId === null) return ctx.t('manage-report-budget-all');
  return loadNames(ctx, scope).category.get(b.categoryId) ?? ctx.t('manage-tx-archived-category');
}

export function budgetsView(ctx: BotContext, scope: FamilyScope): View {
  const budgets = listBudgets(ctx.app.deps, scope.userId, scope.familyId);
  const month = budgets[0]?.month;
  const lines = budgets.map((b, i) =>
    [
      `${i + 1}. ${ctx.t('budgets-line', { name: budgetName(ctx, scope, b), spent: money(ctx, b.spentMinor, b.currency), limit: money(ctx, b.amountMinor, b.currency), left: money(ctx, b.remainingMinor, b.currency) })}`,
      `   ${progressBar(b.percent)} ${percent(ctx, b.percent, 100)} · ${ctx.t('budgets-days-left', { days: b.daysLeft })}`,
    ].join('\n'),
  );
  const keyboard = new InlineKeyboard();
  const manager = can(scope.role, 'manage_budgets');
  // Read in the group: the list only; budgets are changed in a private chat.
  const inGroup = viewInGroup(ctx);
  if (manager && !inGroup) {
    budgets.forEach((b, i) => {
      keyboard.text(`✏️ ${i + 1}`, cb('bg', 'e', b.id, familyArg(scope.familyId))).text(`🗑 ${i + 1}`, cb('bg', 'd', b.id, familyArg(scope.familyId)));
      if (i % 2 === 1) nextRow(keyboard);
    });
    nextRow(keyboard).text(ctx.t('budgets-add'), cb('bg', 'a', familyArg(scope.familyId)));
  }
  const title = month ? ctx.t('budgets-title-month', { month: monthTitle(ctx, month) }) : ctx.t('budgets-title');
  const pointer = manager && inGroup ? ['', ctx.t('budgets-change-privately', { bot: ctx.me.username })] : [];
  return { text: [title, '', ...(lines.length ? lines : [ctx.t('budgets-empty')]), ...pointer].join('\n'), keyboard };
}

/** The list as text and keyboard rows (what a conversation's external() can return). */
export function budgetsRows(ctx: BotContext, scope: FamilyScope): { text: string; rows: InlineKeyboardButton[][] } {
  const v = budgetsView(ctx, scope);
  return { text: v.text, rows: (v.keyboard ? rowsOf(v.keyboard) : []) };
}

export async function showBudgets(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, budgetsView(ctx, scope));
}

// Adding and changing ask questions (budget-edit.ts), in the family the list was about.
export function registerBudgets(router: ButtonRouter): void {
  router.button('bg', 'a', async (ctx, scope) => {
    if (!can(scope.role, 'manage_budgets')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(BUDGET_CONVERSATION, null, scope.familyId);
  });
  router.button('bg', 'e', async (ctx, scope, [id]) => {
    const budgetId = idArg(id);
    if (!budgetId) return ctx.t('manage-stale-button');
    if (!can(scope.role, 'manage_budgets')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(BUDGET_CONVERSATION, budgetId, scope.familyId);
  });
  router.button('bg', 'd', async (ctx, scope, [id]) => {
    const budgetId = idArg(id);
    if (!budgetId) return ctx.t('manage-stale-button');
    archiveBudget(ctx.app.deps, scope.userId, { familyId: scope.familyId, budgetId });
    await show(ctx, budgetsView(ctx, scope));
    return ctx.t('budgets-removed');
  });
}
