// /groupsettings in the group: the three family settings of the group, each a
// button that moves to the next value. Anyone may look; only owners and admins
// change them (the core refuses the others, who get a toast).
// Callback data names the value the button sets (`grp:s:a:private`,
// `grp:s:v:everything`, `grp:s:p:on`), worked out when the buttons were drawn:
// a double tap, or two admins pressing the same button at once, sets that value
// once and again, never back. A button from before values were named
// (`grp:s:a`) changes nothing: it is answered as out of date and redrawn.
import { InlineKeyboard } from 'grammy';
import {
  APPROVALS_TARGETS, GROUP_VISIBILITIES, getGroupSettings, isDomainError, updateGroupSettings, type GroupSettings,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { sharedT } from './family-language.js';

const next = <T>(list: readonly T[], value: T): T => list[(list.indexOf(value) + 1) % list.length] as T;

export type GroupSettingKey = 'a' | 'v' | 'p';

/** The callback data of a button that sets one setting to one value. */
const setData = (which: GroupSettingKey, value: string): string => `grp:s:${which}:${value}`;

/** `grp:s:<a|v|p>[:<value>]`; no value: a button drawn before values were named. */
export const GROUP_SETTING_PATTERN = /^grp:s:(a|v|p)(?::([a-z]{1,16}))?$/;

/** The change a button's value names, or undefined for a value the setting does not have (forged or from another layout). */
function patchFor(which: GroupSettingKey, value: string): Partial<GroupSettings> | undefined {
  if (which === 'a') return (APPROVALS_TARGETS as readonly string[]).includes(value) ? { approvalsTarget: value as GroupSettings['approvalsTarget'] } : undefined;
  if (which === 'v') return (GROUP_VISIBILITIES as readonly string[]).includes(value) ? { visibility: value as GroupSettings['visibility'] } : undefined;
  return value === 'on' ? { pinnedSummary: true } : value === 'off' ? { pinnedSummary: false } : undefined;
}

/** The settings card is the whole group's: in the family's language, whoever asked or pressed (family-language.ts). */
function view(ctx: BotContext, s: GroupSettings): { text: string; keyboard: InlineKeyboard } {
  const t = sharedT(ctx);
  const approvals = t(`groups-settings-approvals-${s.approvalsTarget}`);
  const visibility = t(`groups-settings-visibility-${s.visibility}`);
  const pinned = t(s.pinnedSummary ? 'groups-settings-on' : 'groups-settings-off');
  return {
    text: t('groups-settings', { approvals, visibility, pinned }),
    keyboard: new InlineKeyboard()
      .text(t('groups-settings-approvals-button', { value: approvals }), setData('a', next(APPROVALS_TARGETS, s.approvalsTarget))).row()
      .text(t('groups-settings-visibility-button', { value: visibility }), setData('v', next(GROUP_VISIBILITIES, s.visibility))).row()
      .text(t('groups-settings-pinned-button', { value: pinned }), setData('p', s.pinnedSummary ? 'off' : 'on')),
  };
}

export async function showGroupSettings(ctx: BotContext): Promise<void> {
  const { user, familyId } = ctx.app;
  if (!user || familyId === null) return;
  const v = view(ctx, getGroupSettings(ctx.app.deps, user.id, familyId));
  await ctx.reply(v.text, { reply_markup: v.keyboard });
}

/** A press of a settings button: sets the value it names (once however often pressed), or redraws an outdated button. */
export async function changeGroupSetting(ctx: BotContext, which: GroupSettingKey, value: string | undefined): Promise<void> {
  const { user, familyId, deps } = ctx.app;
  if (!user || familyId === null) return;
  const patch = value !== undefined ? patchFor(which, value) : undefined;
  if (!patch) {
    await ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button') });
    const v = view(ctx, getGroupSettings(deps, user.id, familyId));
    await ctx.editMessageText(v.text, { reply_markup: v.keyboard }).catch(() => undefined);
    return;
  }
  let after: GroupSettings;
  try {
    after = updateGroupSettings(deps, user.id, { familyId, ...patch });
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'forbidden') throw e;
    await ctx.answerCallbackQuery({ text: ctx.t('groups-settings-admins-only'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const v = view(ctx, after);
  await ctx.editMessageText(v.text, { reply_markup: v.keyboard }).catch(() => undefined);
}
