// The Fluent translations of the bot: every `locales/<lang>/*.ftl` is merged
// into one bundle per language (@grammyjs/i18n does the merge), so features
// own their files (bot.ftl, manage.ftl, notifications.ftl…) without clashes
// as long as keys are prefixed by feature.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import { LOCALES, type Locale } from '../../config.js';
import type { Context } from 'grammy';
import type { AppFlavor } from '../context.js';

/** Outside conversations ctx.app is set; inside them it is not (the locale is then set by a conversation plugin). */
export type I18nContext = Context & Partial<AppFlavor>;

/** locales/ sits at the project root: beside src/ in development, beside dist/ when built, or next to the binary. */
export function findLocalesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, '..', '..', '..', 'locales'),
    join(here, '..', '..', 'locales'),
    resolve('locales'),
    join(dirname(process.execPath), 'locales'),
  ];
  for (const c of candidates) {
    if (existsSync(join(c, 'en')) && statSync(join(c, 'en')).isDirectory() && readdirSync(join(c, 'en')).some((f) => f.endsWith('.ftl'))) {
      return c;
    }
  }
  throw new Error(`Locales folder not found (looked in ${candidates.join(', ')})`);
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
