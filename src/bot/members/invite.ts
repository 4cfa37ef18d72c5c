// /invite: an owner or admin picks the new person's role and gets a t.me deep
// link; /start joins with it. The same screen lists the links still open (who
// made each, its role, its expiry) with a [Revoke n] for those the reader may
// take back. The core decides who may invite and revoke whom.
import { InlineKeyboard } from 'grammy';
import { can, canAssignRole, createInvite, getFamily, listLiveInvites, revokeInvite, type Role } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb, idArg } from '../shared/callback-data.js';
import { formatDateTime } from '../shared/transaction-line.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { say, show, showChanged, type View } from '../shared/view.js';
import { codeSecretOf, requestKeyOf } from '../shared/request-key.js';
import type { FamilyScope } from '../runtime/guards.js';
import { nextRow } from '../../presentation/keyboard.js';

const INVITABLE: ReadonlyArray<Exclude<Role, 'owner'>> = ['member', 'viewer', 'admin'];
// Open links listed (and revocable) on one screen; Telegram allows 100 buttons a message.
const LIVE_MAX = 20;

function inviteView(ctx: BotContext, scope: FamilyScope): View {
  const keyboard = new InlineKeyboard();
  for (const role of INVITABLE) if (canAssignRole(scope.role, role)) keyboard.text(ctx.t('manage-role', { role }), cb('i', 'r', role, familyArg(scope.familyId)));
  const live = listLiveInvites(ctx.app.deps, scope.userId, scope.familyId).slice(0, LIVE_MAX);
  if (live.length === 0) return { text: ctx.t('manage-invite-choose-role'), keyboard };
  const { timezone } = getFamily(ctx.app.deps, scope.userId, scope.familyId);
  const lines = live.map((inv, i) =>
    ctx.t('manage-invite-live-line', { n: i + 1, role: inv.role, author: inv.authorName ?? '?', expires: formatDateTime(ctx, inv.expiresAt, timezone) }),
  );
  live.forEach((inv, i) => {
    if (inv.canRevoke) nextRow(keyboard).text(ctx.t('manage-invite-revoke', { n: i + 1 }), cb('i', 'x', inv.id, familyArg(scope.familyId)));
  });
  return { text: [ctx.t('manage-invite-choose-role'), '', ctx.t('manage-invite-live-title', { count: live.length }), ...lines].join('\n'), keyboard };
}

export async function showInvite(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  if (!can(scope.role, 'manage_members')) {
    await say(ctx, notAllowedText(ctx, scope.role));
    return;
  }
  const view = inviteView(ctx, scope);
  await say(ctx, view.text, view.keyboard);
}

export function registerInvite(router: ButtonRouter): void {
  // [Revoke n]: the core checks the role; a second press (or a stale screen) revokes nothing more.
  router.button('i', 'x', async (ctx, scope, [id]) => {
    const inviteId = idArg(id);
    if (!inviteId) return ctx.t('manage-stale-button');
    const { changed } = revokeInvite(ctx.app.deps, scope.userId, { familyId: scope.familyId, inviteId, requestKey: requestKeyOf(ctx) });
    await show(ctx, inviteView(ctx, scope));
    return ctx.t(changed ? 'manage-invite-revoked' : 'manage-invite-already-revoked');
  });
  router.button('i', 'r', async (ctx, scope, [role]) => {
    if (!INVITABLE.includes(role as Exclude<Role, 'owner'>)) return ctx.t('manage-stale-button');
    // Keyed by the pressed message: a double tap (or the press delivered again) finds the link made first. Its
    // code is derived from that key, so a press handled again after a crash that came before the message
    // showed the link shows it now; when the message shows it already, the press is told it is above.
    const message = ctx.callbackQuery?.message;
    const requestKey = `tg:invite:${ctx.chat?.id ?? scope.userId}:${message?.message_id ?? ctx.callbackQuery?.id ?? ''}`;
    const invite = createInvite(ctx.app.deps, scope.userId, { familyId: scope.familyId, role: role as Exclude<Role, 'owner'>, requestKey, codeSecret: codeSecretOf(ctx, 'invite-code') });
    if ('madeBefore' in invite && invite.code === undefined) return ctx.t('manage-invite-made-before');
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    const link = `https://t.me/${ctx.me.username}?start=${invite.code}`;
    const shown = await showChanged(ctx, {
      text: ctx.t('manage-invite-created', {
        role: invite.role,
        link,
        expires: formatDateTime(ctx, invite.expiresAt, family.timezone),
        family: family.name,
      }),
    });
    if ('madeBefore' in invite && !shown) return ctx.t('manage-invite-made-before');
  });
}
