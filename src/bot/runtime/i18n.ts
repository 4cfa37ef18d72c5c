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
  const i18n = new I18n<I18nContext>({
    defaultLocale,
    directory,
    // No Unicode isolation marks around placeables: messages are plain text for
    // Telegram and tests compare them as written.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.app?.locale ?? defaultLocale,
  });
  rememberBundleMatches(i18n);
  return i18n;
}

type BundleMatching = { matchBundles?: (locales: string[]) => unknown; addBundle?: (...args: unknown[]) => unknown };

/**
 * @grammyjs/i18n matches the locale against every bundle on each t() call
 * (a list of all locales, Fluent's language negotiation, a new Set): ~7 µs of
 * a t() that otherwise costs ~0.5, and a quick entry's card makes a dozen.
 * The answer depends only on the locales asked for and the bundles loaded, so
 * it is remembered per locale list and forgotten when a bundle is added. Its
 * result is only read (iterated) by the library. If a later version renames
 * these (private) methods, this does nothing.
 */
function rememberBundleMatches(i18n: I18n<I18nContext>): void {
  const fluent = i18n.fluent as unknown as BundleMatching;
  const match = fluent.matchBundles;
  const add = fluent.addBundle;
  if (typeof match !== 'function' || typeof add !== 'function') return;
  const known = new Map<string, unknown>();
  fluent.matchBundles = (locales) => {
    const key = locales.join('\n');
    let bundles = known.get(key);
    if (bundles === undefined) {
      bundles = match.call(fluent, locales);
      known.set(key, bundles);
    }
    return bundles;
  };
  fluent.addBundle = (...args) => {
    known.clear();
    return add.apply(fluent, args);
  };
}
