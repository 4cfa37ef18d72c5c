// /members: who is in the family and in which role; owners and admins change
// roles and remove people, the owner hands the family over, anyone but the
// owner leaves (each with a confirmation). The core checks every step.
import { InlineKeyboard } from 'grammy';
import { ROLES, can, canAssignRole, changeMemberRole, getFamily, isRole, leaveFamily, listFamiliesForUser, listMembers, removeMember, transferOwnership, type Role } from '../../domain/index.js';
import { refreshApp } from '../runtime/app-state.js';
import type { BotContext } from '../context.js';
import { familyScopeOf, requireFamily, type FamilyScope } from '../runtime/guards.js';
import { cb, idArg } from '../shared/callback-data.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { show, type View } from '../shared/view.js';
import { requestKeyOf } from '../shared/request-key.js';
import { nextRow } from '../../presentation/keyboard.js';

export async function showMembers(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, membersView(ctx, scope));
}

function membersView(ctx: BotContext, scope: FamilyScope): View {
  const members = listMembers(ctx.app.deps, scope.userId, scope.familyId);
  const lines = members.map((m) =>
    ctx.t('manage-members-line', { name: m.name, role: m.role, you: m.userId === scope.userId ? 'yes' : 'no' }),
  );
  const keyboard = new InlineKeyboard();
  if (can(scope.role, 'manage_members')) {
    for (const m of members) {
      if (m.userId !== scope.userId && canAssignRole(scope.role, m.role)) keyboard.text(m.name, cb('mb', 'o', m.userId, familyArg(scope.familyId))).row();
    }
  }
  // The owner hands the family over first (a member's card), so the family is never left without one.
  if (scope.role !== 'owner') keyboard.text(ctx.t('manage-members-leave'), cb('mb', 'lv', familyArg(scope.familyId))).row();
  return { text: [ctx.t('manage-members-title', { count: members.length }), '', ...lines].join('\n'), keyboard };
}

function memberView(ctx: BotContext, scope: FamilyScope, userId: number): View | undefined {
  const member = listMembers(ctx.app.deps, scope.userId, scope.familyId).find((m) => m.userId === userId);
  if (!member) return undefined;
  const keyboard = new InlineKeyboard();
  for (const role of ROLES) {
    if (role !== member.role && role !== 'owner' && canAssignRole(scope.role, role)) {
      keyboard.text(ctx.t('manage-members-make', { role }), cb('mb', 'r', userId, role, familyArg(scope.familyId)));
    }
  }
  if (scope.role === 'owner') nextRow(keyboard).text(ctx.t('manage-members-hand-over'), cb('mb', 'ow', userId, familyArg(scope.familyId)));
  nextRow(keyboard).text(ctx.t('manage-members-remove'), cb('mb', 'rm', userId, familyArg(scope.familyId))).row().text(ctx.t('manage-back-members'), cb('mb', 'l', familyArg(scope.familyId)));
  return { text: ctx.t('manage-members-member', { name: member.name, role: member.role }), keyboard };
}

