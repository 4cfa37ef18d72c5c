// Correcting an entry: a new amount, note, category or wallet. An executed
// entry is reversed and a corrected copy posted in the same commit; a request
// still waiting is withdrawn and asked again. The copy keeps the original
// author (the audit event names who corrected it) and links back to the
// original through correction_of. Who may correct what is rules.ts's
// correctionRefusal (a member: own entries, within 48 h, not approved by
// someone else). A transfer's category is a label and is corrected like any
// other entry's.
import { and, eq } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import type { Membership } from '../families/access.js';
import { validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { walletOfFamily } from '../wallets/wallets.js';
import { createTransactionIn, needsApproval, type EntryKind, type Transaction } from './create-transaction.js';
import { loadVisible } from './decisions.js';
import { reverseIn } from './reversal.js';
import { correctionRefusal } from './rules.js';
import { withdrawIn } from './withdraw.js';

export type CorrectTransactionInput = {
  transactionId: number;
  amountMinor?: number;
  /** null clears the note. */
  description?: string | null;
  /** null clears the category. */
  categoryId?: number | null;
  /** The paying wallet of an expense or transfer, the receiving wallet of an income. */
  walletId?: number;
  /**
   * The request that asks (the bot's card button press), kept as the corrected copy's idempotency key: the same
   * request handled again after a crash finds its own correction and answers it, not "already changed".
   */
  requestKey?: string;
};

export type CorrectResult = {
  /** The entry as it is now: reversed (was executed) or withdrawn (was waiting). */
  original: Transaction;
  /** The reversal of an executed original; null when the original was still waiting. */
  reversal: Transaction | null;
  corrected: Transaction;
};

function describeChange(input: CorrectTransactionInput): string {
  const parts: string[] = [];
  if (input.amountMinor !== undefined) parts.push('amount');
  if (input.description !== undefined) parts.push('note');
  if (input.categoryId !== undefined) parts.push('category');
  if (input.walletId !== undefined) parts.push('wallet');
  return `${parts.join(', ')} changed`;
}

function requireChange(input: CorrectTransactionInput): void {
  if (input.amountMinor === undefined && input.description === undefined && input.categoryId === undefined && input.walletId === undefined) {
    throw validation('category_id', 'Nothing to change');
  }
}

export function correctTransaction(deps: CoreDeps, actorId: number, input: CorrectTransactionInput): CorrectResult {
  requireChange(input);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const visible = loadVisible(tx, actorId, input.transactionId, 'view');
    const made = input.requestKey
      ? tx.select().from(transactions).where(and(eq(transactions.familyId, visible.t.familyId), eq(transactions.idempotencyKey, input.requestKey))).get()
      : undefined;
    if (made && made.correctionOf === visible.t.id) {
      const reversal = visible.t.reversedBy === null ? null : (tx.select().from(transactions).where(eq(transactions.id, visible.t.reversedBy)).get() ?? null);
      return { original: visible.t, reversal, corrected: made };
    }
    return correctTransactionIn(tx, at, actorId, input, visible);
  });
}

