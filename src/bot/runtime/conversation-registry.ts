// The bot's conversations, registered on an update only when it needs them.
//
// @grammyjs/conversations registers a conversation by running its
// createConversation middleware on every update: each one checks whether it
// waits in this chat, builds its options and runs two async functions, even
// when nothing waits in the chat. For eleven conversations that was ~5 % of
// the CPU of a quick entry (0.86 → 0.82 ms per update, medians of alternating
// runs; ~10 % with none registered at all). Here they all run, in order, only when a
// conversation of this chat waits: the waiting one sees the update first, as
// before. Otherwise a conversation is registered just before something enters
// it (ctx.conversation.enter), which is the first time the plugin looks it up;
// nothing else reads the plugin's registry of an update.
import { createConversation, type ConversationBuilder, type ConversationFlavor } from '@grammyjs/conversations';
import type { Context, Middleware, MiddlewareFn } from 'grammy';
import type { BotContext, ConversationContext } from '../context.js';
import { FlatComposer } from './flat-composer.js';
import { keepDomainErrors } from './conversation-errors.js';

export type DefinedConversation<C extends Context = BotContext> = { id: string; middleware: Middleware<C> };

export function defineConversation(builder: ConversationBuilder<BotContext, ConversationContext>, id: string): DefinedConversation {
  // A core refusal thrown in any of its external calls reaches the error handling as the DomainError it was.
  const kept: ConversationBuilder<BotContext, ConversationContext> = (conversation, ctx, ...args) => builder(keepDomainErrors(conversation), ctx, ...args);
  return { id, middleware: createConversation<BotContext, ConversationContext>(kept, { id }) };
}

const passOn = () => Promise.resolve();

export function conversationRegistry<C extends ConversationFlavor<Context>>(conversations: ReadonlyArray<DefinedConversation<C>>): MiddlewareFn<C> {
  const ids = new Set<string>();
  for (const c of conversations) {
    if (ids.has(c.id)) throw new Error(`Two conversations have the id '${c.id}'`);
    ids.add(c.id);
  }
  const everyOne = new FlatComposer<C>(...conversations.map((c) => c.middleware)).middleware();
  const byId = new Map(conversations.map((c) => [c.id, new FlatComposer<C>(c.middleware).middleware()]));
  return (ctx, next) => {
    const controls = ctx.conversation;
    if (Object.keys(controls.active()).length > 0) return everyOne(ctx, next);
    const enter = controls.enter.bind(controls);
    const registered = new Set<string>();
    controls.enter = async (id, ...args) => {
      const register = byId.get(id);
      if (register && !registered.has(id)) {
        registered.add(id);
        // Nothing waits in the chat, so this only registers it and passes on.
        await register(ctx, passOn);
      }
      return enter(id, ...args);
    };
    return next();
  };
}
