// The key of the update a flow ends with, for the core's request keys
// (domain/requests/request-keys.ts): the same update handled again (Telegram
// or our polling redelivering it after a crash between the core's commit and
// the update's own) makes nothing twice. A typed answer is its message, a
// press its callback query.
import { purposeKey } from '../../domain/auth/index.js';
import type { Context } from 'grammy';
import type { BotContext } from '../context.js';

export function requestKeyOf(ctx: Context): string {
  const query = ctx.callbackQuery;
  if (query) return `tg:cb:${query.id}`;
  const message = ctx.msg;
  if (message) return `tg:msg:${message.chat.id}:${message.message_id}`;
  return `tg:upd:${ctx.update.update_id}`;
}

/**
 * The server secret a keyed one-time code (a /link binding code, an invite
 * link) is derived from: the code is HMAC(this, request key), so the same
 * update handled again finds the code it made by its stored hash and shows it
 * again, while only this server can tell which code a key made. Keyed on the
 * JWT secret, as the API's binding codes (routes/telegram.ts), but its own.
 */
export function codeSecretOf(ctx: BotContext, purpose: 'binding-code' | 'invite-code'): string {
  return purposeKey(ctx.app.config.secrets.jwt, `bot ${purpose}`);
}
