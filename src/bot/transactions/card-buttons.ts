// The buttons under a quick entry's reply. Callback data (encoded and matched
// by shared/callback-data.ts, the one codec):
//   q:c:<tx>  show categories     q:sc:<tx>:<category>  move to that category
//   q:w:<tx>  show wallets        q:sw:<tx>:<wallet>    move to that wallet
//   q:k:<tx>  back to the buttons q:u:<tx>              undo (reverse, reason "undo")
// A change is the core's correctTransaction (a reversal plus a corrected copy),
// so the buttons then point at the copy. A press on something already undone
// or changed gets a clear answer and changes nothing.
import { InlineKeyboard } from 'grammy';
import {
  correctionRefusalOf,
  correctTransaction,
  getTransaction,
  getUser,
  isDomainError,
  listCategories,
  listWallets,
  reverseTransaction,
  transactionActionsOf,
  withdrawTransaction,
  type DomainError,
  type Transaction,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { callbackData, callbackPatterns } from '../shared/callback-data.js';
import { errorTranslation } from '../shared/replies.js';
import { requireUser } from '../runtime/guards.js';
import { cardKeyboard, READS_ONLY } from './card.js';
import { rememberCard } from '../../presentation/card-registry.js';
import { cardText, categoryLabel, resultText, summaryVars, undoneText, walletLabel } from '../shared/transaction-text.js';
import { balancesVisible, cardTexts } from '../shared/visibility.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow } from '../../presentation/keyboard.js';

export const quickButtonsFeature = new FlatComposer<BotContext>();

/** The refusal's own words as an alert ("Someone else already approved this entry…", "…48 hours…"). */
async function answerRefusal(ctx: BotContext, e: DomainError): Promise<void> {
  // Someone else approved it: name them, so the author knows whom to ask (they may change it on the group's card).
  if (e.why?.type === 'decided_by_other') {
    const name = getUser(ctx.app.deps, e.why.decidedBy).name;
    await ctx.answerCallbackQuery({ text: ctx.t('card-decided-by-other', { name }), show_alert: true });
    return;
  }
  const tr = errorTranslation(e, ctx.app.locale, '', balancesVisible(ctx));
  await ctx.answerCallbackQuery({ text: ctx.t(tr.key, tr.vars), show_alert: true });
}

/**
 * Runs a change. The entry already undone or changed gets that answer; any other refusal its own words
 * (someone else approved it, the 48 hours passed, the role, the wallet or category archived meanwhile),
 * never "already changed" for an entry nobody changed, and the card gets its buttons back instead of a
 * list every choice of which is refused. Other errors go to the boundary.
 */
async function changeOnce(ctx: BotContext, userId: number, txId: number, reopen: 'c' | 'w' | undefined, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const settled = e.code === 'invalid_state' && (e.why === undefined || e.why.type === 'not_executed' || e.why.type === 'is_reversal' || e.why.type === 'not_pending');
    if (settled) {
      await ctx.answerCallbackQuery({ text: ctx.t('quick-already-changed'), show_alert: true });
      return;
    }
    if (e.code !== 'invalid_state' && e.code !== 'forbidden' && e.why?.type !== 'archived' && e.why?.type !== 'missing') throw e;
    await answerRefusal(ctx, e);
    // A wallet or category archived meanwhile: the list again as it is now ("pick another"); else the card's buttons.
    const tx = getTransaction(ctx.app.deps, userId, txId);
    const list = reopen && (e.why?.type === 'archived' || e.why?.type === 'missing') ? choicesFor(ctx, userId, tx, reopen) : undefined;
    const markup = list instanceof InlineKeyboard ? list : (cardFor(ctx, userId, tx) ?? new InlineKeyboard());
    await ctx.editMessageReplyMarkup({ reply_markup: markup }).catch(() => undefined);
  }
}

/** The transaction while it can still be changed (executed, not a reversal), else undefined. */
function changeable(ctx: BotContext, userId: number, txId: number): Transaction | undefined {
  const tx = getTransaction(ctx.app.deps, userId, txId);
  return tx.status === 'executed' && tx.reversalOf === null ? tx : undefined;
}

