// The pinned summary (a family setting): one message in the group, edited in
// place after a change, instead of a new message each time (and at the family's
// midnight by the jobs, so it never names yesterday: jobs/handlers/summary.ts). It is refreshed
// after every update from the group and after every update of a family member
// in a private chat (an entry, an approval); its last text is stored, so an
// unchanged summary costs no API call. Pinning needs the bot to be a group
// admin; without it the message is still kept up to date, just not pinned.
// Where the family keeps balances and reports out of the group, it shows
// counts of expenses and no amounts (the core decides, groupSummary).
//
// Refreshes of one family are serialized and coalesced (createSummaryRefresher):
// with the runner, updates of different chats run side by side, and two
// refreshes racing could let the older computation's edit reach Telegram last.
import { getFamily, groupOfFamily, groupSummary, readGroupSettings, setSummaryMessage, type FamilyGroup } from '../../domain/index.js';
import { groupSummaryText } from '../../presentation/group-summary.js';
import { isLocale } from '../runtime/i18n.js';
import type { BotContext } from '../context.js';
import { toWholeGroup } from './reply-owner.js';
import { familyT } from './family-language.js';

/**
 * The summary in the family's language, as the group's other shared messages (approval cards): not in
 * the language of whoever acted last, which made it flip between languages with every edit. With the
 * family's day it names (the jobs refresh it at the family's midnight).
 */
function render(ctx: BotContext, familyId: number, userId: number): { text: string; day: string } {
  const { deps } = ctx.app;
  const s = groupSummary(deps, userId, familyId);
  const familyLocale = getFamily(deps, userId, familyId).locale;
  const locale = isLocale(familyLocale) ? familyLocale : ctx.app.config.defaults.locale;
  return { text: groupSummaryText(s, locale, familyT(ctx, locale)), day: s.day };
}

export type RefreshSummary = (ctx: BotContext, familyId: number) => Promise<void>;

type Lane = { current: Promise<void>; queued: { ctx: BotContext; done: Promise<void> } | null };

/**
 * One refresher per bot. Per family at most one refresh is in flight; a request during it queues exactly
 * one more run after it (later requests join that run, which uses the newest request's context and reads
 * the books when it starts), so the last edit always carries the newest totals. The promise resolves once
 * a run that started after the request is over: an update's handling ends with its summary out.
 * In-process only: two bot processes of one family would still race.
 */
export function createSummaryRefresher(): RefreshSummary {
  const lanes = new Map<number, Lane>();
  const run = async (lane: Lane, ctx: BotContext, familyId: number): Promise<void> => {
    await refreshOnce(ctx, familyId);
    if (lane.queued === null && lanes.get(familyId) === lane) lanes.delete(familyId);
  };
  return (ctx, familyId) => {
    const lane = lanes.get(familyId);
    if (lane === undefined) {
      // Nothing in flight and no summary to keep (most families, for every private update): done, without
      // the lane, its promises and three async frames per update. A refresh in flight is queued after as before.
      if (!ctx.app.user || !keepsSummary(ctx, familyId)) return DONE;
      const fresh: Lane = { current: Promise.resolve(), queued: null };
      lanes.set(familyId, fresh);
      fresh.current = run(fresh, ctx, familyId);
      return fresh.current;
    }
    if (lane.queued !== null) {
      lane.queued.ctx = ctx;
      return lane.queued.done;
    }
    const queued: NonNullable<Lane['queued']> = { ctx, done: Promise.resolve() };
    lane.queued = queued;
    queued.done = lane.current.then(() => {
      lane.queued = null;
      lane.current = run(lane, queued.ctx, familyId);
      return lane.current;
    });
    return queued.done;
  };
}

const DONE = Promise.resolve();

/** True when the family has a group whose pinned summary is on (read again by each run: the update may change it). */
function keepsSummary(ctx: BotContext, familyId: number): boolean {
  const { deps } = ctx.app;
  return groupOfFamily(deps.db, familyId) !== undefined && readGroupSettings(deps.db, familyId).pinnedSummary;
}

/**
 * Brings the family group's summary up to date once. A failure here (the bot was just removed, Telegram
 * is down) is logged, never shown to the person, and never rejects (the queue goes on).
 */
async function refreshOnce(ctx: BotContext, familyId: number): Promise<void> {
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
  const { text, day } = render(ctx, familyId, user.id);
  if (group.summaryMessageId !== null && group.summaryText === text) return;
  const chatId = group.chatId;
  if (group.summaryMessageId !== null) {
    try {
      await ctx.api.editMessageText(chatId, group.summaryMessageId, text);
      setSummaryMessage(deps, { chatId, messageId: group.summaryMessageId, text, day });
      return;
    } catch (err) {
      // Another process (or an edit whose answer was lost) may have set this text already.
      if (err instanceof Error && /message is not modified/.test(err.message)) {
        setSummaryMessage(deps, { chatId, messageId: group.summaryMessageId, text, day });
        return;
      }
      ctx.app.log.info({ err, chatId }, 'pinned summary could not be edited; posting a new one');
    }
  }
  // In the group itself the message answers no one; elsewhere reply_parameters is simply absent.
  const inGroup = ctx.chat?.id === chatId;
  const message = await ctx.api.sendMessage(chatId, text, { ...(inGroup ? toWholeGroup : {}), disable_notification: true });
  setSummaryMessage(deps, { chatId, messageId: message.message_id, text, day });
  await ctx.api.pinChatMessage(chatId, message.message_id, { disable_notification: true }).catch((err: unknown) => {
    ctx.app.log.info({ err, chatId }, 'summary not pinned (the bot is not an admin of the group)');
  });
}
