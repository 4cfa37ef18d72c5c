// The key of the update a flow ends with, for the core's request keys
// (domain/requests/request-keys.ts): the same update handled again (Telegram
// or our polling redelivering it after a crash between the core's commit and
// the update's own) makes nothing twice. A typed answer is its message, a
// press its callback query.
import type { Context } from 'grammy';

export function requestKeyOf(ctx: Context): string {
  const query = ctx.callbackQuery;
  if (query) return `tg:cb:${query.id}`;
  const message = ctx.msg;
  if (message) return `tg:msg:${message.chat.id}:${message.message_id}`;
  return `tg:upd:${ctx.update.update_id}`;
}