/**
 * The card's buttons for the entry as it stands. In a private chat the card is the presser's alone: only
 * what the core lets them do now (an entry someone else approved, or past the 48 hours: ↩️ Undo, no 🏷 👛).
 * A group's card keeps them all (an owner or admin may use the author's card; the core checks each press).
 */
function cardFor(ctx: BotContext, userId: number, tx: Transaction): InlineKeyboard | undefined {
  const may = ctx.chat?.type === 'private' ? (transactionActionsOf(ctx.app.deps, userId, tx.id) ?? READS_ONLY) : undefined;
  return cardKeyboard(ctx.t, tx, may);
}

/**
 * Runs a press on an entry's card as its presser, in the entry's own family whichever is active (none too).
 * Entries are never deleted, so the core's "transaction not found" for a card in one's own private chat means the entry's
 * family is no longer theirs (removed, or left): said so, and the card loses its buttons. Every id one may not
 * see gets that same answer, so it tells nothing about other families' entries. In the group the card keeps its
 * buttons for the family and the refusal stays as it was.
 */
async function onCard(ctx: BotContext, run: (userId: number) => Promise<void>): Promise<void> {
  const userId = await requireUser(ctx);
  if (userId === undefined) return;
  try {
    await run(userId);
  } catch (e) {
    const card = ctx.callbackQuery?.message;
    if (!isDomainError(e) || e.code !== 'not_found' || e.details['entity'] !== 'transaction' || card === undefined || ctx.chat?.type !== 'private') throw e;
    await ctx.answerCallbackQuery({ text: ctx.t('errors-not-member', { self: 'yes' }), show_alert: true });
    await ctx.editMessageText(`${card.text ?? ''}\n\n${ctx.t('card-not-in-family')}`, { reply_markup: new InlineKeyboard() }).catch(() => undefined);
  }
}

quickButtonsFeature.callbackQuery(callbackPatterns.card.open, (ctx) => {
  const [, what, idText] = ctx.match;
  const txId = Number(idText);
  return onCard(ctx, (userId) => openChoices(ctx, userId, txId, what));
});

async function openChoices(ctx: BotContext, userId: number, txId: number, what: string | undefined): Promise<void> {
  const tx = changeable(ctx, userId, txId);
  if (!tx) {
    await ctx.answerCallbackQuery({ text: ctx.t('quick-already-changed'), show_alert: true });
    return;
  }
  const { deps } = ctx.app;
  if (what === 'k') {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: cardFor(ctx, userId, tx) ?? new InlineKeyboard() });
    return;
  }
  // A change the core would refuse is said now, not after a list whose every choice is refused.
  const refusal = correctionRefusalOf(deps, userId, txId);
  if (refusal) {
    await answerRefusal(ctx, refusal);
    // A card from before (edited when 🏷 👛 were still offered, or the 48 hours passed since) shows what is left.
    await ctx.editMessageReplyMarkup({ reply_markup: cardFor(ctx, userId, tx) ?? new InlineKeyboard() }).catch(() => undefined);
    return;
  }
  const choices = choicesFor(ctx, userId, tx, what === 'c' ? 'c' : 'w');
  if (typeof choices === 'string') {
    await ctx.answerCallbackQuery({ text: choices, show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: choices });
}

/** The categories or wallets the entry may move to, as buttons under the card; or why there are none. */
function choicesFor(ctx: BotContext, userId: number, tx: Transaction, what: 'c' | 'w'): InlineKeyboard | string {
  const { deps, locale } = ctx.app;
  const kb = new InlineKeyboard();
  if (what === 'c') {
    // A transfer's category is a label of either kind (the core checks the same).
    const kind = tx.kind === 'expense' || tx.kind === 'income' ? tx.kind : undefined;
    const options = listCategories(deps, userId, tx.familyId, { ...(kind ? { kind } : {}), usageBy: userId }).filter((c) => c.id !== tx.categoryId);
    if (options.length === 0) return ctx.t('quick-no-other-category');
    options.forEach((c, i) => {
      kb.text(categoryLabel(c, locale), callbackData.card.setCategory(tx.id, c.id));
      if (i % 2 === 1) nextRow(kb);
    });
  } else {
    const side = tx.kind === 'income' ? tx.toWalletId : tx.fromWalletId;
    const currency = tx.kind === 'income' ? (tx.toCurrency ?? tx.currency) : tx.currency;
    const options = listWallets(deps, userId, tx.familyId).filter((w) => w.id !== side && w.currency === currency);
    if (options.length === 0) return ctx.t('quick-no-other-wallet', { currency });
    options.forEach((w, i) => {
      kb.text(walletLabel(w, locale, balancesVisible(ctx)), callbackData.card.setWallet(tx.id, w.id));
      if (i % 2 === 1) nextRow(kb);
    });
  }
  return nextRow(kb).text(ctx.t('conv-back'), callbackData.card.back(tx.id));
}

