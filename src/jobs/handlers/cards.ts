// The card of an entry made outside the chat (through the API, or by a
// recurring rule): its author gets, in their private chats and language, the
// same card the bot replies with to a quick entry, with the same buttons
// (src/presentation/card.ts), which the bot's card handlers answer.
import type { Locale } from '../../config.js';
import type { OutboxMessage, Transaction } from '../../domain/index.js';
import { cardMarkup } from '../../presentation/card.js';
import { rememberCardIn } from '../../presentation/card-registry.js';
import { resultText } from '../../presentation/transaction-text.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { familyInfo, person, transactionView } from './recipients.js';
import { readerTexts } from './render.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];

/** Sends the entry's card (optionally under a header line) to each private chat of its author, once per chat. */
export async function sendCard(ctx: JobContext, t: Transaction, locale: Locale, chatIds: readonly number[], header?: string): Promise<void> {
  const texts = readerTexts(ctx, locale);
  await forEachLimited(chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `card:${chatId}`, async () => {
      // Rendered at send time: a card sent after an undo shows the entry as it stands (no stale buttons).
      // Balances shown: these chats are the author's own private chats.
      const text = [...(header ? [header] : []), resultText(ctx.deps, t, { ...texts, balances: true })].join('\n');
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, text, cardMarkup(texts.t, t)));
      // A waiting request's card is edited in place when it is decided (approval.decided).
      const card = { chatId, messageId: message.message_id };
      return {
        result: `message:${message.message_id}`,
        record: (tx) => rememberCardIn(tx, t, card, ctx.deps.clock()),
      };
    }),
  );
}

export async function transactionRecorded(ctx: JobContext, p: Payload<'transaction.recorded'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  const author = person(ctx.deps, t.createdBy, family.locale);
  if (!author || author.chatIds.length === 0) return;
  await sendCard(ctx, t, author.locale, author.chatIds);
}
