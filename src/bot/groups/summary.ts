// The pinned summary (a family setting): one message in the group, edited in
// place after each change made from the group, instead of a new message each
// time. Pinning needs the bot to be a group admin; without it the message is
// still kept up to date, just not pinned.
import { formatMoney, groupSummary, readGroupSettings, setSummaryMessage, type GroupActor } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { toWholeGroup } from './reply-owner.js';

function render(ctx: BotContext, actor: GroupActor, userId: number): string {
  const s = groupSummary(ctx.app.deps, userId, actor.group.familyId);
  const { locale } = ctx.app;
  const list = (items: Array<{ currency: string; expenseMinor: number }>) =>
    items.length > 0 ? items.map((i) => formatMoney(i.expenseMinor, i.currency, locale)).join(', ') : '0';
  const lines = [ctx.t('groups-summary-title', { month: s.month }), ctx.t('groups-summary-today', { amount: list(s.today) }), ctx.t('groups-summary-month', { amount: list(s.monthTotal) })];
  for (const b of s.budgets) {
    lines.push(ctx.t('groups-summary-budget', { spent: formatMoney(b.spentMinor, b.currency, locale), limit: formatMoney(b.amountMinor, b.currency, locale), percent: b.percent }));
  }
  return lines.join('\n');
}

export async function refreshSummary(ctx: BotContext, actor: GroupActor): Promise<void> {
  const user = ctx.app.user;
  // Read again: the change that triggered this may have been a settings change.
  if (!user || !readGroupSettings(ctx.app.deps.db, actor.group.familyId).pinnedSummary) return;
  const chatId = actor.group.chatId;
  const text = render(ctx, actor, user.id);
  const existing = actor.group.summaryMessageId;
  if (existing !== null) {
    try {
      await ctx.api.editMessageText(chatId, existing, text);
      return;
    } catch (err) {
      if (err instanceof Error && /not modified/.test(err.message)) return;
      ctx.app.log.info({ err, chatId }, 'pinned summary could not be edited; posting a new one');
    }
  }
  const message = await ctx.api.sendMessage(chatId, text, { ...toWholeGroup, disable_notification: true });
  setSummaryMessage(ctx.app.deps, { chatId, messageId: message.message_id });
  await ctx.api.pinChatMessage(chatId, message.message_id, { disable_notification: true }).catch((err: unknown) => {
    ctx.app.log.info({ err, chatId }, 'summary not pinned (the bot is not an admin of the group)');
  });
}
