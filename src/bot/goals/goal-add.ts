// Adding a goal in a conversation: name → savings wallet → target → date (or none).
import { InlineKeyboard } from 'grammy';
import { can, createGoal, fieldOf, isDomainError, listWallets } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { requireFamily } from '../runtime/guards.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { goalsRows } from './goals.js';
import { requestKeyOf } from '../shared/request-key.js';

export const GOAL_CONVERSATION = 'goal-add';
const P = 'ga';

/** The question that asks for each field createGoal may refuse. */
const STEP_OF_FIELD: Record<string, 'name' | 'wallet' | 'target' | 'date'> = { name: 'name', wallet_id: 'wallet', target: 'target', deadline: 'date' };

type Setup = { ok: false; text: string } | { ok: true; wallets: Array<{ id: number; label: string; currency: string }> };

function setupOf(outer: BotContext): Setup {
  const { user, familyId, role, deps } = outer.app;
  if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
  if (!can(role, 'manage_budgets')) return { ok: false, text: notAllowedText(outer, role) };
  const wallets = listWallets(deps, user.id, familyId)
    .sort((a, b) => Number(b.type === 'savings') - Number(a.type === 'savings'))
    .map((w) => ({ id: w.id, label: `${w.type === 'savings' ? '🏦 ' : ''}${w.name} (${w.currency})`, currency: w.currency }));
  return { ok: true, wallets };
}

export async function goalConversation(conversation: Convo, ctx: ConversationContext): Promise<void> {
  const setup = await conversation.external((outer) => setupOf(outer));
  if (!setup.ok) {
    await ctx.reply(setup.text);
    return;
  }
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
        if (i % 2 === 1) kb.row();
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
    if (answer.type === 'cancel') {
      await ctx.reply(t('manage-cancelled'));
      return;
    }
    notice.set(t('manage-use-buttons'));
  }

  /** Creates the goal; false (with the reason noted and the refused field's question next) when the core refuses. */
  async function save(): Promise<boolean> {
    const result = await conversation.external(async (outer) => {
      try {
        createGoal(outer.app.deps, outer.app.user!.id, { familyId: outer.app.familyId!, name, targetMinor: target, walletId: wallet.id, deadline, requestKey: requestKeyOf(outer) });
        const scope = await requireFamily(outer);
        return { ok: true as const, ...(scope ? goalsRows(outer, scope) : { text: '', rows: [] }) };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        // A wallet refused (archived meanwhile) is asked again from a fresh list, without it.
        const fresh = fieldOf(e) === 'wallet_id' ? setupOf(outer) : null;
        return { ok: false as const, text: errorText(outer, e), rows: [], field: fieldOf(e), wallets: fresh?.ok ? fresh.wallets : null };
      }
    });
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
