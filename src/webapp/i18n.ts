// The page's words: the `webapp-*` (and `role-*`) messages of locales/<lang>/*.ftl,
// bundled at build time and formatted with Fluent here, so plurals work as in the bot.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import messages from 'virtual:messages';

export type Lang = 'en' | 'ru';
export type T = (id: string, args?: Record<string, FluentVariable>) => string;

export function pickLang(...candidates: Array<string | null | undefined>): Lang {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    if (base === 'en' || base === 'ru') return base;
  }
  return 'en';
}

export function createT(lang: Lang): T {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  bundle.addResource(new FluentResource(messages[lang]));
  return (id, args) => {
    const message = bundle.getMessage(id);
    if (!message?.value) return id;
    return bundle.formatPattern(message.value, args ?? null);
  };
}

/** Intl locale for numbers and dates in a language. */
export const intlLocale = (lang: Lang): string => (lang === 'ru' ? 'ru-RU' : 'en-US');
