// Adding a recurring rule, one question at a time: kind → wallet (skipped
// with one wallet) → amount → category → how often → first date. The core
// checks roles, dates and wallets when the rule is created.
import { InlineKeyboard } from 'grammy';
import { can, fieldOf, getFamily, isDomainError, listCategories, listWallets } from '../../domain/index.js';
import { FREQUENCIES, addDays, createRecurringRule, localDate, type Frequency } from '../../domain/recurring/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { beginInFamily, endOrAskAgain, saveInFamily } from '../shared/flow-steps.js';
import { ask, navRow, noticeBoard, type Answer, type Convo } from '../shared/ask.js';
import type { Rows } from '../shared/one-value.js';
import { categoryLabel, walletName } from '../shared/transaction-text.js';
import { recurringRows } from './recurring.js';
import { day } from '../runtime/format.js';
import { scopeInFamily } from '../runtime/guards.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow } from '../../presentation/keyboard.js';

export const ADD_RULE_CONVERSATION = 'recurring-add';
const P = 'ra';

type Step = 'kind' | 'wallet' | 'amount' | 'category' | 'frequency' | 'date' | 'save';
/** The question that asks for each field createRecurringRule may refuse. */
const STEP_OF_FIELD: Record<string, Step> = { kind: 'kind', wallet_id: 'wallet', amount: 'amount', category_id: 'category', frequency: 'frequency', start_date: 'date' };

type Kind = 'expense' | 'income';
type Setup =
  | { ok: false; text: string }
  | {
      ok: true;
      familyId: number;
      wallets: Array<{ id: number; label: string; currency: string; name: string }>;
      categories: Record<Kind, Array<{ id: number; label: string }>>;
    };

/** The family the rule is added to: `familyId` (the /recurring list's), else the active one; kept throughout. */
function setupOf(outer: BotContext, familyId: number | undefined): Setup {
  const scope = scopeInFamily(outer, familyId);
  if (!scope) return { ok: false, text: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
  if (!can(scope.role, 'create_transaction')) return { ok: false, text: notAllowedText(outer, scope.role) };
  const deps = outer.app.deps;
  const wallets = listWallets(deps, scope.userId, scope.familyId).map((w) => ({ id: w.id, name: walletName(w, outer.app.locale), label: `${walletName(w, outer.app.locale)} (${w.currency})`, currency: w.currency }));
  const cats = (kind: Kind) => listCategories(deps, scope.userId, scope.familyId, { kind, usageBy: scope.userId }).map((c) => ({ id: c.id, label: categoryLabel(c, outer.app.locale) }));
  return { ok: true, familyId: scope.familyId, wallets, categories: { expense: cats('expense'), income: cats('income') } };
}

/** Today and tomorrow in the family's time zone now, and as the person reads them ("2 дек."), for the first date's buttons. */
function daysOf(outer: BotContext, familyId: number): { today: string; tomorrow: string; labels: { today: string; tomorrow: string } } {
  const { deps } = outer.app;
  const scope = scopeInFamily(outer, familyId);
  const tz = scope ? getFamily(deps, scope.userId, familyId).timezone : 'UTC';
  const today = localDate(deps.clock(), tz);
  const tomorrow = addDays(today, 1);
  return { today, tomorrow, labels: { today: day(outer, today, { year: false }), tomorrow: day(outer, tomorrow, { year: false }) } };
}

function grid(items: Array<{ text: string; data: string }>): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    kb.text(item.text, item.data);
    if (i % 2 === 1) nextRow(kb);
  });
  return kb;
}

