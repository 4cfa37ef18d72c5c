// The conversations are registered on an update only when it needs them: all
// of them, in order, while one waits in the chat; otherwise each one just
// before something enters it. The conversations behave as with the plugin's
// own registration (the bot's tests enter, answer and leave every one of them
// through the fake Telegram; this pins the registry's own rules).
import { conversations, createConversation, type Conversation, type ConversationFlavor } from '@grammyjs/conversations';
import { Api, Composer, Context, type MiddlewareFn } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { conversationRegistry, type DefinedConversation } from '../../src/bot/runtime/conversation-registry.js';

type C = ConversationFlavor<Context>;
const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'test_bot' } as UserFromGetMe;
let nextId = 1;
const message = (text: string): Update => ({
  update_id: nextId++,
  message: { message_id: nextId, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text },
});

/** Two conversations that wait for a word, and a trace of what ran. */
function setup() {
  const trace: string[] = [];
  const define = (id: string): DefinedConversation<C> => {
    const plugin = createConversation<C, Context>(async (conversation: Conversation<C, Context>) => {
      const answer = await conversation.waitFor('message:text');
      await conversation.external(() => trace.push(`${id} got ${answer.message.text}`));
    }, id);
    // Each registration is traced: it is the cost the registry avoids.
    const middleware: MiddlewareFn<C> = (ctx, next) => {
      trace.push(`register ${id}`);
      return plugin(ctx, next);
    };
    return { id, middleware };
  };
  const app = new Composer<C>();
  app.use(conversations<C, Context>());
  app.use(conversationRegistry([define('name'), define('city')]));
  app.command('name', (ctx) => ctx.conversation.enter('name'));
  app.command('ghost', (ctx) => ctx.conversation.enter('ghost'));
  app.on('message:text', (ctx) => {
    trace.push(`handler got ${ctx.message.text}`);
  });
  const handle = async (text: string) => {
    const update = message(text);
    const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.length }] : undefined;
    if (entities && update.message) update.message.entities = entities;
    // No method is called: the Api object is never used to reach Telegram.
    const ctx = new Context(update, new Api('0:test'), me) as C;
    await (app.middleware() as MiddlewareFn<C>)(ctx, () => Promise.resolve());
  };
  return { trace, handle };
}

describe('the conversation registry', () => {
  it('registers nothing for an update while no conversation waits in the chat', async () => {
    const { trace, handle } = setup();
    await handle('50 coffee');
    expect(trace).toEqual(['handler got 50 coffee']);
  });

  it('registers a conversation when a handler enters it; while it waits, every one is registered and the waiting one takes the answer', async () => {
    const { trace, handle } = setup();
    await handle('/name');
    expect(trace).toEqual(['register name']);
    trace.length = 0;
    await handle('Ann');
    expect(trace).toEqual(['register name', 'name got Ann']);
    trace.length = 0;
    // Done: the chat is back to registering nothing.
    await handle('50 coffee');
    expect(trace).toEqual(['handler got 50 coffee']);
  });

  it("keeps the plugin's answer for a conversation that was never defined", async () => {
    const { handle } = setup();
    await expect(handle('/ghost')).rejects.toThrow(/'ghost' has not been registered/);
  });

  it('refuses two conversations with one id', () => {
    const twice = { id: 'name', middleware: (_ctx: C, next: () => Promise<void>) => next() };
    expect(() => conversationRegistry<C>([twice, twice])).toThrow(/Two conversations have the id 'name'/);
  });
});
