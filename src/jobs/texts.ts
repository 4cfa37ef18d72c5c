// Notification text from the Fluent files in locales/<lang>/*.ftl, through
// @grammyjs/i18n's I18n used directly (jobs have no Context to hang it on).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import { LOCALES, type Locale } from '../config.js';

export type TextVars = Record<string, string | number>;
export type Texts = { t(locale: Locale, key: string, vars?: TextVars): string };

/** locales/ sits at the project root: beside src/ in development, beside dist/ when built, or next to the binary. */
export function findLocalesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'locales'), join(here, '..', 'locales'), resolve('locales'), join(dirname(process.execPath), 'locales')];
  for (const c of candidates) if (existsSync(join(c, 'en'))) return c;
  throw new Error(`Locales folder not found (looked in ${candidates.join(', ')})`);
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
