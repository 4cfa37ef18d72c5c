// /recurring: the family's recurring rules, adding one (a conversation,
// add-rule.ts) and stopping one.
// The core (domain/recurring) checks roles, dates and wallets; the jobs
// runner turns each due date into an ordinary transaction.
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { canDecideRule, deactivateRecurringRule, listRecurringRules, type RecurringRule } from '../../domain/recurring/index.js';
import { can } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { day, money } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, type Names } from '../shared/transaction-line.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { show, type View } from '../shared/view.js';
import { ADD_RULE_CONVERSATION } from './add-rule.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';


export async function showRecurring(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, recurringView(ctx, scope));
}

function ruleLine(ctx: BotContext, r: RecurringRule, names: Names): string {
  return ctx.t('manage-recurring-line', {
    kind: r.kind,
    amount: money(ctx, r.amountMinor, r.currency),
    category: r.categoryId !== null ? (names.category.get(r.categoryId) ?? ctx.t('manage-tx-archived-category')) : ctx.t('manage-tx-no-category'),
    wallet: names.wallet.get(r.walletId) ?? '?',
    frequency: r.frequency,
    next: day(ctx, r.nextDate),
  });
}

function recurringView(ctx: BotContext, scope: FamilyScope): View {
  const rules = listRecurringRules(ctx.app.deps, scope.userId, scope.familyId);
  const names = loadNames(ctx, scope);
  const keyboard = new InlineKeyboard();
  rules.forEach((r, i) => {
    // The core's own rule decides who sees the button.
    if (canDecideRule(scope.role, scope.userId, r)) {
      keyboard.text(ctx.t('manage-recurring-stop', { n: i + 1 }), cb('r', 'stop', r.id, familyArg(scope.familyId)));
      if (i % 3 === 2) nextRow(keyboard);
    }
  });
  nextRow(keyboard);
  if (can(scope.role, 'create_transaction')) keyboard.text(ctx.t('manage-recurring-add'), cb('r', 'add', familyArg(scope.familyId)));
  const lines = rules.map((r, i) => `${i + 1}. ${ruleLine(ctx, r, names)}`);
  return { text: [ctx.t('manage-recurring-title'), '', ...(lines.length ? lines : [ctx.t('manage-recurring-empty')])].join('\n'), keyboard };
}

/** The list after adding rule `createdId`, as text and keyboard rows (what a conversation's external() can return). */
export function recurringRows(ctx: BotContext, scope: FamilyScope, createdId: number): { text: string; rows: InlineKeyboardButton[][] } {
  const names = loadNames(ctx, scope);
  const rule = listRecurringRules(ctx.app.deps, scope.userId, scope.familyId).find((r) => r.id === createdId);
  const view = recurringView(ctx, scope);
  const head = rule ? `${ctx.t('manage-recurring-created', { rule: ruleLine(ctx, rule, names) })}\n\n` : '';
  return { text: `${head}${view.text}`, rows: (view.keyboard ? rowsOf(view.keyboard) : []) };
}

export function registerRecurring(router: ButtonRouter): void {
  router.button('r', 'l', (ctx, scope) => show(ctx, recurringView(ctx, scope)));
  // Adding asks questions (add-rule.ts), in the family the list was about.
  router.button('r', 'add', async (ctx, scope) => {
    if (!can(scope.role, 'create_transaction')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(ADD_RULE_CONVERSATION, scope.familyId);
  });
  router.button('r', 'stop', async (ctx, scope, [id]) => {
    const ruleId = idArg(id);
    if (!ruleId) return ctx.t('manage-stale-button');
    deactivateRecurringRule(ctx.app.deps, scope.userId, { familyId: scope.familyId, ruleId, requestKey: requestKeyOf(ctx) });
    await show(ctx, recurringView(ctx, scope));
    return ctx.t('manage-recurring-stopped');
  });
}
