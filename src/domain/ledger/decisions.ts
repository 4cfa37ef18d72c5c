// Approving and rejecting a transaction that waits. The status change is a
// conditional UPDATE (… WHERE status = 'pending_approval'), so of two
// concurrent decisions exactly one takes effect; the other sees invalid_state.
// The same request (`requestKey`: the bot's press handled again after a crash
// between the decision's commit and the update's own) finds the decision it
// made and gets it back, answered as the first time; a new press, another
// person or the other decision is refused with who decided (the API's retries
// are its Idempotency-Key's business).
import { and, eq } from 'drizzle-orm';
import { familyMembers, transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, notFound } from '../errors.js';
import { decisionRefusal } from './rules.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import type { Transaction } from './create-transaction.js';
import { applyPostings, movementsOf } from './postings.js';
import { checkBudgetAlerts } from '../budgets/alerts.js';
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';
import { occurrenceDateOf, occurrenceMoment } from '../recurring/dates.js';
import { familyTimezone } from '../recurring/rules.js';

/** Loads a transaction the actor can see; another family's id is simply not found. */
export function loadVisible(tx: Tx, actorId: number, transactionId: number, permission: Parameters<typeof requireMember>[3]) {
  // One query, scoped to the actor's families: a missing id and another family's id take the same
  // path and get the same answer ("Transaction not found"), so neither the body nor the time tells them apart.
  const row = tx
    .select({ t: transactions })
    .from(transactions)
    .innerJoin(familyMembers, and(eq(familyMembers.familyId, transactions.familyId), eq(familyMembers.userId, actorId)))
    .where(eq(transactions.id, transactionId))
    .get();
  if (!row) throw notFound('Transaction', { transactionId });
  const t = row.t;
  const member = requireMember(tx, t.familyId, actorId, permission);
  return { t, member };
}

function decide(
  deps: CoreDeps,
  actorId: number,
  transactionId: number,
  decision: 'approved' | 'rejected',
  reason: string | null,
  requestKey: string | undefined,
): Transaction {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const { t, member } = loadVisible(tx, actorId, transactionId, 'approve_transaction');
    if (t.status !== 'pending_approval' && t.approvedBy === actorId && madeFor(tx, 'decision', requestKey) === t.id) return t;
    const refusal = decisionRefusal(member, t);
    if (refusal) throw refusal;
    const executed = decision === 'approved';
    // A recurring occurrence approved after its day counts on that day, as one caught up late does:
    // January's rent asked on the 31st and approved on 1 February stays in January's budgets and report.
    const due = executed && t.source === 'recurring' ? occurrenceDateOf(t.idempotencyKey) : undefined;
    const executedAt = !executed ? null : due !== undefined ? occurrenceMoment(due, at, familyTimezone(tx, t.familyId)) : at;
    const changed = tx
      .update(transactions)
      .set({
        status: executed ? 'executed' : 'rejected',
        approvedBy: actorId,
        decidedAt: at,
        executedAt,
        reason,
        updatedAt: at,
      })
      .where(and(eq(transactions.id, t.id), eq(transactions.status, 'pending_approval')))
      .returning()
      .get();
    // Another process decided it between our read and this write (the IMMEDIATE lock makes this rare): say who.
    if (!changed) throw decisionRefusal(member, loadVisible(tx, actorId, transactionId, 'approve_transaction').t) ?? new DomainError('invalid_state', 'This transaction was decided a moment ago', { status: 'decided' });
    // Funds are checked again at execution: the balance may have moved since the request.
    if (executed) {
      applyPostings(tx, movementsOf(t), at);
      checkBudgetAlerts(tx, changed, at);
    }
    recordEvent(tx, {
      familyId: t.familyId,
      actorUserId: actorId,
      action: executed ? 'transaction.approved' : 'transaction.rejected',
      entityType: 'transaction',
      entityId: t.id,
      payload: { amountMinor: t.amountMinor, currency: t.currency, requestedBy: t.createdBy, ...(reason ? { reason } : {}) },
      at,
    });
    enqueueOutbox(tx, { topic: 'approval.decided', payload: { transactionId: t.id, familyId: t.familyId, decision, deciderId: actorId } }, at);
    rememberMade(tx, 'decision', requestKey, t.id, at);
    return changed;
  });
}

export function approveTransaction(deps: CoreDeps, actorId: number, transactionId: number, requestKey?: string): Transaction {
  return decide(deps, actorId, transactionId, 'approved', null, requestKey);
}

export function rejectTransaction(deps: CoreDeps, actorId: number, transactionId: number, reason?: string | null, requestKey?: string): Transaction {
  const r = cleanOptionalText(reason, TEXT_RULES.reason);
  return decide(deps, actorId, transactionId, 'rejected', r, requestKey);
}
