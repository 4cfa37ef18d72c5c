// Executed transactions are never edited or deleted: they are reversed by a
// new transaction with the opposite postings, linked both ways. A correction
// (another category or wallet) is a reversal plus a new posting, in one commit.
import { and, eq } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { can } from '../families/permissions.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { createTransactionIn, type Transaction } from './create-transaction.js';
import { loadVisible } from './decisions.js';
import { applyPostings, movementsOf } from './postings.js';
import { walletOfFamily } from '../wallets/wallets.js';

export type ReverseResult = { original: Transaction; reversal: Transaction };

function reverseIn(tx: Tx, at: number, actorId: number, transactionId: number, reason: string): ReverseResult {
  const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
  const own = t.createdBy === actorId && can(member.role, 'create_transaction');
  if (!own && !can(member.role, 'reverse_transaction')) {
    throw new DomainError('forbidden', 'Your role does not allow reversing this transaction', { role: member.role });
  }
  if (t.reversalOf !== null) throw new DomainError('invalid_state', 'A reversal cannot itself be reversed', { status: t.status });
  if (t.status !== 'executed') {
    throw new DomainError('invalid_state', t.status === 'reversed' ? 'This transaction was already reversed' : `Only executed transactions can be reversed (this one is ${t.status.replace('_', ' ')})`, {
      status: t.status,
    });
  }
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
      source: 'correction',
      createdBy: actorId,
      executedAt: at,
      reversalOf: t.id,
      reason,
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
    reversal.id,
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
  if (t.createdBy !== actorId) {
    enqueueOutbox(tx, { topic: 'transaction.reversed', payload: { transactionId: t.id, reversalId: reversal.id, familyId: t.familyId, actorId } }, at);
  }
  return { original, reversal };
}

function checkReason(reason: string | null | undefined): string {
  const r = reason?.trim() || '';
  if (!r) throw validation('reason', 'Say why this transaction is reversed');
  if (r.length > 500) throw validation('reason', 'The reason must be at most 500 characters');
  return r;
}

export function reverseTransaction(deps: CoreDeps, actorId: number, input: { transactionId: number; reason: string }): ReverseResult {
  const reason = checkReason(input.reason);
  const at = deps.clock();
  return writeTx(deps, (tx) => reverseIn(tx, at, actorId, input.transactionId, reason));
}

/**
 * Moves an executed transaction to another category and/or wallet: reverses
 * it and posts a corrected copy in the same commit (approval rules apply to
 * the copy as to any new transaction).
 */
export function correctTransaction(
  deps: CoreDeps,
  actorId: number,
  input: { transactionId: number; categoryId?: number; walletId?: number },
): ReverseResult & { corrected: Transaction } {
  if (input.categoryId === undefined && input.walletId === undefined) throw validation('category_id', 'Nothing to change');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const { t } = loadVisible(tx, actorId, input.transactionId, 'view');
    if (t.kind === 'transfer' && input.categoryId !== undefined) throw validation('category_id', 'A transfer has no category');
    if (input.walletId !== undefined) {
      const w = walletOfFamily(tx, t.familyId, input.walletId);
      const side = t.kind === 'income' ? t.toWalletId : t.fromWalletId;
      const sideCurrency = t.kind === 'income' ? (t.toCurrency ?? t.currency) : t.currency;
      if (w.id === side) throw validation('wallet_id', 'The transaction is already in this wallet');
      if (w.currency !== sideCurrency) throw validation('wallet_id', `Choose a wallet in ${sideCurrency}`);
    }
    const reason = input.walletId !== undefined ? 'wallet changed' : 'category changed';
    const reversed = reverseIn(tx, at, actorId, input.transactionId, reason);
    // The wallet that changes is the paying side (expense, transfer) or the receiving side (income).
    const from = t.kind === 'income' ? null : (input.walletId ?? t.fromWalletId);
    const to = t.kind === 'income' ? (input.walletId ?? t.toWalletId) : t.toWalletId;
    const { transaction: corrected } = createTransactionIn(tx, at, actorId, {
      familyId: t.familyId,
      fromWalletId: from,
      toWalletId: to,
      amountMinor: t.amountMinor,
      toAmountMinor: t.toAmountMinor,
      categoryId: input.categoryId ?? t.categoryId,
      description: t.description,
      source: 'correction',
    });
    return { ...reversed, corrected };
  });
}
