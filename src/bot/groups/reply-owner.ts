// Whose buttons are these? In a group, every message the bot sends because of
// someone's message answers that message (a Telegram reply), so the card or the
// question under it carries its owner: `reply_to_message.from`. A press by
// anyone else gets a short toast and changes nothing. Cards meant for the whole
// group (approval requests from the jobs, join requests) answer no one's
// message and are guarded by role in the core instead.
import type { Context, Transformer } from 'grammy';

const SENDING = /^send(?!ChatAction)/;

/** Callback data of cards that belong to the whole group: approval requests, join requests, the link button. */
const GROUP_WIDE = /"callback_data":"(appr:|grp:)/;
const isGroupWide = (payload: Record<string, unknown>) => GROUP_WIDE.test(JSON.stringify(payload['reply_markup'] ?? {}));

/** The person's message this update is about: the message itself, or the one a pressed card answers. */
function triggerMessageId(ctx: Context): number | undefined {
  if (ctx.message) return ctx.message.message_id;
  const answered = ctx.callbackQuery?.message?.reply_to_message;
  if (answered && answered.from?.id !== ctx.me.id) return answered.message_id;
  return undefined;
}

/** Makes the bot's new messages in this group answer the person's message (unless the call says otherwise). */
export function replyToSender(ctx: Context): Transformer {
  const chatId = ctx.chat?.id;
  const target = triggerMessageId(ctx);
  return (prev, method, payload, signal) => {
    const p = payload as Record<string, unknown>;
    if (p['reply_parameters'] === null) return prev(method, { ...payload, reply_parameters: undefined }, signal);
    if (target !== undefined && SENDING.test(method) && p['chat_id'] === chatId && p['reply_parameters'] === undefined && !isGroupWide(p)) {
      return prev(method, { ...payload, reply_parameters: { message_id: target, allow_sending_without_reply: true } }, signal);
    }
    return prev(method, payload, signal);
  };
}

/** The Telegram user a pressed card belongs to, or undefined for a card that belongs to the whole group. */
export function buttonOwner(ctx: Context): { id: number; name: string } | undefined {
  const from = ctx.callbackQuery?.message?.reply_to_message?.from;
  if (!from || from.is_bot) return undefined;
  return { id: from.id, name: from.first_name };
}

/** Spread into a send call's options: the message is for the whole group, it answers no one. */
export const toWholeGroup = { reply_parameters: null } as unknown as { reply_parameters?: undefined };
