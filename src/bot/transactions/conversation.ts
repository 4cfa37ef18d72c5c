// Add expense / income / transfer, one question at a time: amount, wallet
// (skipped with one wallet), destination wallet and received amount (transfer),
// category (most used first), optional note, confirm. Back goes one step back;
// Cancel or /cancel leaves without writing anything.
//
// Conversations v2 replay this function from the top on every update, so every
// core call sits in conversation.external() and the idempotency key is made
// there too: it is derived from the Save press's callback query id, which is
// the same on a replay and on a redelivery after a crash.
import { InlineKeyboard } from 'grammy';
import { can, createTransaction, currencyExponent, defaultWallet, fieldOf, formatMoney, isDomainError, listCategories, listWallets } from '../../domain/index.js';
import type { Locale } from '../../config.js';
import type { BotContext, ConversationContext } from '../context.js';
import { errorTranslation } from '../shared/replies.js';
import { scopeInFamily } from '../runtime/guards.js';
import { amountAnswerCurrencies, readAmountAnswer } from '../shared/amount-answer.js';
import { ask, askAbout, navRow, noticeBoard, type Convo } from '../shared/ask.js';
import { categoryLabel, resultText, walletLabel, walletName } from '../shared/transaction-text.js';
import { rememberCard } from '../../presentation/card-registry.js';
import { balancesVisible, cardTexts } from '../shared/visibility.js';
import { cardKeyboard } from './card.js';
import { nextRow } from '../../presentation/keyboard.js';

export const TX_CONVERSATION = 'tx';
export const TX_KINDS = ['expense', 'income', 'transfer'] as const;
export type TxKind = (typeof TX_KINDS)[number];

type WalletInfo = { id: number; name: string; label: string; currency: string };
type Setup =
  | { ok: false; key: string }
  | { ok: true; userId: number; familyId: number; locale: Locale; defaultWalletId: number; wallets: WalletInfo[]; categories: Array<{ id: number; label: string }> };

/** The family recorded in: `named` (the menu's the button was pressed on), else the active one; kept throughout. */
function loadSetup(outer: BotContext, kind: TxKind, named: number | undefined): Setup {
  const { user, deps, locale } = outer.app;
  if (!user) return { ok: false, key: 'start-needed' };
  const scope = scopeInFamily(outer, named);
  if (!scope) return { ok: false, key: named === undefined ? 'start-no-family' : 'manage-stale-button' };
  const { familyId, role } = scope;
  // The core refuses a viewer's write anyway; asking first would waste their time.
  if (!can(role, 'create_transaction')) return { ok: false, key: 'errors-viewer' };
  const wallets = listWallets(deps, user.id, familyId).map((w) => ({ id: w.id, name: walletName(w, locale), label: walletLabel(w, locale, balancesVisible(outer)), currency: w.currency }));
  const first = wallets[0];
  if (!first) return { ok: false, key: 'tx-no-wallets' };
  if (kind === 'transfer' && wallets.length < 2) return { ok: false, key: 'tx-transfer-needs-two' };
  const categories =
    kind === 'transfer' ? [] : listCategories(deps, user.id, familyId, { kind, usageBy: user.id }).map((c) => ({ id: c.id, label: categoryLabel(c, locale) }));
  return { ok: true, userId: user.id, familyId, locale, defaultWalletId: defaultWallet(deps, user.id, familyId)?.id ?? first.id, wallets, categories };
}

type Step = 'amount' | 'wallet' | 'to-wallet' | 'to-amount' | 'category' | 'description' | 'confirm';

const P = 'tx';

