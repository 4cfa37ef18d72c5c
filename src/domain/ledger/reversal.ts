// Executed transactions are never edited or deleted: they are reversed by a
// new transaction with the opposite postings, linked both ways. A correction
// (correct.ts) is a reversal plus a corrected copy, in one commit.
import { and, eq } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import type { Transaction } from './create-transaction.js';
import { loadVisible } from './decisions.js';
import { applyPostings, movementsOf } from './postings.js';
import { reversalRefusal } from './rules.js';
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';

export type ReverseResult = { original: Transaction; reversal: Transaction };

/**
 * Reverses inside the caller's transaction; `notify: false` when the caller
 * sends its own notice (a correction). An import replaying a reversal from its
 * file gives the row's key, so the same file imported again finds it.
 */
export function reverseIn(
  tx: Tx,
  at: number,
  actorId: number,
  transactionId: number,
  reason: string,
  opts: { notify?: boolean; idempotencyKey?: string; source?: 'correction' | 'import' } = {},
): ReverseResult {
  const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
  const refusal = reversalRefusal(member, t);
  if (refusal) throw refusal;
  const reversal = tx
    .insert(transactions)
    .values({
      familyId: t.familyId,
      kind: t.kind,
      fromWalletId: t.fromWalletId,
      toWalletId: t.toWalletId,
      amountMinor: t.amountMinor,
      currency: t.currency,
      toAmountMinor: t.toAmountMinor,
      toCurrency: t.toCurrency,
      categoryId: t.categoryId,
      description: t.description,
      status: 'executed',
      source: opts.source ?? 'correction',
      createdBy: actorId,
      executedAt: at,
      reversalOf: t.id,
      reason,
      idempotencyKey: opts.idempotencyKey ?? null,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  const original = tx
    .update(transactions)
    .set({ status: 'reversed', reversedBy: reversal.id, reason, updatedAt: at })
    .where(and(eq(transactions.id, t.id), eq(transactions.status, 'executed')))
    .returning()
    .get();
  if (!original) throw new DomainError('invalid_state', 'This transaction was already reversed', { status: 'reversed' });
  applyPostings(
    tx,
    movementsOf(t).map((m) => ({ walletId: m.walletId, amountMinor: -m.amountMinor })),
    at,
  );
  recordEvent(tx, {
    familyId: t.familyId,
    actorUserId: actorId,
    action: 'transaction.reversed',
    entityType: 'transaction',
    entityId: t.id,
    payload: { reversalId: reversal.id, reason, amountMinor: t.amountMinor, currency: t.currency },
    at,
  });
  if (t.createdBy !== actorId && opts.notify !== false) {
    enqueueOutbox(tx, { topic: 'transaction.reversed', payload: { transactionId: t.id, reversalId: reversal.id, familyId: t.familyId, actorId } }, at);
  }
  return { original, reversal };
}

function checkReason(reason: string | null | undefined): string {
  const r = cleanOptionalText(reason, TEXT_RULES.reason);
  if (!r) throw validation('reason', 'Say why this transaction is reversed');
  return r;
}

/**
 * `requestKey`: the request that asks (the bot's [Undo] press), written as the reversal's idempotency key; the
 * same request handled again (after a crash) finds its own reversal and answers it again, not "already reversed".
 */
export function reverseTransaction(deps: CoreDeps, actorId: number, input: { transactionId: number; reason: string; requestKey?: string }): ReverseResult {
  const reason = checkReason(input.reason);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    if (input.requestKey) {
      const { t } = loadVisible(tx, actorId, input.transactionId, 'view');
      const reversal = tx.select().from(transactions).where(and(eq(transactions.familyId, t.familyId), eq(transactions.idempotencyKey, input.requestKey))).get();
      if (reversal && reversal.reversalOf === t.id) return { original: t, reversal };
    }
    return reverseIn(tx, at, actorId, input.transactionId, reason, input.requestKey ? { idempotencyKey: input.requestKey } : {});
  });
}
