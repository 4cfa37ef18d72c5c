// The family's group chat: the gate (installed before conversations) and the
// group commands (after the menu, before the other features), the storage key
// that keeps people apart in a group, the per-group throttle, and what
// conversations need to behave the same in a group.
import type { MiddlewareFn } from 'grammy';
import type { ConversationContext } from '../context.js';
import { replyToSender } from './reply-owner.js';

export { createGroupGate } from './gate.js';
export { groupFeature } from './commands.js';
export { chatScopeKey } from './keys.js';
export { createGroupThrottle, type GroupThrottle } from '../../runtime/group-throttle.js';

/**
 * Inside a conversation the bot's transformers are not installed: in a group this
 * plugin makes questions answer the person asked. The throttle is deliberately not
 * installed here: a plugin's transformer also runs for every call the conversation
 * replays (the replay engine answers them from its log underneath), so each update
 * would take a slot for every earlier question; one question per answer stays far
 * below the limit, and auto-retry honours a 429.
 */
export const groupConversationPlugin: MiddlewareFn<ConversationContext> = async (ctx, next) => {
  if (ctx.chat && ctx.chat.type !== 'private') ctx.api.config.use(replyToSender(ctx));
  await next();
};
