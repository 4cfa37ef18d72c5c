// /goals: savings goals with progress, what is left and the monthly amount
// needed to reach the date; owners and admins add one (goal-add.ts) or remove one
// in a private chat (in the family group the list is read-only).
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { archiveGoal, can, listGoals } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { day, money, percent } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb, idArg } from '../shared/callback-data.js';
import { notAllowedText } from '../shared/replies.js';
import { show, type View } from '../shared/view.js';
import { viewInGroup } from '../shared/visibility.js';
import { progressBar } from '../reports/reports.js';
import { GOAL_CONVERSATION } from './goal-add.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

export function goalsView(ctx: BotContext, scope: FamilyScope): View {
  const goals = listGoals(ctx.app.deps, scope.userId, scope.familyId);
  const lines = goals.map((g, i) => {
    const head = `${i + 1}. ${g.reached ? '🎉 ' : ''}${ctx.t('goals-line', { name: g.name, saved: money(ctx, g.savedMinor, g.currency), target: money(ctx, g.targetMinor, g.currency) })}`;
    const need = g.monthlyNeededMinor !== null && g.deadline ? ` · ${ctx.t('goals-monthly', { amount: money(ctx, g.monthlyNeededMinor, g.currency), date: day(ctx, g.deadline) })}` : '';
    return `${head}\n   ${progressBar(g.percent)} ${percent(ctx, g.percent, 100)}${need}`;
  });
  const keyboard = new InlineKeyboard();
  const manager = can(scope.role, 'manage_budgets');
  // Read in the group: the list only; goals are changed in a private chat.
  const inGroup = viewInGroup(ctx);
  if (manager && !inGroup) {
    goals.forEach((g, i) => {
      keyboard.text(`🗑 ${i + 1}`, cb('gl', 'd', g.id, familyArg(scope.familyId)));
      if (i % 4 === 3) nextRow(keyboard);
    });
    nextRow(keyboard).text(ctx.t('goals-add'), cb('gl', 'a', familyArg(scope.familyId)));
  }
  const pointer = manager && inGroup ? ['', ctx.t('goals-change-privately', { bot: ctx.me.username })] : [];
  return { text: [ctx.t('goals-title'), '', ...(lines.length ? lines : [ctx.t('goals-empty')]), ...pointer].join('\n'), keyboard };
}

export function goalsRows(ctx: BotContext, scope: FamilyScope): { text: string; rows: InlineKeyboardButton[][] } {
  const v = goalsView(ctx, scope);
  return { text: v.text, rows: (v.keyboard ? rowsOf(v.keyboard) : []) };
}

export async function showGoals(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, goalsView(ctx, scope));
}

export function registerGoals(router: ButtonRouter): void {
  // Adding asks questions (goal-add.ts), in the family the list was about.
  router.button('gl', 'a', async (ctx, scope) => {
    if (!can(scope.role, 'manage_budgets')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(GOAL_CONVERSATION, scope.familyId);
  });
  router.button('gl', 'd', async (ctx, scope, [id]) => {
    const goalId = idArg(id);
    if (!goalId) return ctx.t('manage-stale-button');
    archiveGoal(ctx.app.deps, scope.userId, { familyId: scope.familyId, goalId });
    await show(ctx, goalsView(ctx, scope));
    return ctx.t('goals-removed');
  });
}
