// Small guards for handlers: who is acting, in which family.
import { listFamiliesForUser, type Role } from '../../domain/index.js';
import type { BotContext } from '../context.js';

export type FamilyScope = { userId: number; familyId: number; role: Role };

/**
 * The acting person and their active family, or undefined after telling them
 * to /start (unknown chat or no family yet). Usage:
 *   const scope = await requireFamily(ctx); if (!scope) return;
 */
export async function requireFamily(ctx: BotContext): Promise<FamilyScope | undefined> {
  const scope = familyScopeOf(ctx);
  if (scope) return scope;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(ctx.t(ctx.app.user ? 'start-no-family' : 'start-needed'));
  return undefined;
}

/**
 * The acting person's user id, or undefined after telling them to /start: for
 * a press that names its family itself and must work whichever family is
 * active now (or none: leaving the only one, handled again).
 */
export async function requireUser(ctx: BotContext): Promise<number | undefined> {
  const user = ctx.app.user;
  if (user) return user.id;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(ctx.t('start-needed'));
  return undefined;
}

/** The acting person and their active family as the update's app state has them, or undefined. */
export function familyScopeOf(ctx: BotContext): FamilyScope | undefined {
  const { user, familyId, role } = ctx.app;
  return user && familyId !== null && role !== null ? { userId: user.id, familyId, role } : undefined;
}

/**
 * The acting person's scope in family `familyId` (their role there now), or undefined when they are not in it
 * (any more); without a family, the active one. A conversation entered from a message about a family (its
 * button carries familyArg) works in that family, one entered from a command in the active one.
 */
export function scopeInFamily(ctx: BotContext, familyId: number | null | undefined): FamilyScope | undefined {
  // null too: a conversation's arguments are stored as JSON, where an undefined one before another becomes null.
  if (familyId === undefined || familyId === null) return familyScopeOf(ctx);
  const user = ctx.app.user;
  if (!user) return undefined;
  const family = listFamiliesForUser(ctx.app.deps, user.id).find((f) => f.id === familyId);
  return family ? { userId: user.id, familyId, role: family.role } : undefined;
}
