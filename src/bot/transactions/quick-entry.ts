// Quick entry: "50 coffee", "coffee 50", "$50 coffee", "1.5k rent",
// "120+35 groceries", "+3000 salary" (grammar: quick-entry-grammar.ts) records
// at once from the person's default wallet, or from their wallet in the
// currency they named. The category is guessed from the words and the
// person's history, else "Other". The reply is the entry's card: [Change
// category] [Change wallet] [Undo] (card-buttons.ts). A photo with such a
// caption is an entry too. Editing the message corrects the entry (the core's
// reversal + corrected copy) and edits the card. A forwarded money message is
// not recorded as the forwarder's own: they are told why.
import { InlineKeyboard } from 'grammy';
import {
  AmountError,
  CORRECTION_WINDOW_MS,
  correctTransaction,
  createTransaction,
  defaultWallet,
  displayName,
  getTransaction,
  guessCategory,
  isDomainError,
  listCategories,
  listWallets,
  parseAmountExpression,
  reasonOf,
  type CoreDeps,
  type Wallet,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { callbackData, callbackPatterns, idArg } from '../shared/callback-data.js';
import { amountErrorText, errorText, errorTranslation } from '../shared/replies.js';
import { sqliteKeyValue } from '../runtime/storage.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { fallbackCategory, resultText } from '../shared/transaction-text.js';
import { cardMarkup } from './card.js';
import { cardStore } from './card-store.js';
import { parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export { parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';

/** The wallet an entry goes to: the default one, or the person's wallet in the currency they named. */
function walletFor(ctx: BotContext, scope: FamilyScope, entry: QuickEntry): Wallet | { missing: string } | undefined {
  const { deps } = ctx.app;
  const preferred = defaultWallet(deps, scope.userId, scope.familyId);
  if (!entry.currency || preferred?.currency === entry.currency) return preferred;
  const inCurrency = listWallets(deps, scope.userId, scope.familyId).find((w) => w.currency === entry.currency);
  return inCurrency ?? { missing: entry.currency };
}

type Read = { ok: true; wallet: Wallet; amount: number; kind: 'expense' | 'income'; categoryId: number | null } | { ok: false; text: string };

/** Everything an entry needs, or the localized reason it cannot be recorded. */
function readEntry(ctx: BotContext, scope: FamilyScope, entry: QuickEntry): Read {
  const { deps } = ctx.app;
  const wallet = walletFor(ctx, scope, entry);
  if (!wallet) return { ok: false, text: ctx.t('tx-no-wallets') };
  if ('missing' in wallet) return { ok: false, text: ctx.t('quick-no-wallet-in-currency', { currency: wallet.missing }) };
  let amount: number;
  try {
    amount = parseAmountExpression(entry.amountText, wallet.currency);
  } catch (e) {
    if (!(e instanceof AmountError)) throw e;
    const tr = amountErrorText(e, entry.amountText);
    return { ok: false, text: `${ctx.t(tr.key, tr.vars)}\n${ctx.t('quick-hint')}` };
  }
  const kind = entry.income ? 'income' : 'expense';
  const category =
    (entry.note ? guessCategory(deps, scope.userId, scope.familyId, kind, entry.note) : undefined) ??
    fallbackCategory(listCategories(deps, scope.userId, scope.familyId, { kind }), kind);
  return { ok: true, wallet, amount, kind, categoryId: category?.id ?? null };
}

export const quickEntryFeature = new FlatComposer<BotContext>();

quickEntryFeature.on(['message:text', 'message:caption'], async (ctx, next) => {
  const text = ctx.message.text ?? ctx.message.caption ?? '';
  const entry = parseQuickEntry(text);
  if (!entry) return next();
  const scope = await requireFamily(ctx);
  if (!scope) return;
  if (ctx.message.forward_origin) {
    // Someone else's message about money is not this person's entry; a forward of their own is ambiguous too.
    await ctx.reply(ctx.t('quick-forwarded'), { reply_parameters: { message_id: ctx.message.message_id } });
    return;
  }
  const read = readEntry(ctx, scope, entry);
  if (!read.ok) {
    await ctx.reply(read.text);
    return;
  }
  const chatId = ctx.chat.id;
  const messageId = ctx.message.message_id;
  try {
    await record(ctx, scope, entry, read, chatId, messageId);
  } catch (e) {
    const short = reasonOf(e, 'insufficient_funds');
    if (!short || !isDomainError(e)) throw e;
    // Offer the wallets that can pay: a press re-runs this same entry from that wallet.
    shortfallStore(ctx.app.deps).set(chatId, messageId, { text, userId: scope.userId });
    const kb = new InlineKeyboard();
    for (const w of short.alternatives.slice(0, 3)) {
      kb.text(ctx.t('quick-pay-from', { wallet: displayName(w, ctx.app.locale) }), callbackData.payFrom(messageId, w.walletId)).row();
    }
    await ctx.reply(errorText(ctx, e), { reply_parameters: { message_id: messageId, allow_sending_without_reply: true }, ...(short.alternatives.length ? { reply_markup: kb } : {}) });
  }
});

/**
 * Records an entry keyed by the person's Telegram message: a redelivered
 * update, or a second press of [Pay from X], finds this transaction instead of
 * adding another. Returns false when it was already recorded.
 */
async function record(ctx: BotContext, scope: FamilyScope, entry: QuickEntry, read: Extract<ReturnType<typeof readEntry>, { ok: true }>, chatId: number, messageId: number, walletId?: number): Promise<boolean> {
  const { deps, locale } = ctx.app;
  const from = walletId ?? read.wallet.id;
  const { transaction, created } = createTransaction(deps, scope.userId, {
    familyId: scope.familyId,
    fromWalletId: read.kind === 'expense' ? from : null,
    toWalletId: read.kind === 'income' ? from : null,
    amountMinor: read.amount,
    categoryId: read.categoryId,
    description: entry.note || null,
    idempotencyKey: `tg:msg:${chatId}:${messageId}`,
    source: 'quick',
    origin: `chat:${chatId}`,
  });
  if (!created && cardStore(deps).get(chatId, messageId)) return false;
  const text2 = resultText(deps, transaction, { t: ctx.t, locale });
  const card = await ctx.reply(text2, cardMarkup(ctx.t, transaction));
  cardStore(deps).set(chatId, messageId, { transactionId: transaction.id, cardMessageId: card.message_id });
  return true;
}

/** The text of an entry that could not be paid and whose it is, by the person's message, for [Pay from X]. */
type Shortfall = { text: string; userId: number };

function shortfallStore(deps: CoreDeps) {
  const kv = sqliteKeyValue<Shortfall>(deps);
  const key = (chatId: number, messageId: number) => `shortfall:${chatId}:${messageId}`;
  return {
    get: (chatId: number, messageId: number) => kv.read(key(chatId, messageId)),
    set: (chatId: number, messageId: number, v: Shortfall) => kv.write(key(chatId, messageId), v),
  };
}

quickEntryFeature.callbackQuery(callbackPatterns.payFrom, async (ctx) => {
  const scope = await requireFamily(ctx);
  if (!scope || !ctx.chat) return;
  const messageId = idArg(ctx.match[1]);
  const walletId = idArg(ctx.match[2]);
  const stored = messageId ? shortfallStore(ctx.app.deps).get(ctx.chat.id, messageId) : undefined;
  // Only the person who typed the entry may pay it (in a group chat others see the buttons too).
  const entry = stored && stored.userId === scope.userId ? parseQuickEntry(stored.text) : undefined;
  const read = entry ? readEntry(ctx, scope, entry) : undefined;
  const wallet = walletId && read?.ok ? listWallets(ctx.app.deps, scope.userId, scope.familyId).find((w) => w.id === walletId && w.currency === read.wallet.currency) : undefined;
  if (!messageId || !entry || !read?.ok || !wallet) {
    await ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button'), show_alert: true });
    return;
  }
  const fresh = await record(ctx, scope, entry, read, ctx.chat.id, messageId, wallet.id);
  await ctx.answerCallbackQuery(fresh ? {} : { text: ctx.t('quick-pay-already') });
  if (fresh) await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
});

quickEntryFeature.on(['edited_message:text', 'edited_message:caption'], async (ctx, next) => {
  const edited = ctx.editedMessage;
  const store = cardStore(ctx.app.deps);
  const ref = store.get(ctx.chat.id, edited.message_id);
  if (!ref) return next();
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const entry = parseQuickEntry(edited.text ?? edited.caption ?? '');
  if (!entry) {
    await ctx.reply(ctx.t('quick-edit-not-entry'), { reply_parameters: { message_id: edited.message_id } });
    return;
  }
  const { deps, locale } = ctx.app;
  const current = getTransaction(deps, scope.userId, ref.transactionId);
  // Editing an old chat message is more likely a slip than a correction, whoever edits it.
  if (deps.clock() - current.createdAt > CORRECTION_WINDOW_MS) {
    await ctx.reply(ctx.t('errors-correction-window'), { reply_parameters: { message_id: edited.message_id } });
    return;
  }
  const read = readEntry(ctx, scope, entry);
  if (!read.ok) {
    await ctx.reply(read.text, { reply_parameters: { message_id: edited.message_id } });
    return;
  }
  if ((read.kind === 'income') !== (current.kind === 'income')) {
    await ctx.reply(ctx.t('quick-edit-kind-changed'), { reply_parameters: { message_id: edited.message_id } });
    return;
  }
  try {
    const { corrected } = correctTransaction(deps, scope.userId, {
      transactionId: current.id,
      amountMinor: read.amount,
      description: entry.note || null,
      ...((entry.note || null) !== current.description ? { categoryId: read.categoryId } : {}),
      ...(read.wallet.id !== (current.kind === 'income' ? current.toWalletId : current.fromWalletId) ? { walletId: read.wallet.id } : {}),
    });
    store.set(ctx.chat.id, edited.message_id, { transactionId: corrected.id, cardMessageId: ref.cardMessageId });
    const text = `${ctx.t('quick-corrected')}\n${resultText(deps, corrected, { t: ctx.t, locale })}`;
    await ctx.api.editMessageText(ctx.chat.id, ref.cardMessageId, text, cardMarkup(ctx.t, corrected));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const tr = errorTranslation(e, ctx.app.locale);
    await ctx.reply(ctx.t(tr.key, tr.vars), { reply_parameters: { message_id: edited.message_id } });
  }
});
