// Adding a budget (for all expenses or one category) or changing one's
// monthly limit, in a conversation: what it covers → the monthly limit in the
// family's currency (a change: in the budget's own). The core checks roles, the currency and duplicates.
import { InlineKeyboard } from 'grammy';
import { can, createBudget, displayName, getFamily, isDomainError, listBudgets, listCategories, reasonOf, updateBudget } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { scopeInFamily } from '../runtime/guards.js';
import { requestKeyOf } from '../shared/request-key.js';
import { beginInFamily, endOrAskAgain, saveInFamily } from '../shared/flow-steps.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { budgetName, budgetsRows } from './budgets.js';
import { nextRow } from '../../presentation/keyboard.js';

export const BUDGET_CONVERSATION = 'budget-edit';
const P = 'be';

type Setup =
  | { ok: false; text: string }
  | { ok: true; familyId: number; currency: string; scopes: Array<{ id: number; label: string }>; editing: { id: number; name: string } | null };

/** The family the budget is added to or changed in: `familyId` (the list's), else the active one; kept throughout. */
function setupOf(outer: BotContext, budgetId: number | undefined, familyId: number | undefined): Setup {
  const scope = scopeInFamily(outer, familyId);
  if (!scope) return { ok: false, text: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
  if (!can(scope.role, 'manage_budgets')) return { ok: false, text: notAllowedText(outer, scope.role) };
  const deps = outer.app.deps;
  const budgets = listBudgets(deps, scope.userId, scope.familyId);
  const taken = new Set(budgets.map((b) => b.categoryId ?? 0));
  const scopes = [
    ...(taken.has(0) ? [] : [{ id: 0, label: outer.t('manage-report-budget-all') }]),
    ...listCategories(deps, scope.userId, scope.familyId, { kind: 'expense' })
      .filter((c) => !taken.has(c.id))
      .map((c) => ({ id: c.id, label: `${c.emoji ? `${c.emoji} ` : ''}${displayName(c, outer.app.locale)}` })),
  ];
  const editing = budgetId !== undefined ? budgets.find((b) => b.id === budgetId) : undefined;
  if (budgetId !== undefined && !editing) return { ok: false, text: outer.t('manage-stale-button') };
  // A new budget is in the family's currency; a limit is changed in the budget's own, which stays what it was
  // made in when the family's currency changes later: 300 read as dollars would be 30,000 minor units of won.
  const currency = editing ? editing.currency : getFamily(deps, scope.userId, scope.familyId).baseCurrency;
  return { ok: true, familyId: scope.familyId, currency, scopes, editing: editing ? { id: editing.id, name: budgetName(outer, scope, editing) } : null };
}

/** Adds a budget (no `budgetId`: none or null) or changes one, in family `familyId` (the list's) or else the active one. */
export async function budgetConversation(conversation: Convo, ctx: ConversationContext, budgetId?: number | null, familyId?: number): Promise<void> {
  const setup = await beginInFamily(conversation, ctx, (outer) => setupOf(outer, budgetId ?? undefined, familyId));
  if (!setup) return;
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
        if (i % 2 === 1 || i === 0) nextRow(kb);
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
    if (await endOrAskAgain(ctx, answer, notice)) return;
  }

  /** Saves the budget; false (with the reason noted and the refused answer's question next) when the core refuses. */
  async function save(): Promise<boolean> {
    const result = await saveInFamily(conversation, ctx, lists.familyId, (outer, scope) => {
      const { userId, familyId } = scope;
      try {
        if (lists.editing) updateBudget(outer.app.deps, userId, { familyId, budgetId: lists.editing.id, amountMinor });
        else createBudget(outer.app.deps, userId, { familyId, categoryId, amountMinor, requestKey: requestKeyOf(outer) });
        return { ok: true as const, ...budgetsRows(outer, scope) };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        // What it covers is refused (a category archived meanwhile, a budget someone else just added for it): asked again from a fresh list.
        const scopeRefused = !lists.editing && (e.details['field'] === 'category_id' || e.details['reason'] === 'budget_exists');
        const fresh = scopeRefused ? setupOf(outer, undefined, familyId) : null;
        // The budget being changed was removed meanwhile: nothing is left to ask.
        const gone = reasonOf(e, 'missing')?.entity === 'budget';
        return { ok: false as const, text: errorText(outer, e), scopes: fresh?.ok ? fresh.scopes : null, gone };
      }
    });
    // No longer in the family: nothing is left to ask.
    if (result === null) return true;
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
    await ctx.reply(`${t(lists.editing ? 'budgets-changed' : 'budgets-created', { name: scopeName })}\n\n${result.text}`, { reply_markup: { inline_keyboard: result.rows } });
    return true;
  }
}
