// Adding a recurring rule, one question at a time: kind → wallet (skipped
// with one wallet) → amount → category → how often → first date. The core
// checks roles, dates and wallets when the rule is created.
import { InlineKeyboard } from 'grammy';
import { can, getFamily, isDomainError, listCategories, listWallets } from '../../domain/index.js';
import { FREQUENCIES, addDays, createRecurringRule, localDate, type Frequency } from '../../domain/recurring/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import type { Rows } from '../shared/one-value.js';
import { categoryLabel, walletName } from '../shared/transaction-text.js';
import { recurringRows } from './recurring.js';

export const ADD_RULE_CONVERSATION = 'recurring-add';
const P = 'ra';

type Kind = 'expense' | 'income';
type Setup =
  | { ok: false; text: string }
  | {
      ok: true;
      wallets: Array<{ id: number; label: string; currency: string; name: string }>;
      categories: Record<Kind, Array<{ id: number; label: string }>>;
      today: string;
    };

function setupOf(outer: BotContext): Setup {
  const { user, familyId, role, deps } = outer.app;
  if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
  if (!can(role, 'create_transaction')) return { ok: false, text: notAllowedText(outer, role) };
  const wallets = listWallets(deps, user.id, familyId).map((w) => ({ id: w.id, name: walletName(w, outer.app.locale), label: `${walletName(w, outer.app.locale)} (${w.currency})`, currency: w.currency }));
  const cats = (kind: Kind) => listCategories(deps, user.id, familyId, { kind, usageBy: user.id }).map((c) => ({ id: c.id, label: categoryLabel(c, outer.app.locale) }));
  const today = localDate(deps.clock(), getFamily(deps, user.id, familyId).timezone);
  return { ok: true, wallets, categories: { expense: cats('expense'), income: cats('income') }, today };
}

function grid(items: Array<{ text: string; data: string }>): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    kb.text(item.text, item.data);
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export async function addRuleConversation(conversation: Convo, ctx: ConversationContext): Promise<void> {
  const setup = await conversation.external((outer) => setupOf(outer));
  if (!setup.ok) {
    await ctx.reply(setup.text);
    return;
  }
  const t = ctx.t;
  const single = setup.wallets.length === 1 ? setup.wallets[0] : undefined;
  let step: 'kind' | 'wallet' | 'amount' | 'category' | 'frequency' | 'date' = 'kind';
  let kind: Kind = 'expense';
  let walletId = single?.id ?? 0;
  let amount = 0;
  let categoryId: number | null = null;
  let frequency: Frequency = 'monthly';
  const notice = noticeBoard();
  for (;;) {
    let answer: Answer;
    if (step === 'kind') {
      const kb = grid((['expense', 'income'] as const).map((k) => ({ text: t('manage-recurring-kind', { kind: k }), data: `${P}:k:${k}` })));
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-kind')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'k' && (answer.arg === 'expense' || answer.arg === 'income')) {
        kind = answer.arg;
        step = single ? 'amount' : 'wallet';
        continue;
      }
    } else if (step === 'wallet') {
      const kb = grid(setup.wallets.map((w) => ({ text: w.label, data: `${P}:w:${w.id}` })));
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-wallet')), keyboard: navRow(kb, t, P) });
      const picked = answer.type === 'button' && answer.action === 'w' ? Number(answer.arg) : undefined;
      const chosen = setup.wallets.find((w) => w.id === picked);
      if (chosen) {
        walletId = chosen.id;
        step = 'amount';
        continue;
      }
    } else if (step === 'amount') {
      const wallet = setup.wallets.find((w) => w.id === walletId);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-amount', { currency: wallet?.currency ?? '', wallet: wallet?.name ?? '' })), keyboard: navRow(new InlineKeyboard(), t, P) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmountAnswer(answer.text, wallet?.currency ?? 'USD');
        if (read.ok) {
          amount = read.minor;
          step = 'category';
        } else notice.set(t(read.error.key, read.error.vars));
        continue;
      }
    } else if (step === 'category') {
      const kb = grid(setup.categories[kind].map((c) => ({ text: c.label, data: `${P}:c:${c.id}` })));
      kb.row().text(t('manage-recurring-no-category'), `${P}:c:0`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-category')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'c') {
        categoryId = Number(answer.arg) || null;
        step = 'frequency';
        continue;
      }
    } else if (step === 'frequency') {
      const kb = new InlineKeyboard();
      for (const f of FREQUENCIES) kb.text(t('manage-recurring-frequency', { frequency: f }), `${P}:f:${f}`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-frequency')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'f' && (FREQUENCIES as readonly string[]).includes(answer.arg)) {
        frequency = answer.arg as Frequency;
        step = 'date';
        continue;
      }
    } else {
      const tomorrow = addDays(setup.today, 1);
      const kb = new InlineKeyboard()
        .text(t('manage-recurring-today', { date: setup.today }), `${P}:d:${setup.today}`)
        .text(t('manage-recurring-tomorrow', { date: tomorrow }), `${P}:d:${tomorrow}`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-date')), keyboard: navRow(kb, t, P) });
      const date = answer.type === 'button' && answer.action === 'd' ? answer.arg : answer.type === 'text' ? answer.text.trim() : undefined;
      if (date !== undefined) {
        const saved = await conversation.external((outer): { ok: true; text: string; rows: Rows } | { ok: false; text: string } => {
          const { user, familyId, role } = outer.app;
          if (!user || familyId === null || role === null) return { ok: false, text: outer.t('start-no-family') };
          try {
            const rule = createRecurringRule(outer.app.deps, user.id, { familyId, kind, walletId, categoryId, amountMinor: amount, frequency, startDate: date });
            const view = recurringRows(outer, { userId: user.id, familyId, role }, rule.id);
            return { ok: true, text: view.text, rows: view.rows };
          } catch (e) {
            if (!isDomainError(e)) throw e;
            return { ok: false, text: errorText(outer, e) };
          }
        });
        if (saved.ok) {
          await ctx.reply(saved.text, { reply_markup: { inline_keyboard: saved.rows } });
          return;
        }
        notice.set(saved.text);
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
