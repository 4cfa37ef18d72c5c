// /family: the families a person belongs to and which one the bot works in
// (quick entries, the menu, every command); a button switches it. Joining a
// second family makes it the working one, so the person must be able to go back.
import { InlineKeyboard } from 'grammy';
import { listFamiliesForUser, setActiveFamily } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { refreshApp } from '../runtime/app-state.js';
import { familyScopeOf, requireFamily, type FamilyScope } from '../runtime/guards.js';
import { cb, idArg } from '../shared/callback-data.js';
import type { ButtonRouter } from '../shared/button-router.js';
import { show, type View } from '../shared/view.js';

export async function showFamilies(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, familiesView(ctx, scope));
}

function familiesView(ctx: BotContext, scope: FamilyScope): View {
  const families = listFamiliesForUser(ctx.app.deps, scope.userId);
  const lines = families.map((f) =>
    ctx.t('manage-families-line', { name: f.name, role: f.role, current: f.id === scope.familyId ? 'yes' : 'no' }),
  );
  const keyboard = new InlineKeyboard();
  for (const f of families) if (f.id !== scope.familyId) keyboard.text(ctx.t('manage-families-switch', { name: f.name }), cb('fm', 's', f.id)).row();
  return { text: [ctx.t('manage-families-title'), '', ...lines].join('\n'), keyboard: families.length > 1 ? keyboard : undefined };
}

export function registerFamilies(router: ButtonRouter): void {
  router.button('fm', 's', async (ctx, scope, [id]) => {
    const familyId = idArg(id);
    if (!familyId) return ctx.t('manage-stale-button');
    // The core checks the person is (still) in that family.
    setActiveFamily(ctx.app.deps, scope.userId, familyId);
    await refreshApp(ctx);
    const now = familyScopeOf(ctx);
    if (!now) throw new Error('switched to a family without a membership');
    await show(ctx, familiesView(ctx, now));
    const name = listFamiliesForUser(ctx.app.deps, scope.userId).find((f) => f.id === now.familyId)?.name ?? '';
    return ctx.t('manage-families-switched', { name });
  });
}