/** The body of correctTransaction, for a use case that reads the entry first in the same transaction (quick entry's edit). */
export function correctTransactionIn(tx: Tx, at: number, actorId: number, input: CorrectTransactionInput, visible: { t: Transaction; member: Membership }): CorrectResult {
  requireChange(input);
  const { t, member } = visible;
  if (t.id !== input.transactionId) throw new Error('correctTransactionIn: the entry read is not the one to correct');
  const refusal = correctionRefusal(member, t, at);
  if (refusal) throw refusal;
  const kind = t.kind as EntryKind;
  // A category (set, changed or cleared) is checked by createTransactionIn as at creation:
  // of this family, not archived, of the entry's kind; a transfer takes either kind as a label.
  if (input.amountMinor !== undefined && t.toCurrency !== null) {
    throw validation('amount', 'This transfer crosses currencies: reverse it and record it again with both amounts');
  }
  if (input.walletId !== undefined) {
    const w = walletOfFamily(tx, t.familyId, input.walletId);
    const side = kind === 'income' ? t.toWalletId : t.fromWalletId;
    const sideCurrency = kind === 'income' ? (t.toCurrency ?? t.currency) : t.currency;
    if (w.id === side) throw validation('wallet_id', 'The transaction is already in this wallet');
    if (w.currency !== sideCurrency) throw validation('wallet_id', `Choose a wallet in ${sideCurrency}`);
    if (kind === 'transfer' && w.id === t.toWalletId) throw validation('wallet_id', 'A transfer needs two different wallets');
  }
  const amount = input.amountMinor ?? t.amountMinor;
  const reason = describeChange(input);
  const wasWaiting = t.status === 'pending_approval';
  let reversal: Transaction | null = null;
  let original: Transaction;
  if (wasWaiting) {
    const withdrawn = withdrawIn(tx, at, actorId, t, 'corrected');
    if (!withdrawn) throw correctionRefusal(member, loadVisible(tx, actorId, t.id, 'view').t, at) ?? validation('transaction_id', 'This request changed meanwhile');
    original = withdrawn;
  } else {
    const r = reverseIn(tx, at, actorId, t.id, reason, { notify: false });
    original = r.original;
    reversal = r.reversal;
  }
  // The wallet that changes is the paying side (expense, transfer) or the receiving side (income).
  const from = kind === 'income' ? null : (input.walletId ?? t.fromWalletId);
  const to = kind === 'income' ? (input.walletId ?? t.toWalletId) : t.toWalletId;
  // Approval: a waiting request waits again. An executed entry stays executed
  // unless the change asks for more money or another wallet and the actor
  // (the author themself: anyone else correcting is an approver, whose
  // correction is their decision) would have to wait for such an entry.
  const grows = amount > t.amountMinor || input.walletId !== undefined;
  const wait = wasWaiting || (grows && needsApproval(tx, t.familyId, member.role, kind, t.currency, amount));
  const { transaction: corrected } = createTransactionIn(
    tx,
    at,
    actorId,
    {
      familyId: t.familyId,
      fromWalletId: from,
      toWalletId: to,
      amountMinor: amount,
      toAmountMinor: t.toCurrency !== null ? t.toAmountMinor : null,
      categoryId: input.categoryId !== undefined ? input.categoryId : t.categoryId,
      description: input.description !== undefined ? input.description : t.description,
      source: 'correction',
      idempotencyKey: input.requestKey ?? null,
    },
    {
      authorId: t.createdBy,
      correctionOf: t.id,
      approval: wait ? 'wait' : 'execute',
      // An executed entry's copy counts on the original's date (its month in reports and budgets).
      ...(reversal ? { replaces: t, ...(t.executedAt !== null ? { executedAt: t.executedAt } : {}) } : {}),
    },
  );
  recordEvent(tx, {
    familyId: t.familyId,
    actorUserId: actorId,
    action: 'transaction.corrected',
    entityType: 'transaction',
    entityId: t.id,
    payload: {
      correctedId: corrected.id,
      reversalId: reversal?.id ?? null,
      authorId: t.createdBy,
      change: reason,
      from: { amountMinor: t.amountMinor, categoryId: t.categoryId, description: t.description, fromWalletId: t.fromWalletId, toWalletId: t.toWalletId },
      to: { amountMinor: corrected.amountMinor, categoryId: corrected.categoryId, description: corrected.description, fromWalletId: corrected.fromWalletId, toWalletId: corrected.toWalletId },
    },
    at,
  });
  enqueueOutbox(
    tx,
    { topic: 'transaction.corrected', payload: { originalId: t.id, correctedId: corrected.id, reversalId: reversal?.id ?? null, familyId: t.familyId, actorId, authorId: t.createdBy } },
    at,
  );
  return { original, reversal, corrected };
}
