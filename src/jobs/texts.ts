// Notification text from the Fluent files in locales/<lang>/*.ftl, through
// @grammyjs/i18n's I18n used directly (jobs have no Context to hang it on).
import { resolve } from 'node:path';
import { I18n } from '@grammyjs/i18n';
import { findResourceDir } from '../runtime/resources.js';
import { LOCALES, type Locale } from '../config.js';

export type TextVars = Record<string, string | number>;
export type Texts = { t(locale: Locale, key: string, vars?: TextVars): string };

/** locales/ beside src/ or dist/, next to the binary, or extracted from the single executable. */
export function findLocalesDir(): string {
  return findResourceDir('locales', 'en');
}

export function createTexts(directory: string = findLocalesDir()): Texts {
  // Without isolation marks: Telegram shows them as stray characters in some clients.
  const i18n = new I18n({ defaultLocale: 'en', directory: resolve(directory), fluentBundleOptions: { useIsolating: false } });
  return { t: (locale, key, vars) => i18n.t(locale, key, vars) };
}

export function toLocale(value: string | null | undefined): Locale | undefined {
  const v = value?.toLowerCase().slice(0, 2);
  return (LOCALES as readonly string[]).includes(v ?? '') ? (v as Locale) : undefined;
}
