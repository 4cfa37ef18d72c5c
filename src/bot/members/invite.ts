// /invite: an owner or admin picks the new person's role and gets a t.me deep
// link; /start joins with it. The core decides who may invite whom.
import { InlineKeyboard } from 'grammy';
import { can, canAssignRole, createInvite, getFamily, type Role } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb } from '../shared/callback-data.js';
import { formatDateTime } from '../shared/transaction-line.js';
import type { ButtonRouter } from '../shared/button-router.js';
import { say, show } from '../shared/view.js';

const INVITABLE: ReadonlyArray<Exclude<Role, 'owner'>> = ['member', 'viewer', 'admin'];

export async function showInvite(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  if (!can(scope.role, 'manage_members')) {
    await say(ctx, notAllowedText(ctx, scope.role));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const role of INVITABLE) if (canAssignRole(scope.role, role)) keyboard.text(ctx.t('manage-role', { role }), cb('i', 'r', role));
  await say(ctx, ctx.t('manage-invite-choose-role'), keyboard);
}

export function registerInvite(router: ButtonRouter): void {
  router.button('i', 'r', async (ctx, scope, [role]) => {
    if (!INVITABLE.includes(role as Exclude<Role, 'owner'>)) return ctx.t('manage-stale-button');
    const invite = createInvite(ctx.app.deps, scope.userId, { familyId: scope.familyId, role: role as Exclude<Role, 'owner'> });
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    const link = `https://t.me/${ctx.me.username}?start=${invite.code}`;
    await show(ctx, {
      text: ctx.t('manage-invite-created', {
        role: invite.role,
        link,
        expires: formatDateTime(ctx, invite.expiresAt, family.timezone),
        family: family.name,
      }),
    });
  });
}
