// [Approve] [Reject] on approval requests. The jobs dispatcher sends those
// messages with callback data `appr:<transactionId>:a|r`; here the press goes
// to the core, the presser gets the outcome (or why nothing happened) as the
// callback answer, and the pressed message shows the outcome. The jobs side
// then edits the other approvers' copies and tells the requester
// (approval.decided in the outbox, written by the core with the decision).
import { Composer } from 'grammy';
import { approveTransaction, isDomainError, rejectTransaction, type DomainError } from '../../domain/index.js';
import type { BotContext } from '../context.js';

export const decideFeature = new Composer<BotContext>();

/** Why a press changed nothing, as a locale key. */
function refusalKey(e: DomainError): string {
  if (e.code === 'invalid_state') return 'approvals-already-decided';
  if (e.code === 'forbidden' && e.details['reason'] === 'own_transaction') return 'approvals-own';
  if (e.code === 'insufficient_funds') return 'approvals-insufficient-funds';
  // forbidden (no approve permission) and not_found (another family's request) read the same.
  return 'approvals-not-allowed';
}

/** Appends the outcome to the pressed message and drops its buttons; a failed edit is not an error. */
async function showOutcome(ctx: BotContext, outcome: string): Promise<void> {
  const original = ctx.callbackQuery?.message?.text ?? '';
  await ctx.editMessageText(original ? `${original}\n\n${outcome}` : outcome).catch((err: unknown) => {
    ctx.app.log.debug({ err }, 'approval message not edited (probably edited already)');
  });
}

decideFeature.callbackQuery(/^appr:(\d+):(a|r)$/, async (ctx) => {
  const user = ctx.app.user;
  if (!user) {
    await ctx.answerCallbackQuery({ text: ctx.t('approvals-not-allowed'), show_alert: true });
    return;
  }
  const transactionId = Number(ctx.match[1]);
  const approve = ctx.match[2] === 'a';
  const { deps } = ctx.app;
  try {
    if (approve) approveTransaction(deps, user.id, transactionId);
    else rejectTransaction(deps, user.id, transactionId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const key = refusalKey(e);
    const status = typeof e.details['status'] === 'string' ? e.details['status'] : 'decided';
    await ctx.answerCallbackQuery({ text: ctx.t(key, { status }), show_alert: true });
    // A stale request keeps no buttons; the others (not allowed, funds) leave the message as it is.
    if (key === 'approvals-already-decided') await showOutcome(ctx, ctx.t('approvals-already-decided', { status }));
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(approve ? 'approvals-approved-short' : 'approvals-rejected-short') });
  await showOutcome(ctx, ctx.t(approve ? 'approvals-approved' : 'approvals-rejected', { name: user.name }));
});
