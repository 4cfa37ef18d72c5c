// Withdrawing a request that waits for approval: by its author, or for them
// when they leave or are removed from the family. The status change is a
// conditional UPDATE (… WHERE status = 'pending_approval'), so a withdrawal
// and an approval racing each other never both take effect. An outbox row
// lets the approvers' cards say "withdrawn" and stop offering their buttons.
import { and, eq } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import type { Transaction } from './create-transaction.js';
import { loadVisible } from './decisions.js';
import { withdrawalRefusal } from './rules.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';

export type WithdrawCause = 'author' | 'member_removed' | 'member_left' | 'corrected';

/** Marks one waiting request withdrawn, with its event and outbox row; undefined when it no longer waits. */
export function withdrawIn(tx: Tx, at: number, actorId: number, t: Transaction, cause: WithdrawCause): Transaction | undefined {
  const changed = tx
    .update(transactions)
    .set({ status: 'withdrawn', decidedAt: at, updatedAt: at })
    .where(and(eq(transactions.id, t.id), eq(transactions.status, 'pending_approval')))
    .returning()
    .get();
  if (!changed) return undefined;
  recordEvent(tx, {
    familyId: t.familyId,
    actorUserId: actorId,
    action: 'transaction.withdrawn',
    entityType: 'transaction',
    entityId: t.id,
    payload: { cause, amountMinor: t.amountMinor, currency: t.currency, requestedBy: t.createdBy },
    at,
  });
  enqueueOutbox(tx, { topic: 'approval.withdrawn', payload: { transactionId: t.id, familyId: t.familyId, actorId, cause } }, at);
  return changed;
}

/**
 * The author withdraws their own request while it still waits for approval. `requestKey`: the request that asks
 * (the bot's [Withdraw] press); handled again after a crash it finds its own withdrawal and answers it again.
 */
export function withdrawTransaction(deps: CoreDeps, actorId: number, transactionId: number, requestKey?: string): Transaction {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
    if (t.status === 'withdrawn' && madeFor(tx, 'withdrawal', requestKey) === t.id) return t;
    const refusal = withdrawalRefusal(member, t);
    if (refusal) throw refusal;
    const changed = withdrawIn(tx, at, actorId, t, 'author');
    if (!changed) throw withdrawalRefusal(member, loadVisible(tx, actorId, transactionId, 'view').t) ?? new Error('withdrawal lost a race it cannot name');
    rememberMade(tx, 'withdrawal', requestKey, t.id, at);
    return changed;
  });
}

/** Withdraws every request of a person in a family (they are leaving or being removed). Returns the ids. */
export function withdrawPendingOf(tx: Tx, at: number, actorId: number, familyId: number, userId: number, cause: WithdrawCause): number[] {
  const pending = tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.familyId, familyId), eq(transactions.createdBy, userId), eq(transactions.status, 'pending_approval')))
    .all();
  return pending.flatMap((t) => (withdrawIn(tx, at, actorId, t, cause) ? [t.id] : []));
}
