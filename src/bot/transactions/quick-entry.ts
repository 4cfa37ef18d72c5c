// Quick entry: "50 coffee", "coffee 50", "$50 coffee", "1.5k rent",
// "120+35 groceries", "+3000 salary" (grammar: quick-entry-grammar.ts) records
// at once through one core call (recordQuickEntry: the person's default
// wallet or their wallet in the currency they named, the category guessed
// from the words and their history, else "Other"). The reply is the entry's card: [Change
// category] [Change wallet] [Undo] (card-buttons.ts). A photo with such a
// caption is an entry too. Editing the message corrects the entry (the core's
// reversal + corrected copy) and edits the card. A forwarded money message is
// not recorded as the forwarder's own: they are told why. An entry sent as a
// reply to an entry's card may be a comment or a correction attempt: it is
// recorded only after one tap on [Record] (card-reply.ts).
import { InlineKeyboard } from 'grammy';
import {
  listFamiliesForUser,
  AmountError,
  correctQuickEntry,
  displayName,
  isDomainError,
  reasonOf,
  recordQuickEntry,
  type CoreDeps,
  type DomainError,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { callbackData, callbackPatterns, idArg } from '../shared/callback-data.js';
import { errorText } from '../shared/replies.js';
import { messageStore } from '../runtime/storage.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { resultText } from '../shared/transaction-text.js';
import { cardTexts } from '../shared/visibility.js';
import { cardMarkup } from './card.js';
import { cardStore } from './card-store.js';
import { askBeforeRecording, pendingEntries, repliesToCard } from './card-reply.js';
import { rememberCard } from '../../presentation/card-registry.js';
import { minorUnitsNamed, parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export { parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';

/** Why an entry was not recorded, in the person's words; an amount that cannot be read also shows the grammar. */
function entryErrorText(ctx: BotContext, e: DomainError, entry: QuickEntry): string {
  const text = errorText(ctx, e, entry.amountText);
  // The hint's grouped example is written in the wallet's own decimals ("1 234" for won, "1 234.500" for dinars).
  return e instanceof AmountError ? `${text}\n${ctx.t('quick-hint', { exponent: e.exponent ?? 2 })}` : text;
}

export const quickEntryFeature = new FlatComposer<BotContext>();

quickEntryFeature.on(['message:text', 'message:caption'], async (ctx, next) => {
  const text = ctx.message.text ?? ctx.message.caption ?? '';
  const entry = parseQuickEntry(text);
  if (!entry) {
    // "500 fils", "50 cents": no entry (500 fils is not 500 dinars), and in the private chat the person is told why.
    const minor = ctx.chat.type === 'private' ? minorUnitsNamed(text) : undefined;
    if (!minor) return next();
    await ctx.reply(ctx.t('quick-minor-units', { word: minor.word, digits: minor.digits }), { reply_parameters: { message_id: ctx.message.message_id } });
    return;
  }
  const scope = await requireFamily(ctx);
  if (!scope) return;
  if (ctx.message.forward_origin) {
    // Someone else's message about money is not this person's entry; a forward of their own is ambiguous too.
    await ctx.reply(ctx.t('quick-forwarded'), { reply_parameters: { message_id: ctx.message.message_id } });
    return;
  }
  if (repliesToCard(ctx)) {
    await askBeforeRecording(ctx, scope.userId, text, scope.familyId);
    return;
  }
  await recordOrRefuse(ctx, scope, entry, text, ctx.chat.id, ctx.message.message_id);
});

/**
 * Records the entry of the person's message <messageId>, or says why it cannot
 * be recorded (with [Pay from X] when another wallet could pay). A refusal is
 * kept by the message, so an edit of that message tries again (and a press of
 * [Pay from X] knows the text).
 */
async function recordOrRefuse(ctx: BotContext, scope: FamilyScope, entry: QuickEntry, text: string, chatId: number, messageId: number, edited = false): Promise<void> {
  const refused = refusedStore(ctx.app.deps);
  const before = edited ? refused.get(chatId, messageId) : undefined;
  // The buttons under an earlier refusal of this message are out of date once it was edited.
  const dropOldButtons = async () => {
    if (before?.replyId !== undefined) await ctx.api.editMessageReplyMarkup(chatId, before.replyId).catch(() => undefined);
  };
  try {
    await record(ctx, scope, entry, chatId, messageId, undefined, edited);
    await dropOldButtons();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const replyTo = { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
    const short = reasonOf(e, 'insufficient_funds');
    if (!short) {
      refused.set(chatId, messageId, { text, userId: scope.userId, familyId: scope.familyId });
      await dropOldButtons();
      await ctx.reply(entryErrorText(ctx, e, entry), edited ? replyTo : {});
      return;
    }
    // Offer the wallets that can pay: a press re-runs this same entry from that wallet.
    refused.set(chatId, messageId, { text, userId: scope.userId, familyId: scope.familyId });
    const kb = new InlineKeyboard();
    for (const w of short.alternatives.slice(0, 3)) {
      kb.text(ctx.t('quick-pay-from', { wallet: displayName(w, ctx.app.locale) }), callbackData.payFrom(messageId, w.walletId)).row();
    }
    await dropOldButtons();
    const reply = await ctx.reply(errorText(ctx, e), { ...replyTo, ...(short.alternatives.length ? { reply_markup: kb } : {}) });
    if (short.alternatives.length) refused.set(chatId, messageId, { text, userId: scope.userId, familyId: scope.familyId, replyId: reply.message_id });
  }
}

/**
 * Records an entry keyed by the person's Telegram message (one core call:
 * recordQuickEntry picks the wallet, reads the amount, guesses the category):
 * a redelivered update, or a second press of [Pay from X], finds this
 * transaction instead of adding another. Returns false when it was already recorded.
 */
async function record(ctx: BotContext, scope: FamilyScope, entry: QuickEntry, chatId: number, messageId: number, walletId?: number, replyToMessage = false): Promise<boolean> {
  const { deps } = ctx.app;
  const { transaction, created, rows } = recordQuickEntry(deps, scope.userId, {
    familyId: scope.familyId,
    entry,
    ...(walletId !== undefined ? { walletId } : {}),
    idempotencyKey: `tg:msg:${chatId}:${messageId}`,
    origin: `chat:${chatId}`,
  });
  if (!created && cardStore(deps).get(chatId, messageId)) return false;
  // An entry recorded from an edit answers the (older) message it belongs to.
  const replyTo = replyToMessage ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {};
  // The wallet and category as the core left them (rows): the card does not read them again.
  const card = await ctx.reply(resultText(deps, transaction, cardTexts(ctx), rows), { ...cardMarkup(ctx.t, transaction), ...replyTo });
  cardStore(deps).set(chatId, messageId, { transactionId: transaction.id, cardMessageId: card.message_id });
  rememberCard(deps, transaction, { chatId, messageId: card.message_id });
  return true;
}

/**
 * The text of an entry that was not recorded and whose it is, by the person's
 * message: for [Pay from X], and for an edit of that message (it is recorded
 * then). replyId: the refusal's reply carrying [Pay from X] buttons, if any.
 * The key keeps the name it had when only shortfalls were kept, so buttons
 * already in chats keep working.
 */
type Refused = { text: string; userId: number; familyId?: number; replyId?: number };

/**
 * The family a kept entry was typed in (its [Pay from X]/[Record] press files it there, whichever family is
 * active now), with the presser's role there; undefined when they are no longer in it. Older entries kept
 * without one: the active family.
 */
function keptScope(ctx: BotContext, scope: FamilyScope, kept: { familyId?: number }): FamilyScope | undefined {
  if (kept.familyId === undefined || kept.familyId === scope.familyId) return scope;
  const family = listFamiliesForUser(ctx.app.deps, scope.userId).find((f) => f.id === kept.familyId);
  return family ? { userId: scope.userId, familyId: family.id, role: family.role } : undefined;
}

function refusedStore(deps: CoreDeps) {
  return messageStore<Refused>(deps, 'shortfall');
}

quickEntryFeature.callbackQuery(callbackPatterns.payFrom, async (ctx) => {
  const scope = await requireFamily(ctx);
  if (!scope || !ctx.chat) return;
  const messageId = idArg(ctx.match[1]);
  const walletId = idArg(ctx.match[2]);
  const stored = messageId ? refusedStore(ctx.app.deps).get(ctx.chat.id, messageId) : undefined;
  // Only the person who typed the entry may pay it (in a group chat others see the buttons too), in the family it was typed in.
  const entry = stored && stored.userId === scope.userId ? parseQuickEntry(stored.text) : undefined;
  const entryScope = stored && keptScope(ctx, scope, stored);
  if (!messageId || !walletId || !entry || !entryScope) {
    await ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button'), show_alert: true });
    return;
  }
  // Recorded meanwhile (another press, or the message was edited into an entry that could be paid).
  if (cardStore(ctx.app.deps).get(ctx.chat.id, messageId)) {
    await ctx.answerCallbackQuery({ text: ctx.t('quick-pay-already') });
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
    return;
  }
  let fresh: boolean;
  try {
    fresh = await record(ctx, entryScope, entry, ctx.chat.id, messageId, walletId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // A wallet gone or changed since the buttons were made is a stale button; one archived meanwhile says so
    // (another button may still pay); anything else is said as it is.
    const stale = (e.code === 'not_found' || e.code === 'validation') && !(e instanceof AmountError) && e.why?.type !== 'archived';
    await ctx.answerCallbackQuery({ text: stale ? ctx.t('manage-stale-button') : errorText(ctx, e), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery(fresh ? {} : { text: ctx.t('quick-pay-already') });
  if (fresh) await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
});

// [Record] under "Record … as a new entry?": the entry of the person's message, exactly as quick entry
// would have recorded it (keyed by that message, so a second press finds it recorded); [Cancel] drops it.
quickEntryFeature.callbackQuery(callbackPatterns.newEntry, async (ctx) => {
  const scope = await requireFamily(ctx);
  if (!scope || !ctx.chat) return;
  const chatId = ctx.chat.id;
  const messageId = idArg(ctx.match[2]);
  const pending = pendingEntries(ctx.app.deps);
  const dropQuestion = () => ctx.deleteMessage().catch(() => ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined));
  if (messageId && cardStore(ctx.app.deps).get(chatId, messageId)) {
    await ctx.answerCallbackQuery({ text: ctx.t('quick-pay-already') });
    await dropQuestion();
    return;
  }
  const stored = messageId ? pending.get(chatId, messageId) : undefined;
  const entry = stored && stored.userId === scope.userId ? parseQuickEntry(stored.text) : undefined;
  const entryScope = stored && keptScope(ctx, scope, stored);
  if (!messageId || !stored || !entry || !entryScope) {
    await ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button'), show_alert: true });
    return;
  }
  if (ctx.match[1] === 'c') {
    pending.drop(chatId, messageId);
    await ctx.answerCallbackQuery({ text: ctx.t('quick-reply-cancelled') });
    await dropQuestion();
    return;
  }
  await ctx.answerCallbackQuery();
  await recordOrRefuse(ctx, entryScope, entry, stored.text, chatId, messageId);
  pending.drop(chatId, messageId);
  await dropQuestion();
});

// An edited message: the entry it made is corrected; a message whose entry was
// refused ("1,234", not enough money) is tried again as the entry it now says.
quickEntryFeature.on(['edited_message:text', 'edited_message:caption'], async (ctx, next) => {
  const edited = ctx.editedMessage;
  const { deps } = ctx.app;
  const store = cardStore(deps);
  const ref = store.get(ctx.chat.id, edited.message_id);
  const text = edited.text ?? edited.caption ?? '';
  if (!ref) {
    const refused = refusedStore(deps).get(ctx.chat.id, edited.message_id);
    const entry = parseQuickEntry(text);
    if (!refused || !entry) return next();
    const scope = await requireFamily(ctx);
    if (!scope) return;
    if (refused.userId !== scope.userId) return next();
    await recordOrRefuse(ctx, scope, entry, text, ctx.chat.id, edited.message_id, true);
    return;
  }
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const entry = parseQuickEntry(text);
  const answer = (reply: string) => ctx.reply(reply, { reply_parameters: { message_id: edited.message_id } });
  if (!entry) {
    await answer(ctx.t('quick-edit-not-entry'));
    return;
  }
  try {
    // The core corrects the live entry: the card's buttons or the app may have replaced ref's with a corrected copy.
    const { corrected, reversal, original } = correctQuickEntry(deps, scope.userId, { transactionId: ref.transactionId, entry });
    store.set(ctx.chat.id, edited.message_id, { transactionId: corrected.id, cardMessageId: ref.cardMessageId });
    // A corrected request is a new request: its decision edits this same card.
    rememberCard(deps, corrected, { chatId: ctx.chat.id, messageId: ref.cardMessageId });
    // The same text again (a redelivered edit): nothing changed, nothing to say.
    if (reversal === null && corrected.id === original.id) return;
    const reply = `${ctx.t('quick-corrected')}\n${resultText(deps, corrected, cardTexts(ctx))}`;
    await ctx.api.editMessageText(ctx.chat.id, ref.cardMessageId, reply, cardMarkup(ctx.t, corrected));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    await answer(entryErrorText(ctx, e, entry));
  }
});