/** Records an entry of `kind` in family `familyId` (the main menu's), or in the active family when none is given. */
export async function transactionConversation(conversation: Convo, ctx: ConversationContext, kind: TxKind, familyId?: number): Promise<void> {
  const setup = await conversation.external((outer) => loadSetup(outer, kind, familyId));
  if (!setup.ok) {
    await ctx.reply(ctx.t(setup.key));
    return;
  }
  askAbout(conversation, setup.familyId);
  const t = ctx.t;
  const { wallets, categories } = setup;
  const walletById = (id: number | undefined) => wallets.find((w) => w.id === id);
  let mainId = setup.defaultWalletId;
  let toId: number | undefined;
  let amount = 0;
  // The currency the amount was asked and answered in. A wallet in another one asks the amount again in its
  // currency (reask), never reads the same number as that currency's: "10" asked in USD is not €10.
  let amountCurrency: string | undefined;
  let reask = false;
  let toAmount: number | undefined;
  let categoryId: number | null = null;
  let description: string | null = null;
  let step: Step = 'amount';
  const trail: Step[] = [];
  const notice = noticeBoard();
  // Set once the core refused one answer at save time: the corrected answer goes straight back to the summary, the other answers kept
  // (a received amount still asked when a new wallet needs one).
  let refused = false;
  const go = (next: Step) => {
    trail.push(step);
    step = refused && next !== 'to-amount' ? 'confirm' : next;
  };
  /** The question that asks for each field createTransaction may refuse. */
  const stepOfField = (field: string): Step | undefined =>
    ({
      amount: 'amount',
      from_wallet_id: 'wallet',
      to_wallet_id: kind === 'income' ? 'wallet' : 'to-wallet',
      to_amount: 'to-amount',
      category_id: 'category',
      description: 'description',
    })[field] as Step | undefined;
  // A note typed with the amount ("12 bus") answers the note question already.
  const noteStep = (): Step => (description ? 'confirm' : 'description');
  const afterWallets = (): Step => (kind === 'transfer' ? 'to-wallet' : categories.length > 0 ? 'category' : noteStep());
  /** Reads an amount answer in a currency ("12 bus" is 12 with the note "bus"); on a bad one, sets the explanation shown with the next question. */
  const readAmount = (text: string, currency: string): { minor: number; note: string } | undefined => {
    const read = readAmountAnswer(text, currency, { allowNote: true });
    if (read.ok) return read;
    notice.set(t(read.error.key, read.error.vars));
    return undefined;
  };

  for (;;) {
    const main = walletById(mainId) ?? (wallets[0] as WalletInfo);
    // Whatever led here (the wallet saved in was archived meanwhile and another one stands in), an amount is
    // never saved in a currency it was not given in.
    if (step === 'confirm' && amountCurrency !== main.currency) {
      reask = true;
      step = 'amount';
    }
    const back = trail.length > 0;
    let answer;
    switch (step) {
      case 'amount': {
        const question = reask
          ? t('tx-ask-amount-again', { wallet: main.name, currency: main.currency, typed: formatMoney(amount, amountCurrency ?? main.currency, setup.locale) })
          : t('tx-ask-amount', { kind, currency: main.currency, exponent: currencyExponent(main.currency) });
        answer = await ask(conversation, ctx, P, { text: notice.with(question), keyboard: navRow(new InlineKeyboard(), t, P, { back }) }, { amountStep: true });
        if (answer.type === 'text') {
          // "$50" names a currency: the wallet in it is offered first (or the answer is refused when none is).
          // A shared name ("$": USD, CAD…) keeps the wallet asked about when its currency is one of them.
          // Asked again for the wallet just chosen, the answer is in its currency: another one is refused, not a new wallet.
          const named = reask ? undefined : amountAnswerCurrencies(answer.text);
          const inNamed =
            named !== undefined && !named.includes(main.currency) ? named.map((c) => wallets.find((w) => w.currency === c)).find((w) => w !== undefined) : undefined;
          if (inNamed) mainId = inNamed.id;
          const currency = (inNamed ?? main).currency;
          const parsed = readAmount(answer.text, currency);
          if (parsed !== undefined) {
            amount = parsed.minor;
            amountCurrency = currency;
            // "12 bus" here is the amount 12 with the note "bus".
            if (parsed.note) description = parsed.note;
            // Asked again after the wallet was chosen: the wallet question is behind.
            go(reask || wallets.length <= 1 ? afterWallets() : 'wallet');
            reask = false;
          }
          continue;
        }
        break;
      }
      case 'wallet':
      case 'to-wallet': {
        const choices = step === 'wallet' ? wallets : wallets.filter((w) => w.id !== mainId);
        const kb = new InlineKeyboard();
        choices.forEach((w, i) => {
          kb.text(w.label, `${P}:w:${w.id}`);
          if (i % 2 === 1) nextRow(kb);
        });
        const question = step === 'wallet' ? t('tx-ask-wallet', { kind }) : t('tx-ask-to-wallet');
        answer = await ask(conversation, ctx, P, { text: notice.with(question), keyboard: navRow(kb, t, P, { back }) });
        if (answer.type === 'button' && answer.action === 'w') {
          const chosen = walletById(Number(answer.arg));
          if (!chosen) continue;
          if (step === 'wallet') {
            mainId = chosen.id;
            if (chosen.currency !== amountCurrency) {
              // The amount was asked (and answered) in another currency: its number means nothing in this one.
              trail.push(step);
              reask = true;
              step = 'amount';
              continue;
            }
            go(afterWallets());
          } else {
            toId = chosen.id;
            toAmount = undefined;
            go(chosen.currency !== main.currency ? 'to-amount' : noteStep());
          }
          continue;
        }
        break;
      }
      case 'to-amount': {
        const to = walletById(toId) ?? main;
        // An amount question: "92.50 EUR" or "9250 рублей" is the amount that arrived, never a quick entry.
        answer = await ask(conversation, ctx, P, { text: notice.with(t('tx-ask-to-amount', { wallet: to.name, currency: to.currency })), keyboard: navRow(new InlineKeyboard(), t, P, { back }) }, { amountStep: true });
        if (answer.type === 'text') {
          const parsed = readAmount(answer.text, to.currency);
          if (parsed !== undefined) {
            toAmount = parsed.minor;
            // As at the first amount: words after it are the note ("92.50 for the flat").
            if (parsed.note && !description) description = parsed.note;
            go(noteStep());
          }
          continue;
        }
        break;
      }
      case 'category': {
        const kb = new InlineKeyboard();
        categories.forEach((c, i) => {
          kb.text(c.label, `${P}:c:${c.id}`);
          if (i % 2 === 1) nextRow(kb);
        });
        answer = await ask(conversation, ctx, P, { text: notice.with(t('tx-ask-category', { kind })), keyboard: navRow(kb, t, P, { back }) });
        if (answer.type === 'button' && answer.action === 'c') {
          categoryId = Number(answer.arg);
          go(noteStep());
          continue;
        }
        break;
      }
      case 'description': {
        answer = await ask(conversation, ctx, P, { text: notice.with(t('tx-ask-description')), keyboard: navRow(new InlineKeyboard(), t, P, { back, skip: true }) }, { freeText: true });
        if (answer.type === 'text') {
          if (answer.text.trim().length > 500) {
            notice.set(t('errors-description'));
            continue;
          }
          description = answer.text.trim() || null;
          go('confirm');
          continue;
        }
        if (answer.type === 'button' && answer.action === 's') {
          description = null;
          go('confirm');
          continue;
        }
        break;
      }
      case 'confirm': {
        const to = walletById(toId);
        const amountShown =
          toAmount !== undefined && to
            ? `${formatMoney(amount, main.currency, setup.locale)} → ${formatMoney(toAmount, to.currency, setup.locale)}`
            : formatMoney(amount, main.currency, setup.locale);
        const details = [categories.find((c) => c.id === categoryId)?.label, description].filter(Boolean).map((d) => ` · ${d}`).join('');
        const summary = t('tx-confirm', {
          kind,
          summary: t('tx-summary', { kind, amount: amountShown, wallet: main.name, toWallet: to?.name ?? '', details }),
        });
        const kb = new InlineKeyboard().text(t('tx-save'), `${P}:ok`);
        answer = await ask(conversation, ctx, P, { text: notice.with(summary), keyboard: navRow(kb, t, P, { back }) }, { buttonsOnly: true });
        if (answer.type === 'button' && answer.action === 'ok') {
          const queryId = answer.ctx.callbackQuery?.id ?? String(answer.ctx.update.update_id);
          const saved = await conversation.external((outer) => {
            const deps = outer.app.deps;
            try {
              const { transaction } = createTransaction(deps, setup.userId, {
                familyId: setup.familyId,
                kind,
                fromWalletId: kind === 'income' ? null : main.id,
                toWalletId: kind === 'income' ? main.id : kind === 'transfer' ? (toId ?? null) : null,
                amountMinor: amount,
                toAmountMinor: toAmount ?? null,
                categoryId,
                description,
                idempotencyKey: `tg:cb:${queryId}`,
                source: 'bot',
                origin: `chat:${outer.chat?.id ?? '?'}`,
              });
              return { ok: true as const, id: transaction.id, status: transaction.status, text: resultText(deps, transaction, cardTexts(outer)), keyboard: cardKeyboard(outer.t, transaction)?.inline_keyboard ?? null };
            } catch (e) {
              if (!isDomainError(e)) throw e;
              const tr = errorTranslation(e, outer.app.locale, '', balancesVisible(outer));
              // The wallets and categories offered again are read afresh: one archived meanwhile is no longer offered.
              // In the entry's family, also when another one became active meanwhile.
              const fresh = loadSetup(outer, kind, setup.familyId);
              return { ok: false as const, code: e.code, field: fieldOf(e), text: outer.t(tr.key, tr.vars), fresh: fresh.ok ? { wallets: fresh.wallets, categories: fresh.categories } : null };
            }
          });
          if (saved.ok) {
            // The same card as a quick entry's: its buttons work on this entry.
            const card = await ctx.reply(saved.text, saved.keyboard ? { reply_markup: { inline_keyboard: saved.keyboard } } : {});
            // A request's card is edited in place when it is decided (src/presentation/card-registry.ts).
            await conversation.external((outer) => rememberCard(outer.app.deps, saved, { chatId: card.chat.id, messageId: card.message_id }));
            return;
          }
          const refusedStep = saved.code === 'insufficient_funds' ? undefined : stepOfField(saved.field);
          if (refusedStep !== undefined && saved.fresh && saved.fresh.wallets.length > 0) {
            // One answer refused: its question again, with the reason; the other answers kept.
            wallets.splice(0, wallets.length, ...saved.fresh.wallets);
            categories.splice(0, categories.length, ...saved.fresh.categories);
            notice.set(saved.text);
            refused = true;
            step = refusedStep;
            continue;
          }
          if (saved.code !== 'insufficient_funds') {
            await ctx.reply(saved.text);
            return;
          }
          // Not enough money: say so and let them change the amount.
          notice.set(saved.text);
          trail.length = 0;
          step = 'amount';
          continue;
        }
        break;
      }
    }
    if (answer.type === 'cancel') {
      await ctx.reply(t('tx-cancelled'));
      return;
    }
    if (answer.type === 'button' && answer.action === 'b') {
      reask = false;
      step = trail.pop() ?? 'amount';
      continue;
    }
    // Typed text where a button was expected (or a stray button).
    notice.set(t('conv-use-buttons'));
  }
}