export function registerMembers(router: ButtonRouter): void {
  router.button('mb', 'l', (ctx, scope) => show(ctx, membersView(ctx, scope)));
  router.button('mb', 'o', async (ctx, scope, [id]) => {
    const userId = idArg(id);
    if (!userId) return ctx.t('manage-stale-button');
    const view = memberView(ctx, scope, userId);
    // An older list names someone removed (or gone) since: say so, as the core's not_member does.
    if (!view) return { alert: ctx.t('errors-not-member', { self: 'no' }) };
    await show(ctx, view);
  });
  router.button('mb', 'r', async (ctx, scope, [id, role]) => {
    const userId = idArg(id);
    if (!userId || !isRole(role)) return ctx.t('manage-stale-button');
    changeMemberRole(ctx.app.deps, scope.userId, { familyId: scope.familyId, userId, role: role as Role });
    await show(ctx, membersView(ctx, scope));
    return ctx.t('manage-members-role-changed');
  });
  // Removing someone and handing the family over ask first: [yes] does it, [Cancel] goes back to the member.
  const confirmFor = (action: string, question: string, yes: string) =>
    router.button('mb', action, async (ctx, scope, [id]) => {
      const userId = idArg(id);
      const member = userId ? listMembers(ctx.app.deps, scope.userId, scope.familyId).find((m) => m.userId === userId) : undefined;
      if (!userId) return ctx.t('manage-stale-button');
      if (!member) return { alert: ctx.t('errors-not-member', { self: 'no' }) };
      const keyboard = new InlineKeyboard().text(ctx.t(yes), cb('mb', `${action}ok`, userId, familyArg(scope.familyId))).text(ctx.t('manage-cancel'), cb('mb', 'o', userId, familyArg(scope.familyId)));
      await show(ctx, { text: ctx.t(question, { name: member.name }), keyboard });
    });
  confirmFor('rm', 'manage-members-remove-confirm', 'manage-confirm-remove');
  confirmFor('ow', 'manage-members-hand-over-confirm', 'manage-members-hand-over-yes');
  router.button('mb', 'owok', async (ctx, scope, [id]) => {
    const userId = idArg(id);
    if (!userId) return ctx.t('manage-stale-button');
    transferOwnership(ctx.app.deps, scope.userId, { familyId: scope.familyId, userId, requestKey: requestKeyOf(ctx) });
    await refreshApp(ctx);
    // The former owner is an admin now (the active family's role when it is this one).
    const now: FamilyScope = { ...scope, role: ctx.app.familyId === scope.familyId ? (ctx.app.role ?? scope.role) : 'admin' };
    await show(ctx, membersView(ctx, now));
    const name = listMembers(ctx.app.deps, scope.userId, scope.familyId).find((m) => m.userId === userId)?.name ?? '';
    return ctx.t('manage-members-handed-over', { name });
  });
  router.button('mb', 'lv', async (ctx, scope) => {
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    const keyboard = new InlineKeyboard().text(ctx.t('manage-members-leave-yes'), cb('mb', 'lvok', scope.familyId)).text(ctx.t('manage-cancel'), cb('mb', 'l', familyArg(scope.familyId)));
    await show(ctx, { text: ctx.t('manage-members-leave-confirm', { family: family.name }), keyboard });
  });
  // [Yes, leave] names the family it asked about, and keys the press: handled again after a crash (the
  // person out of it, another family or none active now) it finds its own leaving and says the same, never
  // "not in a family", and never leaves the family that became the active one. Older buttons carry no
  // family: the active one; a family that is no id (a forged press) is out of date, never the active one.
  router.userButton('mb', 'lvok', async (ctx, userId, [id]) => {
    if (id !== undefined && idArg(id) === undefined) return ctx.t('manage-stale-button');
    const familyId = idArg(id) ?? familyScopeOf(ctx)?.familyId;
    if (familyId === undefined) {
      await requireFamily(ctx);
      return;
    }
    const { familyName } = leaveFamily(ctx.app.deps, userId, familyId, { requestKey: requestKeyOf(ctx) });
    await refreshApp(ctx);
    // Where the next entry goes: the person's other family (the first joined), or nowhere until /start.
    const next = ctx.app.familyId === null ? undefined : listFamiliesForUser(ctx.app.deps, userId).find((f) => f.id === ctx.app.familyId);
    const after = next ? ctx.t('manage-families-switched', { name: next.name }) : ctx.t('start-no-family');
    await show(ctx, { text: `${ctx.t('manage-members-left', { family: familyName })}\n${after}` });
  });
  router.button('mb', 'rmok', async (ctx, scope, [id]) => {
    const userId = idArg(id);
    if (!userId) return ctx.t('manage-stale-button');
    removeMember(ctx.app.deps, scope.userId, { familyId: scope.familyId, userId, requestKey: requestKeyOf(ctx) });
    await show(ctx, membersView(ctx, scope));
    return ctx.t('manage-members-removed');
  });
}
