// Approval reminders: a transaction that has waited longer than the family can
// be expected to notice gets one reminder. The conditional UPDATE on
// reminded_at (… WHERE reminded_at IS NULL) decides who reminds, so two
// schedulers running at once still remind once; the outbox row commits with it.
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { enqueueOutbox } from '../outbox/outbox.js';

/** Marks and enqueues reminders for approvals pending longer than `olderThanMs`; returns the transaction ids reminded. */
export function remindPendingApprovals(deps: CoreDeps, input: { olderThanMs: number; now?: number; limit?: number }): number[] {
  const now = input.now ?? deps.clock();
  const cutoff = now - input.olderThanMs;
  return writeTx(deps, (tx) => {
    const candidates = tx
      .select({ id: transactions.id, familyId: transactions.familyId })
      .from(transactions)
      .where(and(eq(transactions.status, 'pending_approval'), isNull(transactions.remindedAt), lte(transactions.createdAt, cutoff)))
      .orderBy(asc(transactions.id))
      .limit(input.limit ?? 200)
      .all();
    const reminded: number[] = [];
    for (const c of candidates) {
      const changed = tx
        .update(transactions)
        .set({ remindedAt: now })
        .where(and(eq(transactions.id, c.id), eq(transactions.status, 'pending_approval'), isNull(transactions.remindedAt)))
        .returning({ id: transactions.id })
        .get();
      if (!changed) continue;
      enqueueOutbox(tx, { topic: 'approval.reminder', payload: { transactionId: c.id, familyId: c.familyId } }, now);
      reminded.push(c.id);
    }
    return reminded;
  });
}
