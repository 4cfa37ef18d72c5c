// The door of a group, before sessions' conversations and every feature: the
// bot's own membership and the group's move to a supergroup, the link and join
// buttons, then who is writing. Someone outside the family gets the join offer
// (only when they address the bot) and nothing else; a card's buttons answer
// only their owner; a family member's update goes on scoped to the group's
// family, with `@bot 50 coffee` (also when edited) read as the text after the mention. `/e 50 coffee`
// stays a command until a waiting question has seen it (commands.ts reads it as the entry after that):
// it is an entry, never the answer to the question.
import type { MiddlewareFn } from 'grammy';
import { groupActor, mayUseOthersCard } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { addressing, replaceText } from './addressed.js';
import { setGroupScope } from './scope.js';
import { ASK_DATA, askToJoin, decideJoin, JOIN_DECISION, offerToJoin } from './join.js';
import { answerOrReply, LINK_DATA, linkFromGroup, linkKeyboard, onMembershipChange, onMigration } from './link.js';
import { buttonOwner, replyToSender } from './reply-owner.js';
import { questionOwners } from './question-owner.js';
import { createSummaryRefresher, type RefreshSummary } from './summary.js';

/** An entry card's button (q:<action>:<tx>…): its transaction. */
const ENTRY_CARD_BUTTON = /^q:[a-z]+:(\d+)/;

/**
 * Someone else's entry card answers also whoever the core says may act on it once its author may no
 * longer change it (the owner or admin who approved a member's expense); otherwise nobody could use
 * its 🏷/👛. Anyone else still gets "These buttons are …'s".
 */
function mayUseEntryCard(ctx: BotContext, userId: number | undefined, data: string | undefined): boolean {
  const tx = data === undefined ? null : ENTRY_CARD_BUTTON.exec(data);
  return tx !== null && userId !== undefined && mayUseOthersCard(ctx.app.deps, userId, Number(tx[1]));
}

/** Commands whose words are an entry (`/e 50 coffee`). */
export const ENTRY_COMMANDS = new Set(['e', 'add']);

/** The gate of one bot; it owns the bot's pinned-summary refresher (one queue per family, summary.ts). */
export function createGroupGate(): MiddlewareFn<BotContext> {
  const refreshSummary = createSummaryRefresher();
  return (ctx, next) => groupGate(ctx, next, refreshSummary);
}

async function groupGate(ctx: BotContext, next: () => Promise<void>, refreshSummary: RefreshSummary): Promise<void> {
  const chat = ctx.chat;
  if (!chat || chat.type === 'private') {
    await next();
    // An entry or a decision made privately also moves the family group's pinned summary.
    if (chat && ctx.app.familyId !== null && (ctx.message || ctx.callbackQuery)) await refreshSummary(ctx, ctx.app.familyId);
    return;
  }
  if (chat.type === 'channel') return;
  if (ctx.myChatMember) return onMembershipChange(ctx);
  if (onMigration(ctx)) return;
  // Service messages, stickers and the like: nothing to do in a group. An edited text goes on
  // (quick entry corrects the entry of an edited message that has a card).
  if (!ctx.callbackQuery && ctx.msg?.text === undefined) return;
  ctx.api.config.use(replyToSender(ctx));
  const data = ctx.callbackQuery?.data;
  if (data === LINK_DATA) return linkFromGroup(ctx);
  const addr = addressing(ctx);
  const toBot = addr !== undefined && addr.kind !== 'plain';
  const actor = groupActor(ctx.app.deps, chat.id, ctx.from?.id);
  if (!actor) {
    if (ctx.callbackQuery) await answerOrReply(ctx, ctx.t('groups-not-linked-short'));
    else if (toBot) await ctx.reply(ctx.t('groups-not-linked'), { reply_markup: linkKeyboard(ctx) });
    return;
  }
  if (data === ASK_DATA) {
    if (actor.role !== null) await answerOrReply(ctx, ctx.t('groups-already-member', { family: actor.familyName }));
    else await askToJoin(ctx, actor);
    return;
  }
  const decision = data === undefined ? null : JOIN_DECISION.exec(data);
  if (decision) return decideJoin(ctx, actor, Number(decision[1]), decision[2] === 'a');
  if (actor.role === null) {
    if (ctx.callbackQuery || toBot) await offerToJoin(ctx, actor, actor.familyName);
    return;
  }
  const owner = ctx.callbackQuery ? buttonOwner(ctx) : undefined;
  if (owner && owner.id !== ctx.from?.id && !mayUseEntryCard(ctx, actor.user?.id, data)) {
    await ctx.answerCallbackQuery({ text: ctx.t('groups-not-your-button', { name: owner.name }) });
    return;
  }
  // A reply under someone else's question answers nobody's conversation and is no entry of the replier's.
  const quoted = ctx.message?.reply_to_message;
  if (quoted?.from?.id === ctx.me.id && addr?.kind !== 'command') {
    const asked = questionOwners(ctx.app.deps).get(chat.id, quoted.message_id);
    if (asked && asked.userId !== ctx.from?.id) {
      await ctx.reply(ctx.t('groups-not-your-question', { name: asked.name, bot: ctx.me.username }));
      return;
    }
  }
  ctx.app = { ...ctx.app, familyId: actor.group.familyId, role: actor.role };
  setGroupScope(ctx, { actor, addressing: addr });
  if (addr?.kind === 'mention') replaceText(ctx, addr.text);
  await next();
  await refreshSummary(ctx, actor.group.familyId);
}
