// What family members can do in the group, after the gate: /unlink and /link,
// the guided /expense, /income and /transfer (a conversation of their own), the read-only
// views (/balance, /report, /budgets, /goals, /history) where the family allows the group to
// see balances and reports (else in the asker's private chat; in the group a view has no
// buttons that change anything and points to the private chat for that), and entries. Text that is not an entry is chatter: answered
// only when it was addressed to the bot, with a hint (a comment replying to an
// entry's card is not answered either). Other commands belong in
// a private chat and say so.
import { GrammyError, type Transformer } from 'grammy';
import { groupMaySeeBalances } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { TX_CONVERSATION } from '../transactions/index.js';
import { parseQuickEntry } from '../transactions/quick-entry.js';
import { isEntryCard } from '../transactions/card.js';
import { replaceText } from './addressed.js';
import { ENTRY_COMMANDS } from './gate.js';
import { linkFromGroup, unlinkFromGroup } from './link.js';
import { groupScope } from './scope.js';
import { changeGroupSetting, GROUP_SETTING_PATTERN, showGroupSettings, type GroupSettingKey } from './settings.js';
import { FlatComposer } from '../runtime/flat-composer.js';

/** Read-only views: in the group where its family lets it see balances and reports, else sent privately. */
const VIEW_COMMANDS = ['balance', 'report', 'reports', 'budgets', 'goals', 'history'];
/** Commands that work in the group as they do in private, and the views. */
const SHARED_COMMANDS = new Set(['undo', 'pending', 'help', 'cancel', ...VIEW_COMMANDS]);
const SENDING = /^send(?!ChatAction)/;
// $ € £ ₽ ¥ (as escapes: see scripts/build-binary.mjs, the bundle stays Latin-1).
const STARTS_WITH_AMOUNT = /^\s*[+-]?\s*[$\u20ac\u00a3\u20bd\u00a5]?\s*\d/;

export const groupFeature = new FlatComposer<BotContext>();
const inGroup = groupFeature.chatType(['group', 'supergroup']);

// `/e 50 coffee` (also when edited) is read as the entry itself from here on. Not in the gate: a question
// waiting in a conversation must see the command, so it is left, not answered with the entry's words.
inGroup.use((ctx, next) => {
  const addr = groupScope(ctx)?.addressing;
  if (addr?.kind === 'command' && ENTRY_COMMANDS.has(addr.command)) replaceText(ctx, addr.args);
  return next();
});

inGroup.command('unlink', unlinkFromGroup);
inGroup.command('groupsettings', showGroupSettings);
inGroup.callbackQuery(GROUP_SETTING_PATTERN, (ctx) => changeGroupSetting(ctx, ctx.match[1] as GroupSettingKey, ctx.match[2]));
inGroup.command(['link', 'linkgroup'], linkFromGroup);
inGroup.command(['expense', 'income', 'transfer'], async (ctx) => {
  const command = ctx.msg.text.slice(1);
  await ctx.conversation.enter(TX_CONVERSATION, command.startsWith('income') ? 'income' : command.startsWith('transfer') ? 'transfer' : 'expense');
});
inGroup.command(VIEW_COMMANDS, async (ctx, next) => {
  const scope = groupScope(ctx);
  if (!scope || groupMaySeeBalances(scope.actor.settings)) return next();
  const privately = toPrivateChat(ctx.chat.id, ctx.from?.id ?? 0);
  ctx.api.config.use(privately.transformer);
  await next();
  privately.stop();
  await ctx.reply(ctx.t(privately.failed() ? 'groups-start-private-first' : 'groups-sent-privately', { bot: ctx.me.username }));
});

inGroup.on('message:text', async (ctx, next) => {
  const addr = groupScope(ctx)?.addressing;
  if (addr?.kind === 'command' && !ENTRY_COMMANDS.has(addr.command)) {
    if (SHARED_COMMANDS.has(addr.command)) return next();
    await ctx.reply(ctx.t('groups-private-command', { command: addr.command, bot: ctx.me.username }));
    return;
  }
  // Unaddressed text (privacy mode off) counts only when it starts with the amount: "dinner at 7" is chatter.
  const plain = addr === undefined || addr.kind === 'plain';
  if (parseQuickEntry(ctx.message.text) && (!plain || STARTS_WITH_AMOUNT.test(ctx.message.text))) return next();
  // Not an entry: chatter stays unanswered; a message addressed to the bot gets a hint. A reply to an
  // entry's card ("that was a lot") is people commenting on it, chatter too.
  const comment = addr?.kind === 'reply' && isEntryCard(ctx.message.reply_to_message);
  if (addr !== undefined && addr.kind !== 'plain' && !comment) await ctx.reply(ctx.t('groups-entry-hint', { bot: ctx.me.username }));
});

/** Sends what would go to the group to the person's private chat; remembers whether that chat was closed to the bot. */
function toPrivateChat(groupId: number, userId: number): { transformer: Transformer; failed(): boolean; stop(): void } {
  let failed = false;
  let active = true;
  const transformer: Transformer = async (prev, method, payload, signal) => {
    const p = payload as Record<string, unknown>;
    if (!active || !SENDING.test(method) || p['chat_id'] !== groupId) return prev(method, payload, signal);
    try {
      return await prev(method, { ...payload, chat_id: userId, reply_parameters: undefined }, signal);
    } catch (err) {
      // 403: the person never opened a private chat with the bot (or blocked it).
      if (!(err instanceof GrammyError) || err.error_code !== 403) throw err;
      failed = true;
      return { ok: true, result: { message_id: 0, date: 0, chat: { id: userId, type: 'private' } } } as never;
    }
  };
  return { transformer, failed: () => failed, stop: () => (active = false) };
}
