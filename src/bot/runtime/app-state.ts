// Sets ctx.app for every update: who is writing (by their Telegram id, which
// is also their private chat id), their active family and role, and the
// locale: users.locale, else Telegram's language_code, else the default.
import type { MiddlewareFn } from 'grammy';
import type { Config } from '../../config.js';
import { findMembership, findUserByChat, getActiveFamilyId, type CoreDeps } from '../../domain/index.js';
import { lazyChild, type Logger } from '../../logger.js';
import type { AppState, BotContext } from '../context.js';
import { isLocale, localeFromLanguageCode } from './i18n.js';

export type AppStateDeps = { deps: CoreDeps; config: Config; log: Logger };

/** Reads the person, family and locale again (after /start, joining, or a language change). */
export function loadAppState(ctx: Pick<BotContext, 'from' | 'update'>, base: AppStateDeps): AppState {
  const { deps, config } = base;
  // Made only if the update logs something (most log nothing).
  const log = lazyChild(base.log, { update_id: ctx.update.update_id });
  const user = ctx.from ? findUserByChat(deps, ctx.from.id) : undefined;
  const familyId = user ? getActiveFamilyId(deps, user.id) : null;
  const role = user && familyId !== null ? (findMembership(deps.db, familyId, user.id)?.role ?? null) : null;
  const locale = (isLocale(user?.locale) ? user.locale : undefined) ?? localeFromLanguageCode(ctx.from?.language_code) ?? config.defaults.locale;
  return { deps, config, log, user, familyId, role, locale };
}

export function appState(base: AppStateDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.app = loadAppState(ctx, base);
    await next();
  };
}

/**
 * Re-reads ctx.app and the i18n locale in place. Call it after a change that
 * affects them (user created, family created or joined, language changed).
 */
export async function refreshApp(ctx: BotContext): Promise<void> {
  const { deps, config, log } = ctx.app;
  ctx.app = { ...loadAppState(ctx, { deps, config, log }), log };
  await ctx.i18n.renegotiateLocale();
}
