// The pinned summary (a family setting): one message in the group, edited in
// place after a change, instead of a new message each time. It is refreshed
// after every update from the group and after every update of a family member
// in a private chat (an entry, an approval); its last text is stored, so an
// unchanged summary costs no API call. Pinning needs the bot to be a group
// admin; without it the message is still kept up to date, just not pinned.
import {
  formatMoney, getFamily, groupOfFamily, groupSummary, readGroupSettings, setSummaryMessage, type FamilyGroup,
} from '../../domain/index.js';
import { isLocale } from '../runtime/i18n.js';
import type { BotContext } from '../context.js';
import { toWholeGroup } from './reply-owner.js';

/**
 * The summary in the family's language, as the group's other shared messages (approval cards): not in
 * the language of whoever acted last, which made it flip between languages with every edit.
 */
function render(ctx: BotContext, familyId: number, userId: number): string {
  const { deps } = ctx.app;
  const s = groupSummary(deps, userId, familyId);
  const familyLocale = getFamily(deps, userId, familyId).locale;
  const locale = isLocale(familyLocale) ? familyLocale : ctx.app.config.defaults.locale;
  const t = (key: string, vars: Record<string, string | number>) => ctx.i18n.fluent.translate(locale, key, vars);
  const list = (items: Array<{ currency: string; expenseMinor: number }>) =>
    items.length > 0 ? items.map((i) => formatMoney(i.expenseMinor, i.currency, locale)).join(', ') : '0';
  const lines = [t('groups-summary-title', { month: s.month }), t('groups-summary-today', { amount: list(s.today) }), t('groups-summary-month', { amount: list(s.monthTotal) })];
  for (const b of s.budgets) {
    lines.push(t('groups-summary-budget', { spent: formatMoney(b.spentMinor, b.currency, locale), limit: formatMoney(b.amountMinor, b.currency, locale), percent: b.percent }));
  }
  return lines.join('\n');
}

/**
 * After an update of a family member (in the group or privately): brings the family group's summary up
 * to date. A failure here (the bot was just removed, Telegram is down) is logged, never shown to the person.
 */
export async function refreshSummary(ctx: BotContext, familyId: number): Promise<void> {
  try {
    await refresh(ctx, familyId);
  } catch (err) {
    ctx.app.log.warn({ err, familyId }, 'pinned summary not refreshed');
  }
}

async function refresh(ctx: BotContext, familyId: number): Promise<void> {
  const user = ctx.app.user;
  const { deps } = ctx.app;
  if (!user) return;
  // Read again: the update may have changed the setting or moved the group.
  const group: FamilyGroup | undefined = groupOfFamily(deps.db, familyId);
  if (!group || !readGroupSettings(deps.db, familyId).pinnedSummary) return;
  const text = render(ctx, familyId, user.id);
  if (group.summaryMessageId !== null && group.summaryText === text) return;
  const chatId = group.chatId;
  if (group.summaryMessageId !== null) {
    try {
      await ctx.api.editMessageText(chatId, group.summaryMessageId, text);
      setSummaryMessage(deps, { chatId, messageId: group.summaryMessageId, text });
      return;
    } catch (err) {
      // Two people's updates in one group run side by side: the other one may have edited it to this text already.
      if (err instanceof Error && /message is not modified/.test(err.message)) {
        setSummaryMessage(deps, { chatId, messageId: group.summaryMessageId, text });
        return;
      }
      ctx.app.log.info({ err, chatId }, 'pinned summary could not be edited; posting a new one');
    }
  }
  // In the group itself the message answers no one; elsewhere reply_parameters is simply absent.
  const inGroup = ctx.chat?.id === chatId;
  const message = await ctx.api.sendMessage(chatId, text, { ...(inGroup ? toWholeGroup : {}), disable_notification: true });
  setSummaryMessage(deps, { chatId, messageId: message.message_id, text });
  await ctx.api.pinChatMessage(chatId, message.message_id, { disable_notification: true }).catch((err: unknown) => {
    ctx.app.log.info({ err, chatId }, 'summary not pinned (the bot is not an admin of the group)');
  });
}
