// Shared wording: a transaction's details (the one renderer in src/presentation),
// the approval keyboard, the outcome lines.
import { InlineKeyboard } from 'grammy';
import { rowsOf } from '../../presentation/keyboard.js';
import type { Locale } from '../../config.js';
import type { Transaction } from '../../domain/index.js';
import { callbackData } from '../../presentation/callback-data.js';
import { detailLines as renderDetails, type Texts } from '../../presentation/transaction-text.js';
import type { JobContext } from './context.js';

/** The entry's detail lines in the reader's language: the one renderer the bot uses too (src/presentation). */
export function detailLines(ctx: JobContext, locale: Locale, t: Transaction): string[] {
  return renderDetails(ctx.deps, t, readerTexts(ctx, locale));
}

/** The jobs' texts bound to one reader's language, as the shared renderer takes them. */
export function readerTexts(ctx: JobContext, locale: Locale): Texts {
  return { t: (key, vars) => ctx.texts.t(locale, key, vars), locale };
}

/** The approval request as approvers see it (also the base of the edited copy). */
export function requestText(ctx: JobContext, locale: Locale, t: Transaction & { requesterName: string }, family: string): string {
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

/**
 * A reminder digest's buttons: one row [✅ n] [❌ n] per listed request (n as numbered
 * in the text); `open` leaves out the rows of requests no longer waiting.
 */
export function digestKeyboard(ctx: JobContext, locale: Locale, transactionIds: number[], open: (id: number) => boolean = () => true): InlineKeyboard {
  const kb = new InlineKeyboard();
  transactionIds.forEach((id, i) => {
    if (!open(id)) return;
    kb.text(ctx.texts.t(locale, 'notify-digest-approve', { n: i + 1 }), callbackData.approval(id, 'a'))
      .text(ctx.texts.t(locale, 'notify-digest-reject', { n: i + 1 }), callbackData.approval(id, 'r'))
      .row();
  });
  // Without the row left open after the last request (and the first, empty, row when none is open).
  return new InlineKeyboard(rowsOf(kb));
}


