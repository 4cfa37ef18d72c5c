// Whether a waiting conversation took this update. The conversations plugin
// gives no word of it: an update it consumed simply never reaches the
// middleware after it. So `afterConversations`, installed right after the
// conversations, marks every update that passed them, and a middleware that
// wraps the conversations (answer-repeat.ts, press-repeat.ts) asks, once its
// next() has returned, whether the update was taken.
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

const passed = new WeakSet<BotContext>();

/** Installed right after the conversations: this update was not taken by a waiting conversation. */
export const afterConversations: MiddlewareFn<BotContext> = (ctx, next) => {
  passed.add(ctx);
  return next();
};

/** After next() of a middleware before the conversations: whether one of them took the update. */
export function takenByConversation(ctx: BotContext): boolean {
  return !passed.has(ctx);
}
