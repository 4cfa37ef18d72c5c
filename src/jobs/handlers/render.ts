// Shared wording: a transaction's details, the approval keyboard, the outcome lines.
import { InlineKeyboard } from 'grammy';
import type { Locale } from '../../config.js';
import { callbackData } from '../../bot/shared/callback-data.js';
import { formatMoney } from '../../domain/index.js';
import type { JobContext } from './context.js';
import type { TransactionView } from './recipients.js';

export function detailLines(ctx: JobContext, locale: Locale, t: TransactionView): string[] {
  const tr = (key: string, vars?: Record<string, string | number>) => ctx.texts.t(locale, key, vars);
  const lines = [tr('notify-line-amount', { kind: tr(`notify-kind-${t.kind}`), amount: formatMoney(t.amountMinor, t.currency, locale) })];
  if (t.kind === 'transfer') {
    lines.push(tr('notify-line-transfer', { from: t.fromWalletName ?? '?', to: t.toWalletName ?? '?' }));
    if (t.toAmountMinor !== null && t.toCurrency !== null) {
      lines.push(tr('notify-line-received', { amount: formatMoney(t.toAmountMinor, t.toCurrency, locale) }));
    }
  } else {
    lines.push(tr('notify-line-wallet', { wallet: (t.kind === 'income' ? t.toWalletName : t.fromWalletName) ?? '?' }));
  }
  if (t.categoryName) lines.push(tr('notify-line-category', { category: [t.categoryEmoji, t.categoryName].filter(Boolean).join(' ') }));
  if (t.description) lines.push(tr('notify-line-description', { description: t.description }));
  return lines;
}

/** The approval request as approvers see it (also the base of the edited copy). */
export function requestText(ctx: JobContext, locale: Locale, t: TransactionView, family: string): string {
  return [ctx.texts.t(locale, 'notify-approval-request', { requester: t.requesterName, family }), ...detailLines(ctx, locale, t)].join('\n');
}

export function outcomeLines(ctx: JobContext, locale: Locale, decision: 'approved' | 'rejected', decider: string, reason: string | null): string[] {
  const lines = [ctx.texts.t(locale, `notify-outcome-${decision}`, { decider })];
  if (reason) lines.push(ctx.texts.t(locale, 'notify-line-reason', { reason }));
  return lines;
}

export function approvalKeyboard(ctx: JobContext, locale: Locale, transactionId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.texts.t(locale, 'notify-approve-button'), callbackData.approval(transactionId, 'a'))
    .text(ctx.texts.t(locale, 'notify-reject-button'), callbackData.approval(transactionId, 'r'));
}

/** A reminder digest's buttons: one row [✅ n] [❌ n] per listed request (n as numbered in the text). */
export function digestKeyboard(ctx: JobContext, locale: Locale, transactionIds: number[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  transactionIds.forEach((id, i) => {
    kb.text(ctx.texts.t(locale, 'notify-digest-approve', { n: i + 1 }), callbackData.approval(id, 'a'))
      .text(ctx.texts.t(locale, 'notify-digest-reject', { n: i + 1 }), callbackData.approval(id, 'r'))
      .row();
  });
  return kb;
}

/** A calendar date (YYYY-MM-DD) in the reader's language. */
export function formatDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
