// The bot works in private chats: money talk stays between a person and the
// bot. In a group it only says so when addressed with a command.
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

export const privateOnly: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.chat || ctx.chat.type === 'private') return next();
  if (ctx.message?.text?.startsWith('/')) await ctx.reply(ctx.t('private-only'));
};
