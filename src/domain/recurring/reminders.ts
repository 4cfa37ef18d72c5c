// Approval reminders: a transaction that has waited longer than the family can
// be expected to notice gets one reminder. The conditional UPDATE on
// reminded_at (… WHERE reminded_at IS NULL) decides who reminds, so two
// schedulers running at once still remind once; the outbox row commits with it.
//
// The scan for candidates runs outside the write transaction, on the partial
// index transactions_unreminded_idx (only rows still waiting unreminded), so
// the job takes the write lock only when there is someone to remind, and then
// for a few conditional updates. The literals in the scan must match the
// index's WHERE for SQLite to use it (a bound parameter would not).
import { and, eq, isNull } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { connectionOf, perConnection } from '../prepared.js';

const statements = perConnection((q) => ({
  candidates: connectionOf(q).prepare<[number, number], { id: number; familyId: number }>(
    `SELECT id, family_id AS familyId FROM transactions
     WHERE status = 'pending_approval' AND reminded_at IS NULL AND created_at <= ?
     ORDER BY id LIMIT ?`,
  ),
}));

/** Marks and enqueues reminders for approvals pending longer than `olderThanMs`; returns the transaction ids reminded. */
export function remindPendingApprovals(deps: CoreDeps, input: { olderThanMs: number; now?: number; limit?: number }): number[] {
  const now = input.now ?? deps.clock();
  const cutoff = now - input.olderThanMs;
  const candidates = statements(deps.db).candidates.all(cutoff, input.limit ?? 200);
  if (candidates.length === 0) return [];
  return writeTx(deps, (tx) => {
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
