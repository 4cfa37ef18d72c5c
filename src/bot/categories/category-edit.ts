// Adding a category (kind → name → emoji or none) or changing one (rename,
// emoji, archive), in a conversation. The core checks roles and input.
import { InlineKeyboard } from 'grammy';
import { archiveCategory, can, createCategory, displayName, fieldOf, isDomainError, listCategories, renameCategory, setCategoryEmoji, type CategoryKind } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { requireFamily } from '../runtime/guards.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { categoriesRows } from './categories.js';
import { requestKeyOf } from '../shared/request-key.js';

export const CATEGORY_CONVERSATION = 'category-edit';
const P = 'ce';

type Setup = { ok: false; text: string } | { ok: true; editing: { id: number; name: string } | null };

function setupOf(outer: BotContext, categoryId: number | undefined): Setup {
  const { user, familyId, role, deps } = outer.app;
  if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
  if (!can(role, 'manage_categories')) return { ok: false, text: notAllowedText(outer, role) };
  if (categoryId === undefined) return { ok: true, editing: null };
  const c = listCategories(deps, user.id, familyId).find((x) => x.id === categoryId);
  return c ? { ok: true, editing: { id: c.id, name: `${c.emoji ? `${c.emoji} ` : ''}${displayName(c, outer.app.locale)}` } } : { ok: false, text: outer.t('manage-stale-button') };
}

type Change = { kind: 'create'; categoryKind: CategoryKind; name: string; emoji: string | null } | { kind: 'rename'; name: string } | { kind: 'emoji'; emoji: string | null } | { kind: 'archive' };

export async function categoryConversation(conversation: Convo, ctx: ConversationContext, categoryId?: number): Promise<void> {
  const setup = await conversation.external((outer) => setupOf(outer, categoryId));
  if (!setup.ok) {
    await ctx.reply(setup.text);
    return;
  }
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
    const r = await conversation.external(async (outer) => {
      const deps = outer.app.deps;
      const actor = outer.app.user!.id;
      const familyId = outer.app.familyId!;
      try {
        if (change.kind === 'create') createCategory(deps, actor, { familyId, kind: change.categoryKind, name: change.name, emoji: change.emoji, requestKey: requestKeyOf(outer) });
        else if (change.kind === 'rename') renameCategory(deps, actor, { familyId, categoryId: editing!.id, name: change.name });
        else if (change.kind === 'emoji') setCategoryEmoji(deps, actor, { familyId, categoryId: editing!.id, emoji: change.emoji });
        else archiveCategory(deps, actor, { familyId, categoryId: editing!.id });
        const scope = await requireFamily(outer);
        return { ok: true as const, ...(scope ? categoriesRows(outer, scope) : { text: '', rows: [] }) };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return { ok: false as const, text: errorText(outer, e), rows: [], field: fieldOf(e) };
      }
    });
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
    if (answer.type === 'cancel') {
      await ctx.reply(t('manage-cancelled'));
      return;
    }
    notice.set(t('manage-use-buttons'));
  }
}
