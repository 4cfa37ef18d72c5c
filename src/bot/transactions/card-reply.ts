// An entry sent as a reply to an entry's card ("50 is a lot for coffee" under
// someone's card, "actually 45" under one's own) may be a comment, a correction
// attempt or a new entry: it is not recorded silently. The bot asks once,
// "Record … as a new entry?" with [Record] [Cancel] (handled in quick-entry.ts),
// and keeps the text by the person's message until they answer. A reply to the
// bot's other messages (a hint, a question) stays an entry, as does `/e …`,
// which says it is one. An approval request, a reminder digest and the author's
// waiting card count as cards too (their buttons act on an entry); the question
// names the buttons the replied-to message has.
import { InlineKeyboard } from 'grammy';
import type { CoreDeps } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { groupScope } from '../groups/scope.js';
import { callbackData } from '../shared/callback-data.js';
import { messageStore } from '../runtime/storage.js';
import { entryCardKind, isEntryCard, type EntryCardKind } from './card.js';

/** The quoted text stays one line of the question. */
const MAX_QUOTE = 80;

/** familyId: the family it was asked in ([Record] files it there after a /family switch); absent in older ones. */
type Pending = { text: string; userId: number; familyId?: number };

/** Entries waiting for [Record], by the person's message (key `newentry:<chat>:<message>`). */
export function pendingEntries(deps: CoreDeps) {
  return messageStore<Pending>(deps, 'newentry');
}

/** Whether this message answers one of the bot's entry cards, and is not an explicit `/e …`. */
export function repliesToCard(ctx: BotContext): boolean {
  const replied = ctx.message?.reply_to_message;
  if (!replied || replied.from?.id !== ctx.me.id || !isEntryCard(replied)) return false;
  return groupScope(ctx)?.addressing?.kind !== 'command';
}

/** The question's second sentence names what the replied-to message's own buttons do (an approval request has no 🏷 👛 ↩️). */
const QUESTION_KEY: Record<EntryCardKind, string> = {
  executed: 'quick-reply-to-card',
  waiting: 'quick-reply-to-waiting',
  request: 'quick-reply-to-request',
  digest: 'quick-reply-to-digest',
};

/** What a reply under a card that is no entry ("ok" under an approval request) is told: that message's own buttons act on it. */
const NOT_ENTRY_KEY: Record<EntryCardKind, string> = {
  executed: 'quick-reply-not-entry-card',
  waiting: 'quick-reply-not-entry-waiting',
  request: 'quick-reply-not-entry-request',
  digest: 'quick-reply-not-entry-digest',
};

/**
 * In the private chat, a reply under one of the bot's entry cards that is no entry ("ok", "yes" under an
 * approval request) is pointed at that message's buttons rather than given the quick-entry hint: it is
 * about that card (a reply decides nothing), also while a question waits (ask() lets it pass, the question
 * keeps waiting). False when the message is no such reply.
 */
export async function pointAtCardButtons(ctx: BotContext): Promise<boolean> {
  const message = ctx.message;
  if (!message || ctx.chat?.type !== 'private') return false;
  const replied = message.reply_to_message;
  const kind = replied && replied.from?.id === ctx.me.id ? entryCardKind(replied) : undefined;
  if (!kind) return false;
  await ctx.reply(ctx.t(NOT_ENTRY_KEY[kind]), { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });
  return true;
}

/** Asks whether the person's message is a new entry; in a group the buttons answer only them (groups/reply-owner.ts). */
export async function askBeforeRecording(ctx: BotContext, userId: number, text: string, familyId: number): Promise<void> {
  const message = ctx.message;
  if (!message || !ctx.chat) return;
  pendingEntries(ctx.app.deps).set(ctx.chat.id, message.message_id, { text, userId, familyId });
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const quote = oneLine.length > MAX_QUOTE ? `${oneLine.slice(0, MAX_QUOTE - 1)}…` : oneLine;
  const keyboard = new InlineKeyboard()
    .text(ctx.t('quick-reply-record'), callbackData.newEntry(message.message_id, 'r'))
    .text(ctx.t('quick-reply-cancel'), callbackData.newEntry(message.message_id, 'c'));
  const kind = entryCardKind(message.reply_to_message) ?? 'executed';
  await ctx.reply(ctx.t(QUESTION_KEY[kind], { text: quote }), {
    reply_markup: keyboard,
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  });
}
