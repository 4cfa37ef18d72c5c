// The bot joins, leaves and moves with the group: a welcome with [Link to my
// family] when added, the press (owners/admins of a family only), /unlink, a
// clean unlink when the bot is removed, and the link kept when the group
// becomes a supergroup.
import { InlineKeyboard } from 'grammy';
import type { Context } from 'grammy';
import {
  canManageGroup,
  findUserByTelegramId,
  getActiveFamilyId,
  isDomainError,
  linkGroup,
  listFamiliesForUser,
  migrateGroup,
  unlinkGroup,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { errorTranslation } from '../shared/replies.js';

export const LINK_DATA = 'grp:link';

const present = (status: string) => status === 'member' || status === 'administrator' || status === 'creator' || status === 'restricted';

export function linkKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t('groups-link-button'), LINK_DATA);
}

/** my_chat_member: added → welcome; removed → unlink (nothing can be said: the bot is out). */
export async function onMembershipChange(ctx: BotContext): Promise<void> {
  const update = ctx.myChatMember;
  if (!update || update.chat.type === 'private' || update.chat.type === 'channel') return;
  const was = present(update.old_chat_member.status);
  const is = present(update.new_chat_member.status);
  const { deps, log } = ctx.app;
  if (was && !is) {
    const actor = findUserByTelegramId(deps, update.from.id);
    const unlinked = unlinkGroup(deps, actor?.id ?? null, { chatId: update.chat.id, reason: 'bot_removed' });
    log.info({ chatId: update.chat.id, familyId: unlinked?.familyId }, 'bot removed from a group');
    return;
  }
  if (!was && is) await ctx.reply(ctx.t('groups-welcome'), { reply_markup: linkKeyboard(ctx) });
}

/** [Link to my family] or /link in the group: the presser's family they own or administer (the active one first). */
export async function linkFromGroup(ctx: BotContext): Promise<void> {
  const chat = ctx.chat;
  if (!chat || chat.type === 'private' || chat.type === 'channel' || !ctx.from) return;
  const { deps } = ctx.app;
  const user = findUserByTelegramId(deps, ctx.from.id);
  const manageable = user ? listFamiliesForUser(deps, user.id).filter((f) => canManageGroup(f.role)) : [];
  const active = user ? getActiveFamilyId(deps, user.id) : null;
  const family = manageable.find((f) => f.id === active) ?? manageable[0];
  if (!user || !family) {
    await answerOrReply(ctx, ctx.t('groups-link-not-allowed'));
    return;
  }
  try {
    const result = linkGroup(deps, user.id, { familyId: family.id, chatId: chat.id, title: chat.title });
    const text = ctx.t('groups-linked', { family: result.familyName, name: user.name, bot: ctx.me.username });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t('groups-linked-short', { family: result.familyName }) });
      await ctx.editMessageText(text).catch(() => undefined);
    } else {
      await ctx.reply(text);
    }
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const reason = e.details['reason'];
    const key = reason === 'group_linked_elsewhere' ? 'groups-linked-elsewhere' : reason === 'family_has_group' ? 'groups-family-has-group' : undefined;
    const tr = key ? { key, vars: {} } : errorTranslation(e);
    await answerOrReply(ctx, ctx.t(tr.key, tr.vars));
  }
}

export async function unlinkFromGroup(ctx: BotContext): Promise<void> {
  const chat = ctx.chat;
  const user = ctx.app.user;
  if (!chat || !user) return;
  unlinkGroup(ctx.app.deps, user.id, { chatId: chat.id, reason: 'command' });
  await ctx.reply(ctx.t('groups-unlinked', { name: user.name }), { reply_markup: linkKeyboard(ctx) });
}

/** migrate_to_chat_id (old chat) and migrate_from_chat_id (new chat) both move the link; the second finds it moved. */
export function onMigration(ctx: BotContext): boolean {
  const message = ctx.message;
  const chatId = ctx.chat?.id;
  if (!message || chatId === undefined) return false;
  const move =
    message.migrate_to_chat_id !== undefined
      ? { fromChatId: chatId, toChatId: message.migrate_to_chat_id }
      : message.migrate_from_chat_id !== undefined
        ? { fromChatId: message.migrate_from_chat_id, toChatId: chatId }
        : undefined;
  if (!move) return false;
  const group = migrateGroup(ctx.app.deps, move);
  ctx.app.log.info({ ...move, familyId: group?.familyId }, 'group became a supergroup');
  return true;
}

export async function answerOrReply(ctx: Context, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}
