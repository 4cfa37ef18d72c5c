// The bot's one mapping from core errors to words: a DomainError (its code and
// its typed reason `why`) becomes a locale key with its variables. Every
// feature, the conversations and the error boundary (runtime/errors.ts) use it.
// The core decides (roles, empty wallets, valid zones…); this only words it.
import type { Locale } from '../../config.js';
import { AmountError, displayName, formatMoney, isDomainError, type DomainError } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { say } from './view.js';
import { balancesVisible } from './visibility.js';

export type Translation = { key: string; vars?: Record<string, string | number> };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Which locale key explains an amount the person typed. */
export function amountErrorText(e: AmountError, input: string): Translation {
  return { key: 'amount-invalid', vars: { reason: e.reason, input: input.trim().slice(0, 40), exponent: e.exponent ?? 2 } };
}

const FIELD_KEYS: Record<string, string> = {
  name: 'errors-name',
  timezone: 'errors-timezone',
  currency: 'errors-currency',
  baseCurrency: 'errors-currency',
  start_date: 'errors-date',
  startDate: 'errors-date',
  deadline: 'errors-deadline',
  description: 'errors-description',
};

/**
 * The locale key (and variables) that explains a core error to a person (amounts in `locale`; `input`: what they typed, if anything).
 * `balances`: whether the reader may see wallet balances (see visibility.ts); without it a shortfall is said without amounts.
 */
export function errorTranslation(e: DomainError, locale: Locale = 'en', input = '', balances = false): Translation {
  if (e instanceof AmountError) return amountErrorText(e, input);
  const why = e.why;
  switch (why?.type) {
    case 'insufficient_funds': {
      if (!balances) return { key: 'errors-insufficient-funds' };
      const { wallet } = why;
      const others = why.alternatives.map((w) => `${displayName(w, locale)} (${formatMoney(w.balanceMinor, w.currency, locale)})`).join(', ');
      return {
        key: 'errors-insufficient-funds-detail',
        vars: { wallet: displayName(wallet, locale), balance: formatMoney(wallet.balanceMinor, wallet.currency, locale), others: others || 'none', currency: wallet.currency },
      };
    }
    case 'correction_window_passed':
      return { key: 'errors-correction-window' };
    case 'decided_by_other':
      return { key: 'errors-decided-by-other' };
    case 'not_pending':
    case 'not_executed':
      return { key: 'errors-already-settled', vars: { status: why.status } };
    case 'own_transaction':
      return { key: 'errors-own-transaction' };
    case 'not_author':
      return { key: 'errors-not-author' };
    case 'role':
      return { key: why.role === 'viewer' ? 'errors-viewer' : 'errors-forbidden' };
    case 'wallet_archived':
      return { key: 'errors-wallet-archived' };
    // A category, wallet, goal, budget or rule the answer named is archived or gone: say which, so the question asked again makes sense.
    case 'archived':
      return { key: 'errors-archived', vars: { entity: why.entity } };
    case 'missing':
      return { key: 'errors-missing', vars: { entity: why.entity } };
    case 'wallet_not_empty':
      return { key: 'errors-wallet-not-empty' };
    case 'wallet_has_pending':
      return { key: 'errors-wallet-has-pending' };
    case 'wallet_has_goals':
      return { key: 'errors-wallet-has-goals', vars: { goals: why.goals.map((g) => g.name).join(', ') } };
    case 'below_new_floor':
      return { key: 'errors-below-new-floor' };
    case 'owner_must_transfer':
      return { key: 'errors-owner-must-transfer' };
    case 'no_wallet':
      return { key: 'tx-no-wallets' };
    case 'no_wallet_in_currency':
      return { key: 'quick-no-wallet-in-currency', vars: { currency: why.currency } };
    case 'kind_changed':
      return { key: 'quick-edit-kind-changed' };
    // A confirmation pressed again once done: why nothing more happens.
    case 'not_member':
      return { key: 'errors-not-member', vars: { self: why.self ? 'yes' : 'no' } };
    case 'already_owner':
      return { key: 'errors-already-owner', vars: { name: why.name } };
    case 'rule_stopped':
      return { key: 'errors-rule-stopped' };
    case 'occurrence_handled':
      return { key: 'errors-occurrence-handled', vars: { outcome: why.outcome } };
    case 'date_too_far':
      return { key: 'errors-date-too-far', vars: { last: why.last } };
    default:
      break;
  }
  const reason = str(e.details['reason']);
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
      // An invite link, expired or revoked (the core answers both alike): say which thing and whom to ask.
      return { key: e.details['entity'] === 'invite' ? 'errors-invite-expired' : 'errors-expired' };
    case 'invalid_state':
      if (reason === 'invite_used') return { key: 'errors-invite-used' };
      if (reason === 'wallet_not_empty') return { key: 'errors-wallet-not-empty' };
      if (reason === 'wallet_has_pending') return { key: 'errors-wallet-has-pending' };
      if (reason === 'owner_must_transfer') return { key: 'errors-owner-must-transfer' };
      return { key: 'errors-invalid-state' };
    case 'validation': {
      // The core's one text rule (src/domain/text): say what is wrong with the text itself.
      if (reason === 'unsafe_characters') return { key: 'errors-text-unsafe' };
      if (reason === 'invalid_unicode') return { key: 'errors-text-invalid' };
      // Any date field (a goal's deadline, a rule's first date): the range the core's date reader keeps (domain/dates).
      if (reason === 'date_out_of_range') return { key: 'errors-date-range' };
      const key = FIELD_KEYS[str(e.details['field']) ?? ''];
      return { key: key ?? 'errors-validation' };
    }
    case 'rate_limited':
      return { key: reason === 'export_running' ? 'errors-export-running' : 'errors-rate-limited' };
    default:
      return { key: 'errors-conflict' };
  }
}

/** The text of a core error in the reader's language. */
export function errorText(ctx: BotContext, e: DomainError, input = ''): string {
  const tr = errorTranslation(e, ctx.app?.locale, input, balancesVisible(ctx));
  return ctx.t(tr.key, tr.vars);
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
    const text = errorText(ctx, e);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => undefined);
    else await say(ctx, text);
    return false;
  }
}

/** The refusal shown before asking questions the core would refuse at the end anyway. */
export function notAllowedText(ctx: BotContext, role: string): string {
  return ctx.t(role === 'viewer' ? 'errors-viewer' : 'errors-forbidden');
}
