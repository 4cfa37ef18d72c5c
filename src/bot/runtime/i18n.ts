// The Fluent translations of the bot: every `locales/<lang>/*.ftl` is merged
// into one bundle per language (@grammyjs/i18n does the merge), so features
// own their files (bot.ftl, manage.ftl, notifications.ftl…) without clashes
// as long as keys are prefixed by feature.
import { I18n } from '@grammyjs/i18n';
import { findResourceDir } from '../../runtime/resources.js';
import { LOCALES, type Locale } from '../../config.js';
import type { Context } from 'grammy';
import type { AppFlavor } from '../context.js';

/** Outside conversations ctx.app is set; inside them it is not (the locale is then set by a conversation plugin). */
export type I18nContext = Context & Partial<AppFlavor>;

/** locales/ beside src/ or dist/, next to the binary, or extracted from the single executable. */
export function findLocalesDir(): string {
  return findResourceDir('locales', 'en');
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Maps a Telegram language_code ("ru", "ru-RU", "en-GB", "de") to a supported locale, or undefined. */
export function localeFromLanguageCode(code: string | null | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

/**
 * The I18n instance. The locale is negotiated from ctx.app.locale (set by the
 * app-state middleware: users.locale, else Telegram's language_code, else the
 * configured default), so the session stores no language.
 */
export function createI18n(defaultLocale: Locale, directory = findLocalesDir()): I18n<I18nContext> {
  return new I18n<I18nContext>({
    defaultLocale,
    directory,
    // No Unicode isolation marks around placeables: messages are plain text for
    // Telegram and tests compare them as written.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.app?.locale ?? defaultLocale,
  });
}
