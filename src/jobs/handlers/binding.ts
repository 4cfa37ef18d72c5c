// Notices of the binding flow. "Connected" to the newly bound chat; to every
// other chat of the account: which chat (or email login) was just connected,
// with a [Disconnect] button; and the [Allow] / [Deny] question sent to a
// login's own chats when someone asks to connect another chat to it.
// Buttons: `bind:<code id>:a|d` and `unbind:c:<chat id>` / `unbind:e`,
// handled by src/bot/binding/.
import { eq } from 'drizzle-orm';
import { InlineKeyboard } from 'grammy';
import { bindingCodes, telegramIdentities, users } from '../../db/schema.js';
import { describeTelegramAccount } from '../../domain/auth/index.js';
import { quoteMarks } from '../../presentation/quotes.js';
import type { OutboxMessage } from '../../domain/index.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { chatsOf, person } from './recipients.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];

async function send(ctx: JobContext, chatIds: number[], text: (chatId: number) => string, keyboard?: InlineKeyboard): Promise<void> {
  await forEachLimited(chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const m = await ctx.sender.call((api) => api.sendMessage(chatId, text(chatId), keyboard ? { reply_markup: keyboard } : {}));
      return { result: `message:${m.message_id}` };
    }),
  );
}

export async function bindingConfirmed(ctx: JobContext, p: Payload<'binding.confirmed'>): Promise<void> {
  const who = person(ctx.deps, p.userId, ctx.defaultLocale);
  if (!who) return;
  const locale = who.locale;
  await send(ctx, [p.chatId], () => ctx.texts.t(locale, 'notify-binding-confirmed', { name: who.name }));
  const identity = ctx.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, p.chatId)).get();
  const others = chatsOf(ctx.deps, p.userId).filter((c) => c !== p.chatId);
  if (others.length === 0) return;
  const connected = p.connected ?? { kind: 'chat' as const };
  if (connected.kind === 'email') {
    const keyboard = new InlineKeyboard().text(ctx.texts.t(locale, 'binding-disconnect-button'), 'unbind:e');
    await send(ctx, others, () => ctx.texts.t(locale, 'binding-new-email', { email: connected.email }), keyboard);
    return;
  }
  // Disconnected again before we got here: nothing to warn about.
  if (!identity || identity.userId !== p.userId) return;
  const keyboard = new InlineKeyboard().text(ctx.texts.t(locale, 'binding-disconnect-button'), `unbind:c:${p.chatId}`);
  const name = describeTelegramAccount({ chatId: p.chatId, firstName: identity.firstName, username: identity.username }, quoteMarks(locale));
  await send(ctx, others, () => ctx.texts.t(locale, 'binding-new-chat', { telegram: name }), keyboard);
}

export async function bindingApprovalRequested(ctx: JobContext, p: Payload<'binding.approval_requested'>): Promise<void> {
  const code = ctx.deps.db.select().from(bindingCodes).where(eq(bindingCodes.id, p.codeId)).get();
  // Answered, used or expired meanwhile: no question to ask.
  if (!code || code.requestedBy !== p.userId || code.decision !== null || code.usedAt !== null || code.expiresAt <= ctx.deps.clock()) return;
  const who = person(ctx.deps, p.userId, ctx.defaultLocale);
  if (!who) return;
  const email = ctx.deps.db.select({ email: users.email }).from(users).where(eq(users.id, p.userId)).get()?.email ?? '';
  const identity = ctx.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, code.chatId)).get();
  const name = describeTelegramAccount({ chatId: code.chatId, firstName: code.firstName ?? identity?.firstName ?? null, username: code.username ?? identity?.username ?? null }, quoteMarks(who.locale));
  const keyboard = new InlineKeyboard()
    .text(ctx.texts.t(who.locale, 'binding-allow-button'), `bind:${code.id}:a`)
    .text(ctx.texts.t(who.locale, 'binding-deny-button'), `bind:${code.id}:d`);
  const chats = chatsOf(ctx.deps, p.userId).filter((c) => c !== code.chatId);
  await send(ctx, chats, () => ctx.texts.t(who.locale, 'binding-approval-request', { telegram: name, email }), keyboard);
}
