// Names the app made from its defaults (the Cash wallet, the default
// categories) carry a key in name_key, so each reader sees them in their own
// language; names people typed have no key and stay exactly as typed. The
// stored `name` is the family's language at creation, for readers that do not
// translate (the API returns both).
import { DEFAULT_CATEGORIES, DEFAULT_WALLET_KEY, DEFAULT_WALLET_NAME } from './defaults.js';

export type Named = { name: string; nameKey: string | null };

/** Every key a default name may carry, with the core's own en/ru text (the bot's locales hold the same keys). */
export const NAME_KEYS: Readonly<Record<string, Readonly<Record<'en' | 'ru', string>>>> = Object.freeze({
  [DEFAULT_WALLET_KEY]: DEFAULT_WALLET_NAME,
  ...Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c.key, c.name])),
});

/**
 * The name to show a reader. `reader` is a locale ('en', 'ru') or a
 * translator (the bot's `(key) => ctx.t(key)`, returning undefined for an
 * unknown key). A renamed item has no key and shows its typed name.
 */
export function displayName(item: Named, reader: string | ((key: string) => string | undefined)): string {
  if (item.nameKey === null) return item.name;
  if (typeof reader === 'function') return reader(item.nameKey) ?? item.name;
  const names = NAME_KEYS[item.nameKey];
  return (names && (reader === 'en' || reader === 'ru') ? names[reader] : undefined) ?? item.name;
}
