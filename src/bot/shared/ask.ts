// THE one way the bot asks a question: inside a @grammyjs/conversations
// conversation, send a prompt with buttons, then wait for the answer. Every
// multi-step flow (onboarding, expense/income/transfer, settings, wallets,
// recurring rules…) asks through here.
//
// - The answer is the next update of this chat that is meant for the prompt,
//   whatever the bot sent in between (an approval request, a reminder, a
//   budget alert): no message-id arithmetic.
// - A press on this prompt's buttons (callback data `<prefix>:…`) is the answer;
//   the prompt loses its keyboard so old buttons cannot be pressed again.
//   A press on an older prompt of the same conversation is answered "outdated".
//   Any other button (main menu, approvals, cards) is skipped with `next`, so it
//   keeps working outside the conversation while this one waits.
// - Only a new message or a press is an answer: an edited message (a correction
//   of an earlier entry) or any other update passes by to the rest of the bot,
//   and so does a reply under an entry's card (it is about that entry), under a notification the jobs sent
//   (before or after the question was asked) and, in the private chat, under anything else the bot sent while
//   the question waited. A reply under the question itself, or under the bot's other words, is an answer.
// - /cancel is an answer; any other command leaves the conversation (after
//   saying so) and then runs as usual. So does a bank file in the private chat:
//   its import starts.
// - A text that is clearly a quick entry ("12 bus", "+50 refund") where no
//   amount or free note is asked leaves the question: the entry is recorded by quick entry
//   and the person is told the question was left. A forwarded one is nobody's entry: it
//   passes by (quick entry says why it is not recorded) and the question keeps waiting.
// - In a group whose messages the bot cannot read (privacy mode), a question says
//   to answer it with a reply: only replies reach the bot.
// - In a group a question belongs to the person asked: a reply to it by someone
//   else is told so by the group's gate and reaches no conversation.
// - After CONVERSATION_IDLE_MS of silence the question lapses: the next update
//   is handled as if nothing had been asked.
// - A question about a family (askAbout) ends at an answer from someone no longer
//   in it (removed, or left meanwhile): they are told, and nothing is recorded.
import type { Conversation } from '@grammyjs/conversations';
import type { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import type { BotContext, ConversationContext } from '../context.js';
import { isClearQuickEntry } from '../transactions/quick-entry-grammar.js';
import { isEntryCard } from '../transactions/card.js';
import { findMembership, isDeliveredNotice } from '../../domain/index.js';
import { questionOwners } from '../groups/question-owner.js';
import { isTableFile } from '../export-import/table-file.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

export type Convo = Conversation<BotContext, ConversationContext>;

export type Answer =
  | { type: 'button'; action: string; arg: string; ctx: ConversationContext }
  | { type: 'text'; text: string; ctx: ConversationContext }
  | { type: 'cancel'; ctx: ConversationContext };

/** A keyboard as an InlineKeyboard, or as plain rows (what an external() call can return). */
export type Prompt = { text: string; keyboard?: InlineKeyboard | InlineKeyboardButton[][] };

export type AskOptions = {
  /** The question is an amount: "12 bus" is its answer (amount 12, note "bus"), not a quick entry. */
  amountStep?: boolean;
  /** Any text is a fine answer (a note): never taken for a quick entry ("2 coffees" is a note here). */
  freeText?: boolean;
  /** Only its buttons answer it (a confirmation): no "reply to this one to answer" under it in a group. */
  buttonsOnly?: boolean;
};

/**
 * The family each running conversation asks about, set by the conversation (askAbout) after its setup on
 * every replay: keyed by the replay's conversation object, so nothing is stored between updates.
 */
const askedAbout = new WeakMap<Convo, number>();

/** Ties this conversation's questions to family `familyId`: an answer from someone no longer in it ends the conversation. */
export function askAbout(conversation: Convo, familyId: number): void {
  askedAbout.set(conversation, familyId);
}

/**
 * Ends the conversation when its asker left (or was removed from) the family it asks about: a flow would
 * otherwise go on asking for a family they are no longer in and only the final save would refuse it.
 */
async function endIfNotInFamily(conversation: Convo, ctx: ConversationContext, chatId: number, promptId: number): Promise<void> {
  const familyId = askedAbout.get(conversation);
  if (familyId === undefined) return;
  const member = await conversation.external((outer) => {
    const user = outer.app.user;
    return user !== null && user !== undefined && findMembership(outer.app.deps.db, familyId, user.id) !== undefined;
  });
  if (member) return;
  await dropKeyboard(ctx, chatId, promptId);
  await ctx.reply(ctx.t('conv-not-in-family'));
  await conversation.halt();
}

/** A question left unanswered this long lapses. */
export const CONVERSATION_IDLE_MS = 30 * 60 * 1000;

async function dropKeyboard(ctx: ConversationContext, chatId: number, messageId: number): Promise<void> {
  // A failed cleanup (message too old, already edited) must not end the conversation.
  await ctx.api.editMessageReplyMarkup(chatId, messageId).catch(() => undefined);
}

function markup(keyboard: Prompt['keyboard']): { reply_markup?: { inline_keyboard: InlineKeyboardButton[][] } } {
  if (!keyboard) return {};
  return { reply_markup: { inline_keyboard: rowsOf(keyboard) } };
}

export async function ask(conversation: Convo, ctx: ConversationContext, prefix: string, prompt: Prompt, opts: AskOptions = {}): Promise<Answer> {
  // A group in privacy mode shows the bot only replies to its messages: a plain answer would never arrive.
  const repliesOnly = !opts.buttonsOnly && ctx.chat !== undefined && ctx.chat.type !== 'private' && ctx.me.can_read_all_group_messages !== true;
  const text = repliesOnly ? `${prompt.text}\n\n${ctx.t('conv-reply-to-answer')}` : prompt.text;
  const sent = await ctx.reply(text, markup(prompt.keyboard));
  const chatId = sent.chat.id;
  const asked = ctx.from;
  if (sent.chat.type !== 'private' && asked) {
    // In a group the question is this person's: a reply to it by anyone else is neither answer nor entry (groups/question-owner.ts).
    await conversation.external((outer) => questionOwners(outer.app.deps).set(chatId, sent.message_id, { userId: asked.id, name: asked.first_name }));
  }
  const askedAt = await conversation.external((outer) => outer.app.deps.clock());
  /** What this question itself said while it waited (a reply under it is still meant for the question). */
  const own = new Set<number>();
  for (;;) {
    const next = await conversation.wait();
    const now = await conversation.external((outer) => outer.app.deps.clock());
    if (now - askedAt > CONVERSATION_IDLE_MS) {
      // A day-old half-finished flow never refuses today's entries.
      await dropKeyboard(next, chatId, sent.message_id);
      await conversation.halt({ next: true });
    }
    const query = next.callbackQuery;
    if (query) {
      const data = query.data ?? '';
      if (!data.startsWith(`${prefix}:`)) await conversation.skip({ next: true });
      if (query.message?.message_id !== sent.message_id) {
        await next.answerCallbackQuery({ text: next.t('manage-stale-button') });
        continue;
      }
      await next.answerCallbackQuery();
      await dropKeyboard(next, chatId, sent.message_id);
      const [, action = '', ...rest] = data.split(':');
      if (action === 'x') return { type: 'cancel', ctx: next };
      await endIfNotInFamily(conversation, next, chatId, sent.message_id);
      return { type: 'button', action, arg: rest.join(':'), ctx: next };
    }
    // An edit of an earlier message (it corrects an entry through quick entry's edit handler), a
    // reaction or any other kind of update is no answer: it goes on to the rest of the bot and the
    // question keeps waiting (skip undoes this wait as if the update never came).
    if (!next.message) await conversation.skip({ next: true });
    // A reply under another of the bot's messages is about that message, not this answer; it goes on as it
    // would with no question asked and the question keeps waiting:
    // - under an entry's card (a comment, a correction, maybe a new entry): to quick entry, which asks before
    //   recording it;
    // - under a notification the jobs sent, whenever it came (an approval decided, a reminder, a budget alert, a
    //   recurring notice), and in the private chat under anything the bot sent while this question waited (a
    //   card of an entry made meanwhile) other than this question's own notes: an entry is recorded with its
    //   card, other text gets the usual hint.
    // A reply under this question, its notes or the bot's other words (an earlier question, a hint) is an answer.
    const quoted = next.message?.reply_to_message;
    if (quoted?.from?.id === next.me.id) {
      const other = quoted.message_id !== sent.message_id && !own.has(quoted.message_id);
      const later = other && next.chat?.type === 'private' && quoted.message_id > sent.message_id;
      const notice = () => conversation.external((outer) => isDeliveredNotice(outer.app.deps.db, chatId, quoted.message_id));
      if (isEntryCard(quoted) || later || (other && (await notice()))) await conversation.skip({ next: true });
    }
    const text = next.message?.text;
    const doc = next.message?.document;
    if (doc && next.chat?.type === 'private' && isTableFile(doc)) {
      // A bank file is no answer: it is an import, which starts in place of the question (as a command would).
      await dropKeyboard(next, chatId, sent.message_id);
      await next.reply(next.t('conv-left'));
      await conversation.halt({ next: true });
    }
    if (text === undefined) {
      // A photo with a money caption is a quick entry too, except where an amount or a note is asked
      // (a caption there is no more an entry than the same text would be); anything else is not an answer.
      const caption = next.message?.caption;
      if (!opts.amountStep && !opts.freeText && caption !== undefined && isClearQuickEntry(caption)) await leaveForQuickEntry(conversation, next, chatId, sent.message_id);
      own.add((await next.reply(next.t('conv-use-text-or-buttons'))).message_id);
      continue;
    }
    if (text.startsWith('/')) {
      await dropKeyboard(next, chatId, sent.message_id);
      if (/^\/cancel(@\w+)?\b/.test(text)) return { type: 'cancel', ctx: next };
      // Another command: the draft is dropped and the command runs as usual.
      await next.reply(next.t('conv-left'));
      await conversation.halt({ next: true });
    }
    // Before the quick-entry check: someone no longer in the family hears why the question ended, not "recorded it".
    await endIfNotInFamily(conversation, next, chatId, sent.message_id);
    if (!opts.amountStep && !opts.freeText && isClearQuickEntry(text)) await leaveForQuickEntry(conversation, next, chatId, sent.message_id);
    if (prompt.keyboard) await dropKeyboard(next, chatId, sent.message_id);
    return { type: 'text', text, ctx: next };
  }
}

async function leaveForQuickEntry(conversation: Convo, ctx: ConversationContext, chatId: number, promptId: number): Promise<never> {
  // A forwarded entry is nobody's own (quick entry says so and records nothing): the question is not left for it,
  // it passes by to be told so, and the question keeps waiting.
  if (ctx.message?.forward_origin !== undefined) return conversation.skip({ next: true });
  await dropKeyboard(ctx, chatId, promptId);
  await ctx.reply(ctx.t('conv-left-for-entry'));
  return conversation.halt({ next: true });
}

/** Back / Cancel (and optionally Skip) buttons under a prompt. */
export function navRow(kb: InlineKeyboard, t: ConversationContext['t'], prefix: string, opts: { back?: boolean; skip?: boolean } = {}): InlineKeyboard {
  // Only after buttons: a new InlineKeyboard's first row is empty, and [[], [Cancel]] went out with an empty row.
  nextRow(kb);
  if (opts.skip) kb.text(t('conv-skip'), `${prefix}:s`);
  if (opts.back) kb.text(t('conv-back'), `${prefix}:b`);
  return kb.text(t('conv-cancel'), `${prefix}:x`);
}

/** Prepends a one-off notice (why the last answer was refused) to the next prompt. */
export function noticeBoard(): { set(text: string): void; with(text: string): string } {
  let notice = '';
  return {
    set(text) {
      notice = text;
    },
    with(text) {
      const out = notice ? `${notice}\n\n${text}` : text;
      notice = '';
      return out;
    },
  };
}