quickButtonsFeature.callbackQuery(callbackPatterns.card.set, async (ctx) => {
  const [, what, txText, targetText] = ctx.match;
  const target = Number(targetText);
  await onCard(ctx, (userId) => changeOnce(ctx, userId, Number(txText), what === 'sc' ? 'c' : 'w', async () => {
    const { deps } = ctx.app;
    const { corrected } = correctTransaction(deps, userId, {
      transactionId: Number(txText),
      ...(what === 'sc' ? { categoryId: target } : { walletId: target }),
      requestKey: requestKeyOf(ctx),
    });
    // Another wallet may need approval: the copy waits, and its decision edits this card. Remembered
    // before the card shows it waiting: a decision made the moment it does must find the card.
    const card = ctx.callbackQuery.message;
    if (card) rememberCard(deps, corrected, { chatId: card.chat.id, messageId: card.message_id });
    await ctx.answerCallbackQuery({ text: ctx.t(what === 'sc' ? 'quick-category-changed' : 'quick-wallet-changed') });
    const text = resultText(deps, corrected, cardTexts(ctx));
    const keyboard = cardFor(ctx, userId, corrected);
    await ctx.editMessageText(text, keyboard ? { reply_markup: keyboard } : {});
  }));
});

quickButtonsFeature.callbackQuery(callbackPatterns.card.undo, async (ctx) => {
  const txId = Number(ctx.match[1]);
  await onCard(ctx, (userId) => changeOnce(ctx, userId, txId, undefined, async () => {
    const { deps } = ctx.app;
    const { original } = reverseTransaction(deps, userId, { transactionId: txId, reason: 'undo', requestKey: requestKeyOf(ctx) });
    await ctx.answerCallbackQuery({ text: ctx.t('quick-undone-short') });
    await ctx.editMessageText(undoneText(deps, original, cardTexts(ctx)));
  }));
});

// ✋ Withdraw: the author takes back their own waiting request. The approvers'
// copies are edited by the jobs (approval.withdrawn, written by the core).
quickButtonsFeature.callbackQuery(callbackPatterns.card.withdraw, (ctx) => {
  const txId = Number(ctx.match[1]);
  return onCard(ctx, (userId) => withdrawFromCard(ctx, userId, txId));
});

async function withdrawFromCard(ctx: BotContext, userId: number, txId: number): Promise<void> {
  const { deps, locale } = ctx.app;
  try {
    const withdrawn = withdrawTransaction(deps, userId, txId, requestKeyOf(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t('card-withdrawn-short') });
    const summary = ctx.t('tx-summary', summaryVars(deps, withdrawn, locale));
    await ctx.editMessageText(`${summary}\n${ctx.t('card-withdrawn')}`);
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'invalid_state') throw e;
    const tr = errorTranslation(e, locale, '', balancesVisible(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t(tr.key, tr.vars), show_alert: true });
    // The request was decided meanwhile: the card shows how it stands now, without stale buttons.
    // The same text as the decision's own edit of this card (src/jobs/handlers/approvals.ts).
    const now = getTransaction(deps, userId, txId);
    const decider = now.approvedBy === null ? '?' : getUser(deps, now.approvedBy).name;
    const keyboard = cardFor(ctx, userId, now);
    await ctx.editMessageText(cardText(deps, now, cardTexts(ctx), decider), keyboard ? { reply_markup: keyboard } : {}).catch(() => undefined);
  }
}
