// Adding a goal in a conversation: name → savings wallet → target → date (or none).
import { InlineKeyboard } from 'grammy';
import { can, createGoal, isDomainError, listWallets } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { requireFamily } from '../runtime/guards.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import { goalsRows } from './goals.js';

export const GOAL_CONVERSATION = 'goal-add';
const P = 'ga';

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
  const t = ctx.t;
  let step: 'name' | 'wallet' | 'target' | 'date' = 'name';
  let name = '';
  let wallet = setup.wallets[0]!;
  let target = 0;
  const notice = noticeBoard();
  for (;;) {
    let answer: Answer;
    if (step === 'name') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-name')), keyboard: navRow(new InlineKeyboard(), t, P) }, { freeText: true });
      if (answer.type === 'text') {
        name = answer.text.trim();
        if (!name || name.length > 64) notice.set(t('errors-name'));
        else step = 'wallet';
        continue;
      }
    } else if (step === 'wallet') {
      const kb = new InlineKeyboard();
      setup.wallets.forEach((w, i) => {
        kb.text(w.label, `${P}:w:${w.id}`);
        if (i % 2 === 1) kb.row();
      });
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-wallet', { name })), keyboard: navRow(kb, t, P) });
      const id = answer.type === 'button' && answer.action === 'w' ? answer.arg : undefined;
      const picked = setup.wallets.find((w) => String(w.id) === id);
      if (picked) {
        wallet = picked;
        step = 'target';
        continue;
      }
    } else if (step === 'target') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-target', { name, currency: wallet.currency })), keyboard: navRow(new InlineKeyboard(), t, P) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmountAnswer(answer.text, wallet.currency);
        if (read.ok) {
          target = read.minor;
          step = 'date';
        } else notice.set(t(read.error.key, read.error.vars));
        continue;
      }
    } else {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('goals-ask-date')), keyboard: navRow(new InlineKeyboard(), t, P, { skip: true }) }, { freeText: true });
      const deadline = answer.type === 'text' ? answer.text.trim() : answer.type === 'button' && answer.action === 's' ? null : undefined;
      if (deadline !== undefined) {
        const result = await conversation.external(async (outer) => {
          try {
            createGoal(outer.app.deps, outer.app.user!.id, { familyId: outer.app.familyId!, name, targetMinor: target, walletId: wallet.id, deadline });
            const scope = await requireFamily(outer);
            return { ok: true as const, ...(scope ? goalsRows(outer, scope) : { text: '', rows: [] }) };
          } catch (e) {
            if (!isDomainError(e)) throw e;
            return { ok: false as const, text: errorText(outer, e), rows: [] };
          }
        });
        if (!result.ok) {
          notice.set(result.text);
          continue;
        }
        await ctx.reply(`${t('goals-created', { name })}\n\n${result.text}`, { reply_markup: { inline_keyboard: result.rows } });
        return;
      }
    }
    if (answer.type === 'cancel') {
      await ctx.reply(t('manage-cancelled'));
      return;
    }
    notice.set(t('manage-use-buttons'));
  }
}
