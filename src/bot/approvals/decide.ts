// [Approve] [Reject] on approval requests. The jobs dispatcher sends those
// messages with callback data `appr:<transactionId>:a|r`; here the press goes
// to the core, the presser gets the outcome (or why nothing happened) as the
// callback answer, and the pressed message shows the outcome. The jobs side
// then edits the other approvers' copies and tells the requester
// (approval.decided in the outbox, written by the core with the decision).
import { approveTransaction, getUser, isDomainError, reasonOf, rejectTransaction, type DomainError } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { sharedT, type Translate } from '../groups/family-language.js';
import { requestKeyOf } from '../shared/request-key.js';

export const decideFeature = new FlatComposer<BotContext>();

/** How a request that is no longer waiting ended, and by whom: "✅ Approved by Alice". */
function outcomeText(ctx: BotContext, t: Translate, status: string, decidedBy: number | null): string {
  const name = decidedBy === null ? '?' : getUser(ctx.app.deps, decidedBy).name;
  if (status === 'withdrawn') return t('approvals-withdrawn');
  if (status === 'rejected') return t('approvals-rejected', { name });
  if (decidedBy !== null) return t('approvals-approved', { name });
  return t('approvals-already-decided', { status });
}

/** Why a press changed nothing, as a locale key. */
function refusalKey(e: DomainError): string {
  if (e.code === 'invalid_state') return 'approvals-already-decided';
  if (e.code === 'forbidden' && e.details['reason'] === 'own_transaction') return 'approvals-own';
  if (e.code === 'insufficient_funds') return 'approvals-insufficient-funds';
  // forbidden (no approve permission) and not_found (another family's request) read the same.
  return 'approvals-not-allowed';
}

/**
 * Appends the outcome to the pressed message and drops its buttons; a failed
 * edit is not an error. In a reminder digest (one [✅ n] [❌ n] row per
 * request) only the pressed request's row goes and the outcome is numbered.
 */
async function showOutcome(ctx: BotContext, outcome: string, transactionId: number): Promise<void> {
  // The pressed message may be the group's card, in the family's language (see family-language.ts).
  const t = sharedT(ctx);
  const original = ctx.callbackQuery?.message?.text ?? '';
  const rows = ctx.callbackQuery?.message?.reply_markup?.inline_keyboard ?? [];
  const mine = (b: { callback_data?: string }) => b.callback_data?.startsWith(`appr:${transactionId}:`) === true;
  const row = rows.findIndex((r) => r.some((b) => 'callback_data' in b && mine(b)));
  const others = rows.filter((r, i) => i !== row && r.some((b) => 'callback_data' in b && b.callback_data?.startsWith('appr:')));
  if (row >= 0 && others.length > 0) {
    // Rows go as requests are decided: the number is the one on the button ("✅ 2").
    const n = /(\d+)\s*$/.exec(rows[row]?.[0]?.text ?? '')?.[1] ?? String(row + 1);
    const separator = original.includes('\n✔ ') ? '\n' : '\n\n';
    await ctx
      .editMessageText(`${original}${separator}✔ ${t('notify-digest-decided', { n, outcome })}`, { reply_markup: { inline_keyboard: rows.filter((_, i) => i !== row) } })
      .catch((err: unknown) => ctx.app.log.debug({ err }, 'approval digest not edited (probably edited already)'));
    return;
  }
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
    // The press's key: handled again after a crash, it is answered as the first time, not "already decided".
    if (approve) approveTransaction(deps, user.id, transactionId, requestKeyOf(ctx));
    else rejectTransaction(deps, user.id, transactionId, null, requestKeyOf(ctx));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const settled = reasonOf(e, 'not_pending');
    if (settled) {
      // A race: someone decided first (or the author withdrew). Every card ends with who did it.
      await ctx.answerCallbackQuery({ text: outcomeText(ctx, ctx.t, settled.status, settled.decidedBy), show_alert: true });
      await showOutcome(ctx, outcomeText(ctx, sharedT(ctx), settled.status, settled.decidedBy), transactionId);
      return;
    }
    const key = refusalKey(e);
    await ctx.answerCallbackQuery({ text: ctx.t(key, { status: 'decided' }), show_alert: true });
    // A card in an approver's private chat that its reader may no longer use (made a member or viewer, or out of
    // the family since it came) stops offering the buttons. The group's card stays: others there may decide.
    if (key === 'approvals-not-allowed' && ctx.chat?.type === 'private') await showOutcome(ctx, ctx.t('approvals-no-longer-allowed'), transactionId);
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(approve ? 'approvals-approved-short' : 'approvals-rejected-short') });
  await showOutcome(ctx, sharedT(ctx)(approve ? 'approvals-approved' : 'approvals-rejected', { name: user.name }), transactionId);
});
