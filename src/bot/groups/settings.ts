// /groupsettings in the group: the three family settings of the group, each a
// button that moves to the next value. Anyone may look; only owners and admins
// change them (the core refuses the others, who get a toast).
import { InlineKeyboard } from 'grammy';
import {
  APPROVALS_TARGETS, GROUP_VISIBILITIES, getGroupSettings, isDomainError, updateGroupSettings, type GroupSettings,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';

const next = <T>(list: readonly T[], value: T): T => list[(list.indexOf(value) + 1) % list.length] as T;

function view(ctx: BotContext, s: GroupSettings): { text: string; keyboard: InlineKeyboard } {
  const approvals = ctx.t(`groups-settings-approvals-${s.approvalsTarget}`);
  const visibility = ctx.t(`groups-settings-visibility-${s.visibility}`);
  const pinned = ctx.t(s.pinnedSummary ? 'groups-settings-on' : 'groups-settings-off');
  return {
    text: ctx.t('groups-settings', { approvals, visibility, pinned }),
    keyboard: new InlineKeyboard()
      .text(ctx.t('groups-settings-approvals-button', { value: approvals }), 'grp:s:a').row()
      .text(ctx.t('groups-settings-visibility-button', { value: visibility }), 'grp:s:v').row()
      .text(ctx.t('groups-settings-pinned-button', { value: pinned }), 'grp:s:p'),
  };
}

export async function showGroupSettings(ctx: BotContext): Promise<void> {
  const { user, familyId } = ctx.app;
  if (!user || familyId === null) return;
  const v = view(ctx, getGroupSettings(ctx.app.deps, user.id, familyId));
  await ctx.reply(v.text, { reply_markup: v.keyboard });
}

export async function changeGroupSetting(ctx: BotContext, which: 'a' | 'v' | 'p'): Promise<void> {
  const { user, familyId, deps } = ctx.app;
  if (!user || familyId === null) return;
  const s = getGroupSettings(deps, user.id, familyId);
  const patch: Partial<GroupSettings> =
    which === 'a' ? { approvalsTarget: next(APPROVALS_TARGETS, s.approvalsTarget) }
    : which === 'v' ? { visibility: next(GROUP_VISIBILITIES, s.visibility) }
    : { pinnedSummary: !s.pinnedSummary };
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
