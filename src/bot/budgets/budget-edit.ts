// Adding a budget (for all expenses or one category) or changing one's
// monthly limit, in a conversation: what it covers → the monthly limit in the
// family's currency (a change: in the budget's own). The core checks roles, the currency and duplicates.
import { InlineKeyboard } from 'grammy';
import { can, createBudget, displayName, getFamily, isDomainError, listBudgets, listCategories, reasonOf, updateBudget } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { requireFamily } from '../runtime/guards.js';
import { requestKeyOf } from '../shared/request-key.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { budgetName, budgetsRows } from './budgets.js';

export const BUDGET_CONVERSATION = 'budget-edit';
const P = 'be';

type Setup =
  | { ok: false; text: string }
  | { ok: true; currency: string; scopes: Array<{ id: number; label: string }>; editing: { id: number; name: string } | null };

function setupOf(outer: BotContext, budgetId: number | undefined): Setup {
  const { user, familyId, role, deps } = outer.app;
  if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
  if (!can(role, 'manage_budgets')) return { ok: false, text: notAllowedText(outer, role) };
  const budgets = listBudgets(deps, user.id, familyId);
  const scope = { userId: user.id, familyId, role };
  const taken = new Set(budgets.map((b) => b.categoryId ?? 0));
  const scopes = [
    ...(taken.has(0) ? [] : [{ id: 0, label: outer.t('manage-report-budget-all') }]),
    ...listCategories(deps, user.id, familyId, { kind: 'expense' })
      .filter((c) => !taken.has(c.id))
      .map((c) => ({ id: c.id, label: `${c.emoji ? `${c.emoji} ` : ''}${displayName(c, outer.app.locale)}` })),
  ];
  const editing = budgetId !== undefined ? budgets.find((b) => b.id === budgetId) : undefined;
  if (budgetId !== undefined && !editing) return { ok: false, text: outer.t('manage-stale-button') };
  // A new budget is in the family's currency; a limit is changed in the budget's own, which stays what it was
  // made in when the family's currency changes later: 300 read as dollars would be 30,000 minor units of won.
  const currency = editing ? editing.currency : getFamily(deps, user.id, familyId).baseCurrency;
  return { ok: true, currency, scopes, editing: editing ? { id: editing.id, name: budgetName(outer, scope, editing) } : null };
}

export async function budgetConversation(conversation: Convo, ctx: ConversationContext, budgetId?: number): Promise<void> {
  const setup = await conversation.external((outer) => setupOf(outer, budgetId));
  if (!setup.ok) {
    await ctx.reply(setup.text);
    return;
  }
  /** What may still get a budget (the same object as setup; read afresh after a refusal). */
  const lists = setup;
  const t = ctx.t;
  let step: 'scope' | 'amount' | 'save' = setup.editing ? 'amount' : 'scope';
  let categoryId: number | null = null;
  let scopeName = setup.editing?.name ?? '';
  let amountMinor = 0;
  // Set once the core refused what the budget covers at save time: the next pick saves with the amount already given.
  let refused = false;
  const notice = noticeBoard();
  for (;;) {
    let answer: Answer;
    if (step === 'save') {
      if (await save()) return;
      continue;
    }
    if (step === 'scope') {
      if (setup.scopes.length === 0) {
        await ctx.reply(notice.with(t('budgets-all-covered')));
        return;
      }
      const kb = new InlineKeyboard();
      setup.scopes.forEach((s, i) => {
        kb.text(s.label, `${P}:s:${s.id}`);
        if (i % 2 === 1 || i === 0) kb.row();
      });
      answer = await ask(conversation, ctx, P, { text: notice.with(t('budgets-ask-scope')), keyboard: navRow(kb, t, P) });
      const arg = answer.type === 'button' && answer.action === 's' ? answer.arg : undefined;
      const picked = arg !== undefined ? setup.scopes.find((s) => String(s.id) === arg) : undefined;
      if (picked) {
        categoryId = picked.id === 0 ? null : picked.id;
        scopeName = picked.label;
        step = refused ? 'save' : 'amount';
        continue;
      }
    } else {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('budgets-ask-amount', { name: scopeName, currency: setup.currency })), keyboard: navRow(new InlineKeyboard(), t, P, { back: !setup.editing }) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmountAnswer(answer.text, setup.currency);
        if (!read.ok) {
          notice.set(t(read.error.key, read.error.vars));
          continue;
        }
        amountMinor = read.minor;
        step = 'save';
        continue;
      }
      if (answer.type === 'button' && answer.action === 'b') {
        step = 'scope';
        continue;
      }
    }
    if (answer.type === 'cancel') {
      await ctx.reply(t('manage-cancelled'));
      return;
    }
    notice.set(t('manage-use-buttons'));
  }

  /** Saves the budget; false (with the reason noted and the refused answer's question next) when the core refuses. */
  async function save(): Promise<boolean> {
    const result = await conversation.external((outer) => {
      const { user, familyId } = outer.app;
      try {
        if (lists.editing) updateBudget(outer.app.deps, user!.id, { familyId: familyId!, budgetId: lists.editing.id, amountMinor });
        else createBudget(outer.app.deps, user!.id, { familyId: familyId!, categoryId, amountMinor, requestKey: requestKeyOf(outer) });
        return { ok: true as const };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        // What it covers is refused (a category archived meanwhile, a budget someone else just added for it): asked again from a fresh list.
        const scopeRefused = !lists.editing && (e.details['field'] === 'category_id' || e.details['reason'] === 'budget_exists');
        const fresh = scopeRefused ? setupOf(outer, undefined) : null;
        // The budget being changed was removed meanwhile: nothing is left to ask.
        const gone = reasonOf(e, 'missing')?.entity === 'budget';
        return { ok: false as const, text: errorText(outer, e), scopes: fresh?.ok ? fresh.scopes : null, gone };
      }
    });
    if (!result.ok) {
      if (result.gone) {
        await ctx.reply(result.text);
        return true;
      }
      notice.set(result.text);
      if (result.scopes) {
        lists.scopes = result.scopes;
        step = 'scope';
        refused = true;
      } else step = 'amount';
      return false;
    }
    const list = await conversation.external(async (outer) => {
      const scope = await requireFamily(outer);
      return scope ? budgetsRows(outer, scope) : { text: '', rows: [] };
    });
    await ctx.reply(`${t(lists.editing ? 'budgets-changed' : 'budgets-created', { name: scopeName })}\n\n${list.text}`, { reply_markup: { inline_keyboard: list.rows } });
    return true;
  }
}
