// A question asked by the previous release. A deploy that bumps
// CONVERSATION_STATE_VERSION makes @grammyjs/conversations ignore the stored state
// of every conversation in progress (it cannot be replayed into the new code), and
// without a word: the answer typed next went on as if nothing had been asked, and
// "300" for the approval limit was recorded as a $300 expense.
//
// The conversations' storage here is the same bot_sessions row (`c:<chat>`, the
// prefix given in bot/index.ts, where the retention rules find it), read
// through this adapter, which notes a state of another version while reading it
// (the plugin's own read, no second one). The middleware after the plugin then
// treats the next typed message as that question's answer: the person is told the
// question is out of date and to start again, and nothing else sees the message.
// Either way the stale state is forgotten with the person's next message or press,
// so it is said once. A command, a bank file or a photo runs as usual, and a question idle
// longer than CONVERSATION_IDLE_MS had lapsed anyway: it is forgotten without a word.
import type { VersionedStateStorage } from '@grammyjs/conversations';
import type { MiddlewareFn } from 'grammy';
import type { CoreDeps } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { CONVERSATION_IDLE_MS } from '../shared/ask.js';
import { isEntryCard } from '../transactions/card.js';
import { sqliteKeyValue } from './storage.js';

type Stored = { version?: unknown };

/** Where and how the conversations' state is kept: bot_sessions keys `<prefix><chat scope>`, the plugin's state version. */
export type ConversationStorageOptions = { prefix: string; version: number; getStorageKey: (ctx: BotContext) => string | undefined };

export function conversationStorage<S>(deps: CoreDeps, { prefix, version, getStorageKey }: ConversationStorageOptions) {
  const kv = sqliteKeyValue<Stored>(deps);
  /** When the state of another version was written, per update that read one. */
  const outdated = new WeakMap<BotContext, { key: string; at: number }>();
  const key = (ctx: BotContext): string | undefined => {
    const k = getStorageKey(ctx);
    return k === undefined ? undefined : `${prefix}${k}`;
  };
  const adapter: VersionedStateStorage<BotContext, S> = {
    read(ctx) {
      const k = key(ctx);
      const row = k === undefined ? undefined : kv.readStamped(k);
      if (!row || k === undefined) return undefined;
      const v = row.value.version;
      if (Array.isArray(v) && v[1] !== version) outdated.set(ctx, { key: k, at: row.updatedAt });
      // The plugin unpacks it (and sees nothing for another version).
      return row.value as Parameters<VersionedStateStorage<BotContext, S>['write']>[1];
    },
    write(ctx, state) {
      const k = key(ctx);
      if (k !== undefined) kv.write(k, state);
    },
    delete(ctx) {
      const k = key(ctx);
      if (k !== undefined) kv.delete(k);
    },
  };

  const middleware: MiddlewareFn<BotContext> = async (ctx, next) => {
    const stale = outdated.get(ctx);
    // Only the person's next message or press moves on from the old question (an edit or a reaction does not).
    if (!stale || (!ctx.message && !ctx.callbackQuery)) return next();
    // Forgotten before anything else runs: a conversation entered by this update writes its own state after.
    kv.delete(stale.key);
    if (!isOldAnswer(ctx) || ctx.app.deps.clock() - stale.at > CONVERSATION_IDLE_MS) return next();
    await ctx.reply(ctx.t('conv-outdated-question'));
  };
  return { storage: { type: 'context' as const, adapter, version }, middleware };
}

/** What the old question's ask() would have taken as its answer: a typed message of the person's own. */
function isOldAnswer(ctx: BotContext): boolean {
  const message = ctx.message;
  const text = message?.text;
  if (!message || text === undefined || text.startsWith('/') || message.forward_origin !== undefined) return false;
  const quoted = message.reply_to_message;
  return !(quoted && quoted.from?.id === ctx.me.id && isEntryCard(quoted));
}
