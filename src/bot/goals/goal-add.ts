// Adding a goal in a conversation: name → savings wallet → target → date (or none).
import { InlineKeyboard } from 'grammy';
import { can, createGoal, fieldOf, isDomainError, listWallets } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { scopeInFamily } from '../runtime/guards.js';
import { beginInFamily, endOrAskAgain, saveInFamily } from '../shared/flow-steps.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { goalsRows } from './goals.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow } from '../../presentation/keyboard.js';

export const GOAL_CONVERSATION = 'goal-add';
const P = 'ga';

/** The question that asks for each field createGoal may refuse. */
const STEP_OF_FIELD: Record<string, 'name' | 'wallet' | 'target' | 'date'> = { name: 'name', wallet_id: 'wallet', target: 'target', deadline: 'date' };

type Setup = { ok: false; text: string } | { ok: true; familyId: number; wallets: Array<{ id: number; label: string; currency: string }> };

/** The family the goal is added to: `familyId` (the list's), else the active one; kept throughout. */
function setupOf(outer: BotContext, familyId: number | undefined): Setup {
  const scope = scopeInFamily(outer, familyId);
  if (!scope) return { ok: false, text: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
  if (!can(scope.role, 'manage_budgets')) return { ok: false, text: notAllowedText(outer, scope.role) };
  const wallets = listWallets(outer.app.deps, scope.userId, scope.familyId)
    .sort((a, b) => Number(b.type === 'savings') - Number(a.type === 'savings'))
    .map((w) => ({ id: w.id, label: `${w.type === 'savings' ? '🏦 ' : ''}${w.name} (${w.currency})`, currency: w.currency }));
  return { ok: true, familyId: scope.familyId, wallets };
}

/** Adds a goal to family `familyId` (the /goals list's), or to the active family when none is given. */
export async function goalConversation(conversation: Convo, ctx: ConversationContext, familyId?: number): Promise<void> {
  const setup = await beginInFamily(conversation, ctx, (outer) => setupOf(outer, familyId));
  if (!setup) return;
  /** The wallets to pick from (the same object as setup; read afresh after a wallet is refused). */
  const lists = setup;
  const t = ctx.t;
  let step: 'name' | 'wallet' | 'target' | 'date' | 'save' = 'name';
  let name = '';
  let wallet = setup.wallets[0]!;
  let target = 0;
  let deadline: string | null = null;
  // Set once the core refused one answer at save time: the corrected answer saves at once, the other answers kept.
  let refused = false;
  const notice = noticeBoard();
  for (;;) {
    let answer: Answer;
    if (step === 'save') {
      if (await save()) return;
      continue;
    }
    if (step === 'name') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-name')), keyboard: navRow(new InlineKeyboard(), t, P) }, { freeText: true });
      if (answer.type === 'text') {
        name = answer.text.trim();
        if (!name || name.length > 64) notice.set(t('errors-name'));
        else step = refused ? 'save' : 'wallet';
        continue;
      }
    } else if (step === 'wallet') {
      const kb = new InlineKeyboard();
      lists.wallets.forEach((w, i) => {
        kb.text(w.label, `${P}:w:${w.id}`);
        if (i % 2 === 1) nextRow(kb);
      });
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-wallet', { name })), keyboard: navRow(kb, t, P) });
      const id = answer.type === 'button' && answer.action === 'w' ? answer.arg : undefined;
      const picked = lists.wallets.find((w) => String(w.id) === id);
      if (picked) {
        // A target was typed in the wallet's currency: another currency asks for it again.
        step = refused && picked.currency === wallet.currency ? 'save' : 'target';
        wallet = picked;
        continue;
      }
    } else if (step === 'target') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-target', { name, currency: wallet.currency })), keyboard: navRow(new InlineKeyboard(), t, P) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmountAnswer(answer.text, wallet.currency);
        if (read.ok) {
          target = read.minor;
          step = refused ? 'save' : 'date';
        } else notice.set(t(read.error.key, read.error.vars));
        continue;
      }
    } else {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-date')), keyboard: navRow(new InlineKeyboard(), t, P, { skip: true }) }, { freeText: true });
      const given = answer.type === 'text' ? answer.text.trim() : answer.type === 'button' && answer.action === 's' ? null : undefined;
      if (given !== undefined) {
        deadline = given;
        step = 'save';
        continue;
      }
    }
    if (await endOrAskAgain(ctx, answer, notice)) return;
  }

  /** Creates the goal; false (with the reason noted and the refused field's question next) when the core refuses. */
  async function save(): Promise<boolean> {
    const result = await saveInFamily(conversation, ctx, lists.familyId, (outer, scope) => {
      try {
        createGoal(outer.app.deps, scope.userId, { familyId: scope.familyId, name, targetMinor: target, walletId: wallet.id, deadline, requestKey: requestKeyOf(outer) });
        return { ok: true as const, ...goalsRows(outer, scope) };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        // A wallet refused (archived meanwhile) is asked again from a fresh list, without it.
        const fresh = fieldOf(e) === 'wallet_id' ? setupOf(outer, scope.familyId) : null;
        return { ok: false as const, text: errorText(outer, e), field: fieldOf(e), wallets: fresh?.ok ? fresh.wallets : null };
      }
    });
    // No longer in the family: nothing is left to ask.
    if (result === null) return true;
    if (!result.ok) {
      notice.set(result.text);
      if (result.wallets) lists.wallets = result.wallets;
      // The core judges every answer when the goal is saved, after the date: the refused one is asked again, the others kept.
      step = STEP_OF_FIELD[result.field ?? ''] ?? 'date';
      refused = true;
      return false;
    }
    await ctx.reply(`${t('goals-created', { name })}\n\n${result.text}`, { reply_markup: { inline_keyboard: result.rows } });
    return true;
  }
}
