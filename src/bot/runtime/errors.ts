// The bot's error boundary. A DomainError becomes a localized, friendly
// message (the one mapping: shared/replies.ts); anything else is logged
// with the update id and the person gets a short apology. Nothing escapes:
// one bad update never stops the bot.
import type { I18n } from '@grammyjs/i18n';
import type { MiddlewareFn } from 'grammy';
import type { Locale } from '../../config.js';
import { isDomainError } from '../../domain/index.js';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import { errorTranslation, type Translation } from '../shared/replies.js';
import { balancesVisible } from '../shared/visibility.js';
import type { I18nContext } from './i18n.js';

/**
 * Answers the person: an alert on a pressed button (or, when the button was
 * already answered, e.g. by the menu plugin, a message), otherwise a message.
 * Never throws.
 */
async function tell(ctx: BotContext, text: string, log: Logger): Promise<void> {
  try {
    if (ctx.callbackQuery) {
      const answered = await ctx.answerCallbackQuery({ text, show_alert: true }).then(
        () => true,
        () => false,
      );
      if (answered) return;
    }
    if (ctx.chat) await ctx.reply(text);
  } catch (err) {
    log.warn({ err, update_id: ctx.update.update_id }, 'could not tell the person about an error');
  }
}

export async function handleBotError(ctx: BotContext, err: unknown, i18n: I18n<I18nContext>, log: Logger, defaultLocale: Locale): Promise<void> {
  const locale = ctx.app?.locale ?? defaultLocale;
  const t = (tr: Translation) => i18n.t(locale, tr.key, tr.vars);
  if (isDomainError(err)) {
    (ctx.app?.log ?? log).info({ update_id: ctx.update.update_id, code: err.code, details: err.details }, 'domain error answered');
    await tell(ctx, t(errorTranslation(err, locale, '', balancesVisible(ctx))), log);
    return;
  }
  log.error({ err, update_id: ctx.update.update_id }, 'unexpected error while handling an update');
  await tell(ctx, t({ key: 'errors-unexpected' }), log);
}

/** Middleware form: wraps everything after it. */
export function errorBoundary(i18n: I18n<I18nContext>, log: Logger, defaultLocale: Locale): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      await handleBotError(ctx, err, i18n, log, defaultLocale);
    }
  };
}
