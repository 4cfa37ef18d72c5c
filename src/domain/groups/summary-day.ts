// The pinned summary names the family's day it counts ("Nov 30: $10.00") and
// was edited only after a change, so after the family's midnight it showed
// yesterday until the next entry. The scheduled work calls queueSummaryDays
// every tick: a group whose summary names another day than the family's today
// is claimed for that day (a conditional update of family_groups.summary_day)
// and one outbox row asks the jobs to refresh it. So each group is refreshed
// once per family day, whichever process ticks, and never again that day; the
// handler edits only when the text changed.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { families, familyGroupSettings, familyGroups } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { dayText } from '../dates/calendar.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { dayInZone } from './summary.js';

/** Queues a refresh of every pinned summary that names a day other than its family's today; how many were queued. */
export function queueSummaryDays(deps: CoreDeps, now: number): number {
  const shown = deps.db
    .select({ chatId: familyGroups.chatId, familyId: familyGroups.familyId, day: familyGroups.summaryDay, tz: families.timezone })
    .from(familyGroups)
    .innerJoin(families, eq(families.id, familyGroups.familyId))
    .innerJoin(familyGroupSettings, eq(familyGroupSettings.familyId, familyGroups.familyId))
    .where(and(isNotNull(familyGroups.summaryMessageId), eq(familyGroupSettings.pinnedSummary, true)))
    .all();
  let queued = 0;
  for (const g of shown) {
    const today = dayText(dayInZone(now, g.tz));
    if (g.day === today) continue;
    const claimed = writeTx(deps, (tx) => {
      // Only if no other process (or a bot refresh) got there first: the claim is the day itself.
      const row = tx
        .update(familyGroups)
        .set({ summaryDay: today })
        .where(and(eq(familyGroups.chatId, g.chatId), g.day === null ? isNull(familyGroups.summaryDay) : eq(familyGroups.summaryDay, g.day)))
        .returning({ chatId: familyGroups.chatId })
        .get();
      if (row) enqueueOutbox(tx, { topic: 'group.summary_day', payload: { familyId: g.familyId, chatId: g.chatId, day: today } }, now);
      return row !== undefined;
    });
    if (claimed) queued++;
  }
  return queued;
}
