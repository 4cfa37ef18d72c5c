// group.summary_day: the family's midnight passed and its group's pinned
// summary still names yesterday (queued once per group and day by the
// scheduled work, domain/groups/summary-day.ts). The summary is rendered as the
// bot renders it after a change (presentation/group-summary.ts, the family's
// language) and the message edited in place, only when its text changed.
import { groupOfFamily, groupSummary, readGroupSettings, setSummaryMessage, type OutboxMessage } from '../../domain/index.js';
import { groupSummaryText } from '../../presentation/group-summary.js';
import { isNotModified } from '../telegram-sender.js';
import { deliverOnce, type JobContext } from './context.js';
import { familyInfo, membersOf } from './recipients.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];

export async function groupSummaryDay(ctx: JobContext, p: Payload<'group.summary_day'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const group = groupOfFamily(ctx.deps.db, p.familyId);
  // Unlinked, moved to a supergroup (a new summary is posted there at the next change) or turned off meanwhile.
  if (!family || !group || group.chatId !== p.chatId || group.summaryMessageId === null || !readGroupSettings(ctx.deps.db, p.familyId).pinnedSummary) return;
  // Read as the family's owner: the group's numbers are the family's, whoever reads them (the core decides amounts or counts).
  const owner = membersOf(ctx.deps, family).find((m) => m.role === 'owner');
  if (!owner) return;
  const s = groupSummary(ctx.deps, owner.userId, p.familyId);
  // Another midnight passed before this ran: that day's own row refreshes it.
  if (s.day !== p.day) return;
  const text = groupSummaryText(s, family.locale, (key, vars) => ctx.texts.t(family.locale, key, vars));
  if (text === group.summaryText) return;
  const { chatId, summaryMessageId: messageId } = group;
  const outcome = await deliverOnce(ctx, `edit:${chatId}`, async () => {
    try {
      await ctx.sender.call((api) => api.editMessageText(chatId, messageId, text));
    } catch (err) {
      if (!isNotModified(err)) throw err;
    }
    return { result: 'edited' };
  });
  // A message Telegram refuses to edit (deleted, the bot removed) keeps its old text on record: the bot's next refresh posts a new one.
  if (outcome !== 'refused') setSummaryMessage(ctx.deps, { chatId, messageId, text, day: s.day });
}
