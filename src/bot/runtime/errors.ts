// The bot's one mapping from core errors to words, and its error boundary.
// A DomainError becomes a localized, friendly message; anything else is logged
// with the update id and the person gets a short apology. Nothing escapes:
// one bad update never stops the bot.
import type { I18n } from '@grammyjs/i18n';
import type { MiddlewareFn } from 'grammy';
import type { Locale } from '../../config.js';
import { AmountError, formatMoney, isDomainError, type DomainError } from '../../domain/index.js';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import type { I18nContext } from './i18n.js';

export type Translation = { key: string; vars?: Record<string, string | number> };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Which locale key explains an amount the person typed. */
export function amountErrorText(e: AmountError, input: string): Translation {
  return { key: 'amount-invalid', vars: { reason: e.reason, input: input.trim().slice(0, 40), exponent: e.exponent ?? 2 } };
}

/** The locale key (and variables) that explains a core error to a person (amounts in `locale`). */
export function domainErrorText(e: DomainError, locale: Locale = 'en'): Translation {
  if (e instanceof AmountError) return amountErrorText(e, '');
  const reason = str(e.details['reason']);
  const why = e.why;
  if (why?.type === 'insufficient_funds') {
    const { wallet } = why;
    const others = why.alternatives.map((w) => `${w.name} (${formatMoney(w.balanceMinor, w.currency, locale)})`).join(', ');
    return {
      key: 'errors-insufficient-funds-detail',
      vars: { wallet: wallet.name, balance: formatMoney(wallet.balanceMinor, wallet.currency, locale), others: others || 'none', currency: wallet.currency },
    };
  }
  if (why?.type === 'correction_window_passed') return { key: 'errors-correction-window' };
  if (why?.type === 'decided_by_other') return { key: 'errors-decided-by-other' };
  if (why?.type === 'not_pending' || why?.type === 'not_executed') return { key: 'errors-already-settled', vars: { status: why.status } };
  switch (e.code) {
    case 'forbidden':
      if (reason === 'own_transaction') return { key: 'errors-own-transaction' };
      if (reason === 'instance_policy') return { key: 'errors-instance-policy' };
      if (e.details['role'] === 'viewer') return { key: 'errors-viewer' };
      return { key: 'errors-forbidden' };
    case 'insufficient_funds':
      return { key: 'errors-insufficient-funds' };
    case 'not_found':
      return { key: e.details['entity'] === 'invite' ? 'errors-invite-invalid' : 'errors-not-found' };
    case 'expired':
      return { key: 'errors-expired' };
    case 'invalid_state':
      if (reason === 'invite_used') return { key: 'errors-invite-used' };
      return { key: 'errors-invalid-state' };
    case 'validation': {
      const field = str(e.details['field']);
      if (field === 'name') return { key: 'errors-name' };
      if (field === 'currency' || field === 'baseCurrency') return { key: 'errors-currency' };
      if (field === 'description') return { key: 'errors-description' };
      return { key: 'errors-validation' };
    }
    case 'rate_limited':
      return { key: 'errors-rate-limited' };
    default:
      return { key: 'errors-conflict' };
  }
}

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
    await tell(ctx, t(domainErrorText(err, locale)), log);
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
