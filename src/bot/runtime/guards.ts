// Small guards for handlers: who is acting, in which family.
import type { Role } from '../../domain/index.js';
import type { BotContext } from '../context.js';

export type FamilyScope = { userId: number; familyId: number; role: Role };

/**
 * The acting person and their active family, or undefined after telling them
 * to /start (unknown chat or no family yet). Usage:
 *   const scope = await requireFamily(ctx); if (!scope) return;
 */
export async function requireFamily(ctx: BotContext): Promise<FamilyScope | undefined> {
  const { user, familyId, role } = ctx.app;
  if (user && familyId !== null && role !== null) return { userId: user.id, familyId, role };
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(ctx.t(user ? 'start-no-family' : 'start-needed'));
  return undefined;
}