/** Adds a recurring rule to family `familyId` (the /recurring list's), or to the active family when none is given. */
export async function addRuleConversation(conversation: Convo, ctx: ConversationContext, familyId?: number): Promise<void> {
  const setup = await beginInFamily(conversation, ctx, (outer) => setupOf(outer, familyId));
  if (!setup) return;
  /** The wallets and categories offered (the same object as setup; refreshed after a refusal). */
  const lists = setup;
  const t = ctx.t;
  let single = setup.wallets.length === 1 ? setup.wallets[0] : undefined;
  let step: Step = 'kind';
  let kind: Kind = 'expense';
  let walletId = single?.id ?? 0;
  let amount = 0;
  /** The currency the amount was typed in. */
  let amountCurrency = '';
  let categoryId: number | null = null;
  let frequency: Frequency = 'monthly';
  let startDate = '';
  // Set once the core refused one answer at save time: the corrected answer saves at once, the other answers kept.
  let refused = false;
  const notice = noticeBoard();
  for (;;) {
    let answer: Answer;
    if (step === 'save') {
      if (await save()) return;
      continue;
    }
    if (step === 'kind') {
      const kb = grid((['expense', 'income'] as const).map((k) => ({ text: t('manage-recurring-kind', { kind: k }), data: `${P}:k:${k}` })));
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-kind')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'k' && (answer.arg === 'expense' || answer.arg === 'income')) {
        // The category was one of this kind's: another kind asks for it again.
        step = refused && answer.arg === kind ? 'save' : refused ? 'category' : single ? 'amount' : 'wallet';
        kind = answer.arg;
        continue;
      }
    } else if (step === 'wallet') {
      const kb = grid(setup.wallets.map((w) => ({ text: w.label, data: `${P}:w:${w.id}` })));
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-wallet')), keyboard: navRow(kb, t, P) });
      const picked = answer.type === 'button' && answer.action === 'w' ? Number(answer.arg) : undefined;
      const chosen = setup.wallets.find((w) => w.id === picked);
      if (chosen) {
        // The amount was typed in the wallet's currency: another currency asks for it again.
        step = refused && chosen.currency === amountCurrency ? 'save' : 'amount';
        walletId = chosen.id;
        continue;
      }
    } else if (step === 'amount') {
      const wallet = setup.wallets.find((w) => w.id === walletId);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-amount', { currency: wallet?.currency ?? '', wallet: wallet?.name ?? '' })), keyboard: navRow(new InlineKeyboard(), t, P) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmountAnswer(answer.text, wallet?.currency ?? 'USD');
        if (read.ok) {
          amount = read.minor;
          amountCurrency = wallet?.currency ?? '';
          step = refused ? 'save' : 'category';
        } else notice.set(t(read.error.key, read.error.vars));
        continue;
      }
    } else if (step === 'category') {
      const kb = grid(setup.categories[kind].map((c) => ({ text: c.label, data: `${P}:c:${c.id}` })));
      nextRow(kb).text(t('manage-recurring-no-category'), `${P}:c:0`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-category')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'c') {
        categoryId = Number(answer.arg) || null;
        step = refused ? 'save' : 'frequency';
        continue;
      }
    } else if (step === 'frequency') {
      const kb = new InlineKeyboard();
      for (const f of FREQUENCIES) kb.text(t('manage-recurring-frequency', { frequency: f }), `${P}:f:${f}`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-frequency')), keyboard: navRow(kb, t, P) });
      if (answer.type === 'button' && answer.action === 'f' && (FREQUENCIES as readonly string[]).includes(answer.arg)) {
        frequency = answer.arg as Frequency;
        step = refused ? 'save' : 'date';
        continue;
      }
    } else {
      // Today as the question is asked, not as the conversation began: begun at 23:50, the question
      // reached at 00:05 offered yesterday as "Today" (refused) and today as "Tomorrow" (due at once).
      const days = await conversation.external((outer) => daysOf(outer, lists.familyId));
      const kb = new InlineKeyboard()
        .text(t('manage-recurring-today', { date: days.labels.today }), `${P}:d:${days.today}`)
        .text(t('manage-recurring-tomorrow', { date: days.labels.tomorrow }), `${P}:d:${days.tomorrow}`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-recurring-ask-date')), keyboard: navRow(kb, t, P) });
      const date = answer.type === 'button' && answer.action === 'd' ? answer.arg : answer.type === 'text' ? answer.text.trim() : undefined;
      if (date !== undefined) {
        startDate = date;
        step = 'save';
        continue;
      }
    }
    if (await endOrAskAgain(ctx, answer, notice)) return;
  }

  /** Creates the rule; false (with the reason noted and the refused field's question next) when the core refuses. */
  async function save(): Promise<boolean> {
    const saved = await saveInFamily(conversation, ctx, lists.familyId, (outer, scope): { ok: true; text: string; rows: Rows } | { ok: false; text: string; field: string; fresh: Extract<Setup, { ok: true }> | null } => {
      const { userId, familyId } = scope;
      try {
        const rule = createRecurringRule(outer.app.deps, userId, { familyId, kind, walletId, categoryId, amountMinor: amount, frequency, startDate, requestKey: requestKeyOf(outer) });
        const view = recurringRows(outer, scope, rule.id);
        return { ok: true, text: view.text, rows: view.rows };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        // The wallets and categories offered again are read afresh: one archived meanwhile is no longer offered.
        const fresh = setupOf(outer, familyId);
        return { ok: false, text: errorText(outer, e), field: fieldOf(e), fresh: fresh.ok ? fresh : null };
      }
    });
    // No longer in the family: nothing is left to ask.
    if (saved === null) return true;
    if (saved.ok) {
      await ctx.reply(saved.text, { reply_markup: { inline_keyboard: saved.rows } });
      return true;
    }
    notice.set(saved.text);
    if (saved.fresh) {
      lists.wallets = saved.fresh.wallets;
      lists.categories = saved.fresh.categories;
      single = lists.wallets.length === 1 ? lists.wallets[0] : undefined;
    }
    step = STEP_OF_FIELD[saved.field] ?? 'date';
    // The one wallet left is taken without asking; its currency may differ from the amount's.
    if (step === 'wallet' && single) {
      walletId = single.id;
      step = single.currency === amountCurrency ? 'save' : 'amount';
    }
    refused = true;
    return false;
  }
}
