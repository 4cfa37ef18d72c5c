// Someone in the group who is not in the family: offered to join, asks with one
// tap, and an owner or admin approves or declines with one tap on a card posted
// in the group. Until then the bot does nothing else for them.
import { InlineKeyboard } from 'grammy';
import { decideJoinRequest, ensureTelegramUser, isDomainError, requestToJoin, type GroupActor, type JoinRequestView } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { answerOrReply } from './link.js';
import { requestKeyOf } from '../shared/request-key.js';
import { familyT, type Translate } from './family-language.js';

export const ASK_DATA = 'grp:ask';
export const JOIN_DECISION = /^grp:j:(\d+):(a|d)$/;

/** The answer to an outsider who addressed the bot. */
export async function offerToJoin(ctx: BotContext, actor: GroupActor, familyName: string): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t(actor.joinPending ? 'groups-join-waiting' : 'groups-join-first'), show_alert: true });
    return;
  }
  if (actor.joinPending) {
    await ctx.reply(ctx.t('groups-join-waiting'));
    return;
  }
  await ctx.reply(ctx.t('groups-join-offer', { family: familyName }), {
    reply_markup: new InlineKeyboard().text(ctx.t('groups-join-ask-button'), ASK_DATA),
  });
}

/** The join card is the whole group's: in the family's language, whoever asked or decided (family-language.ts). */
function cardText(t: Translate, request: JoinRequestView, deciderName?: string): string {
  const head = t('groups-join-request', { name: request.userName });
  if (request.status === 'pending') return head;
  return `${head}\n\n${t(request.status === 'approved' ? 'groups-join-approved' : 'groups-join-declined', { name: request.userName, decider: deciderName ?? '?' })}`;
}

/** [Ask to join]: whoever presses asks for themselves; one card per request. */
export async function askToJoin(ctx: BotContext, actor: GroupActor): Promise<void> {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from) return;
  const { user } = ensureTelegramUser(ctx.app.deps, {
    chatId: from.id, telegramUserId: from.id, firstName: from.first_name, username: from.username ?? null, languageCode: from.language_code ?? null,
  });
  // Keyed by the press: the same press handled again (after a crash) posts its card, a second tap does not.
  const { request, created } = requestToJoin(ctx.app.deps, user.id, { chatId: chat.id, requestKey: requestKeyOf(ctx) });
  if (!created) {
    await ctx.answerCallbackQuery({ text: ctx.t('groups-join-waiting'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('groups-join-asked') });
  const t = familyT(ctx, actor.familyLocale);
  await ctx.reply(cardText(t, request), {
    reply_markup: new InlineKeyboard()
      .text(t('groups-join-approve-button'), `grp:j:${request.id}:a`)
      .text(t('groups-join-decline-button'), `grp:j:${request.id}:d`),
  });
}

/** [Approve] / [Decline] on a join card: owners and admins only (the core checks). */
export async function decideJoin(ctx: BotContext, actor: GroupActor, requestId: number, approve: boolean): Promise<void> {
  const user = ctx.app.user;
  if (!user) {
    await answerOrReply(ctx, ctx.t('groups-only-admins'));
    return;
  }
  let outcome: ReturnType<typeof decideJoinRequest>;
  try {
    outcome = decideJoinRequest(ctx.app.deps, user.id, { requestId, decision: approve ? 'approved' : 'declined' });
  } catch (e) {
    if (!isDomainError(e) || (e.code !== 'forbidden' && e.code !== 'not_found')) throw e;
    await answerOrReply(ctx, ctx.t('groups-only-admins'));
    return;
  }
  // The presser's own decision found standing (their press handled again) is answered as when it was made.
  const { request, mine } = outcome;
  await ctx.answerCallbackQuery({ text: ctx.t(mine ? 'groups-join-done' : 'groups-join-already') });
  const t = familyT(ctx, actor.familyLocale);
  await ctx.editMessageText(cardText(t, request, request.decidedByName ?? t('groups-someone'))).catch(() => undefined);
}
