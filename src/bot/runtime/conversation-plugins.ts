// Plugins installed inside every conversation. Transformers installed on
// bot.api do not reach a conversation's ctx.api, and the i18n plugin there
// cannot see the outside ctx.app: both are installed again here, and the
// locale is read from the outside context through external() (replay-safe).
import type { Conversation } from '@grammyjs/conversations';
import type { I18n } from '@grammyjs/i18n';
import type { MiddlewareFn, Transformer } from 'grammy';
import type { BotContext, ConversationContext } from '../context.js';
import type { I18nContext } from './i18n.js';

export function conversationPlugins(i18n: I18n<I18nContext>, retry: Transformer) {
  return (conversation: Conversation<BotContext, ConversationContext>): Array<MiddlewareFn<ConversationContext>> => [
    async (ctx, next) => {
      ctx.api.config.use(retry);
      await next();
    },
    i18n.middleware(),
    async (ctx, next) => {
      ctx.i18n.useLocale(await conversation.external((outer) => outer.app.locale));
      await next();
    },
  ];
}
