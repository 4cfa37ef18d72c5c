// Domain errors of this feature's actions as friendly, localized text. The
// core decides (roles, empty wallets, valid zones…); this only words it.
// Anything that is not a DomainError goes on to the error boundary (runtime/errors.ts).
import { AmountError, isDomainError, type DomainError } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { say } from './view.js';

const REASON_KEYS: Record<string, string> = {
  wallet_not_empty: 'manage-error-wallet-not-empty',
  wallet_has_pending: 'manage-error-wallet-has-pending',
  owner_must_transfer: 'manage-error-owner-must-transfer',
};

const FIELD_KEYS: Record<string, string> = {
  name: 'manage-error-name',
  timezone: 'manage-error-timezone',
  currency: 'manage-error-currency',
  baseCurrency: 'manage-error-currency',
  start_date: 'manage-error-date',
  startDate: 'manage-error-date',
};

export function domainErrorText(ctx: BotContext, e: DomainError): string {
  if (e instanceof AmountError) return ctx.t('manage-error-amount', { reason: e.reason, exponent: e.exponent ?? 2 });
  const reason = typeof e.details['reason'] === 'string' ? e.details['reason'] : undefined;
  if (reason && REASON_KEYS[reason]) return ctx.t(REASON_KEYS[reason]);
  switch (e.code) {
    case 'forbidden':
      return ctx.t(e.details['role'] === 'viewer' ? 'manage-error-viewer' : 'manage-error-forbidden');
    case 'not_found':
      return ctx.t('manage-error-not-found');
    case 'expired':
      return ctx.t('manage-error-expired');
    case 'rate_limited':
      return ctx.t('manage-error-rate-limited');
    case 'validation': {
      const field = typeof e.details['field'] === 'string' ? e.details['field'] : '';
      const key = FIELD_KEYS[field];
      return key ? ctx.t(key) : ctx.t('manage-error-validation', { message: e.message });
    }
    default:
      return ctx.t('manage-error-invalid-state', { message: e.message });
  }
}

/**
 * Runs an action; a domain error becomes a localized answer: an alert on the
 * pressed button, or a reply to a typed message. Returns false after an error.
 */
export async function guarded(ctx: BotContext, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const text = domainErrorText(ctx, e);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => undefined);
    else await say(ctx, text);
    return false;
  }
}

/** The refusal shown before asking questions the core would refuse at the end anyway. */
export function notAllowedText(ctx: BotContext, role: string): string {
  return ctx.t(role === 'viewer' ? 'manage-error-viewer' : 'manage-error-forbidden');
}
