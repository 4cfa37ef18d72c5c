// Adding a category (kind → name → emoji or none) or changing one (rename,
// emoji, archive), in a conversation. The core checks roles and input.
import { InlineKeyboard } from 'grammy';
import { archiveCategory, can, createCategory, displayName, fieldOf, isDomainError, listCategories, renameCategory, setCategoryEmoji, type CategoryKind } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { scopeInFamily } from '../runtime/guards.js';
import { beginInFamily, endOrAskAgain, saveInFamily } from '../shared/flow-steps.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { categoriesRows } from './categories.js';
import { requestKeyOf } from '../shared/request-key.js';

export const CATEGORY_CONVERSATION = 'category-edit';
const P = 'ce';

type Setup = { ok: false; text: string } | { ok: true; familyId: number; editing: { id: number; name: string } | null };

/** The family the category is added to or changed in: `familyId` (the list's), else the active one; kept throughout. */
function setupOf(outer: BotContext, categoryId: number | undefined, familyId: number | undefined): Setup {
  const scope = scopeInFamily(outer, familyId);
  if (!scope) return { ok: false, text: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
  if (!can(scope.role, 'manage_categories')) return { ok: false, text: notAllowedText(outer, scope.role) };
  if (categoryId === undefined) return { ok: true, familyId: scope.familyId, editing: null };
  const c = listCategories(outer.app.deps, scope.userId, scope.familyId).find((x) => x.id === categoryId);
  return c ? { ok: true, familyId: scope.familyId, editing: { id: c.id, name: `${c.emoji ? `${c.emoji} ` : ''}${displayName(c, outer.app.locale)}` } } : { ok: false, text: outer.t('manage-stale-button') };
}

type Change = { kind: 'create'; categoryKind: CategoryKind; name: string; emoji: string | null } | { kind: 'rename'; name: string } | { kind: 'emoji'; emoji: string | null } | { kind: 'archive' };

/** Adds a category (no `categoryId`: none or null) or changes one, in family `familyId` (the list's) or else the active one. */
export async function categoryConversation(conversation: Convo, ctx: ConversationContext, categoryId?: number | null, familyId?: number): Promise<void> {
  const setup = await beginInFamily(conversation, ctx, (outer) => setupOf(outer, categoryId ?? undefined, familyId));
  if (!setup) return;
  const workIn = setup.familyId;
  const t = ctx.t;
  const editing = setup.editing;
  let step: 'kind' | 'name' | 'emoji' | 'what' = editing ? 'what' : 'kind';
  let categoryKind: CategoryKind = 'expense';
  let name = '';
  let mode: 'create' | 'rename' | 'emoji' = 'create';
  const notice = noticeBoard();
  // The field the core refused in the last change, so the question that asked for it is asked again.
  let refusedField: string | undefined;
  const apply = async (change: Change): Promise<boolean> => {
    const r = await saveInFamily(conversation, ctx, workIn, (outer, scope) => {
      const deps = outer.app.deps;
      const { userId: actor, familyId } = scope;
      try {
        if (change.kind === 'create') createCategory(deps, actor, { familyId, kind: change.categoryKind, name: change.name, emoji: change.emoji, requestKey: requestKeyOf(outer) });
        else if (change.kind === 'rename') renameCategory(deps, actor, { familyId, categoryId: editing!.id, name: change.name });
        else if (change.kind === 'emoji') setCategoryEmoji(deps, actor, { familyId, categoryId: editing!.id, emoji: change.emoji });
        else archiveCategory(deps, actor, { familyId, categoryId: editing!.id });
        return { ok: true as const, ...categoriesRows(outer, scope) };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return { ok: false as const, text: errorText(outer, e), field: fieldOf(e) };
      }
    });
    // No longer in the family: nothing is left to ask.
    if (r === null) return true;
    if (!r.ok) {
      notice.set(r.text);
      refusedField = r.field;
      return false;
    }
    await ctx.reply(`${t('categories-saved')}\n\n${r.text}`, { reply_markup: { inline_keyboard: r.rows } });
    return true;
  };
  for (;;) {
    let answer: Answer;
    if (step === 'what') {
      const kb = new InlineKeyboard().text(t('categories-rename'), `${P}:r`).text(t('categories-emoji'), `${P}:e`).row().text(t('categories-archive'), `${P}:a`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('categories-ask-what', { name: editing!.name })), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'r') {
        mode = 'rename';
        step = 'name';
        continue;
      }
      if (answer.type === 'button' && answer.action === 'e') {
        mode = 'emoji';
        step = 'emoji';
        continue;
      }
      if (answer.type === 'button' && answer.action === 'a') {
        if (await apply({ kind: 'archive' })) return;
        continue;
      }
    } else if (step === 'kind') {
      const kb = new InlineKeyboard().text(t('categories-expense'), `${P}:k:expense`).text(t('categories-income'), `${P}:k:income`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('categories-ask-kind')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'k' && (answer.arg === 'expense' || answer.arg === 'income')) {
        categoryKind = answer.arg;
        step = 'name';
        continue;
      }
    } else if (step === 'name') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('categories-ask-name')), keyboard: navRow(new InlineKeyboard(), t, P) }, { freeText: true });
      if (answer.type === 'text') {
        name = answer.text;
        if (mode === 'rename') {
          if (await apply({ kind: 'rename', name })) return;
        } else step = 'emoji';
        continue;
      }
    } else {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('categories-ask-emoji')), keyboard: navRow(new InlineKeyboard(), t, P, { skip: true }) }, { freeText: true });
      const emoji = answer.type === 'text' ? answer.text : answer.type === 'button' && answer.action === 's' ? null : undefined;
      if (emoji !== undefined) {
        const done = mode === 'emoji' ? await apply({ kind: 'emoji', emoji }) : await apply({ kind: 'create', categoryKind, name, emoji });
        if (done) return;
        // A new category's name is checked when it is saved, after its emoji: a refused name is asked for again.
        if (mode === 'create' && refusedField === 'name') step = 'name';
        continue;
      }
    }
    if (await endOrAskAgain(ctx, answer, notice)) return;
  }
}
