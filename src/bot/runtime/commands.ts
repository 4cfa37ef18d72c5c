// The command list Telegram shows in the "/" menu, in every language.
import type { I18n } from '@grammyjs/i18n';
import type { Api } from 'grammy';
import { LOCALES, type Locale } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { I18nContext } from './i18n.js';

/** Commands in menu order; the description of each is the locale key `cmd-<command>`. */
export const BOT_COMMANDS = [
  'menu',
  'expense',
  'income',
  'transfer',
  'balance',
  'wallets',
  'history',
  'pending',
  'reports',
  'budgets',
  'goals',
  'categories',
  'export',
  'import',
  'app',
  'recurring',
  'undo',
  'invite',
  'members',
  'family',
  'settings',
  'link',
  'help',
  'cancel',
  'start',
] as const;

export function commandsFor(i18n: I18n<I18nContext>, locale: Locale): Array<{ command: string; description: string }> {
  return BOT_COMMANDS.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
}

/** Sets the commands per language (and the default list in the default language). A failure is logged, not fatal. */
export async function setLocalizedCommands(api: Api, i18n: I18n<I18nContext>, defaultLocale: Locale, log: Logger): Promise<void> {
  try {
    await api.setMyCommands(commandsFor(i18n, defaultLocale));
    for (const locale of LOCALES) await api.setMyCommands(commandsFor(i18n, locale), { language_code: locale });
  } catch (err) {
    log.warn({ err }, 'setMyCommands failed; the command menu may be out of date');
  }
}
