// /categories: the family's expense and income categories; members, admins
// and owners add, rename, set an emoji and archive (category-edit.ts).
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { can, displayName, listCategories } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb, idArg } from '../shared/callback-data.js';
import { notAllowedText } from '../shared/replies.js';
import { show, type View } from '../shared/view.js';
import { CATEGORY_CONVERSATION } from './category-edit.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

export function categoriesView(ctx: BotContext, scope: FamilyScope): View {
  const all = listCategories(ctx.app.deps, scope.userId, scope.familyId);
  const out: string[] = [ctx.t('categories-title')];
  const keyboard = new InlineKeyboard();
  let n = 0;
  for (const kind of ['expense', 'income'] as const) {
    const list = all.filter((c) => c.kind === kind);
    out.push('', ctx.t(kind === 'expense' ? 'categories-expenses' : 'categories-incomes'));
    for (const c of list) {
      n++;
      out.push(`${n}. ${c.emoji ?? '▫️'} ${displayName(c, ctx.app.locale)}`);
      if (can(scope.role, 'manage_categories')) {
        keyboard.text(`✏️ ${n}`, cb('ct', 'e', c.id, familyArg(scope.familyId)));
        if (n % 5 === 0) nextRow(keyboard);
      }
    }
  }
  if (can(scope.role, 'manage_categories')) nextRow(keyboard).text(ctx.t('categories-add'), cb('ct', 'a', familyArg(scope.familyId)));
  return { text: out.join('\n'), keyboard };
}

export function categoriesRows(ctx: BotContext, scope: FamilyScope): { text: string; rows: InlineKeyboardButton[][] } {
  const v = categoriesView(ctx, scope);
  return { text: v.text, rows: (v.keyboard ? rowsOf(v.keyboard) : []) };
}

export async function showCategories(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, categoriesView(ctx, scope));
}

// Adding and changing ask questions (category-edit.ts), in the family the list was about.
export function registerCategories(router: ButtonRouter): void {
  router.button('ct', 'a', async (ctx, scope) => {
    if (!can(scope.role, 'manage_categories')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(CATEGORY_CONVERSATION, null, scope.familyId);
  });
  router.button('ct', 'e', async (ctx, scope, [id]) => {
    const categoryId = idArg(id);
    if (!categoryId) return ctx.t('manage-stale-button');
    if (!can(scope.role, 'manage_categories')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(CATEGORY_CONVERSATION, categoryId, scope.familyId);
  });
}
