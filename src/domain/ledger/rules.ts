// Who may do what to one transaction, as pure functions of the actor's
// membership, the transaction and the time. The core functions throw the
// refusal these return, and adapters call the can* predicates to show or hide
// a button, so no rule is written twice.
import { reasoned, type DomainError } from '../errors.js';
import { can, type Role } from '../families/permissions.js';

export type TransactionActor = { userId: number; role: Role };
export type TransactionFacts = {
  kind: string;
  status: string;
  createdBy: number;
  approvedBy: number | null;
  reversalOf: number | null;
  createdAt: number;
};

/** How long a member may correct their own entry after recording it. */
export const CORRECTION_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Kinds that are income or spending; opening balances and adjustments are neither. */
export const REPORTABLE_KINDS = ['expense', 'income'] as const;
/** Kinds that only set a wallet's balance. */
export const BALANCE_KINDS = ['opening_balance', 'adjustment'] as const;

export function isBalanceEntry(kind: string): boolean {
  return (BALANCE_KINDS as readonly string[]).includes(kind);
}

const roleRefusal = (role: Role, message: string): DomainError => reasoned('forbidden', message, { type: 'role', role }, { role });

function notPending(t: TransactionFacts): DomainError {
  const message = t.status === 'withdrawn' ? 'This request was withdrawn' : `This transaction is already ${t.status.replace('_', ' ')}`;
  return reasoned('invalid_state', message, { type: 'not_pending', status: t.status, decidedBy: t.approvedBy }, { status: t.status, decidedBy: t.approvedBy });
}

/** Approve or reject: an approver, on someone else's request that still waits. */
export function decisionRefusal(actor: TransactionActor, t: TransactionFacts): DomainError | null {
  if (!can(actor.role, 'approve_transaction')) return roleRefusal(actor.role, `Your role (${actor.role}) does not allow this`);
  if (t.status !== 'pending_approval') return notPending(t);
  if (t.createdBy === actor.userId) return reasoned('forbidden', 'You cannot approve or reject your own transaction', { type: 'own_transaction' });
  return null;
}

/** Withdraw: only the author, while the request still waits. */
export function withdrawalRefusal(actor: TransactionActor, t: TransactionFacts): DomainError | null {
  if (t.createdBy !== actor.userId) return reasoned('forbidden', 'Only the person who made a request can withdraw it', { type: 'not_author' });
  if (t.status !== 'pending_approval') return notPending(t);
  return null;
}

/** Reverse: one's own executed entry (while allowed to record), or anyone's for owners and admins. */
export function reversalRefusal(actor: TransactionActor, t: TransactionFacts): DomainError | null {
  const own = t.createdBy === actor.userId && can(actor.role, 'create_transaction');
  if (!own && !can(actor.role, 'reverse_transaction')) return roleRefusal(actor.role, 'Your role does not allow reversing this transaction');
  if (t.reversalOf !== null) return reasoned('invalid_state', 'A reversal cannot itself be reversed', { type: 'is_reversal' }, { status: t.status });
  if (t.status !== 'executed') {
    const message = t.status === 'reversed' ? 'This transaction was already reversed' : `Only executed transactions can be reversed (this one is ${t.status.replace('_', ' ')})`;
    return reasoned('invalid_state', message, { type: 'not_executed', status: t.status }, { status: t.status });
  }
  return null;
}

/**
 * Correct (new amount, note, category or wallet): owners and admins any
 * executed or waiting entry; a member their own, within 48 hours of recording
 * it and only if nobody else decided it. Balance entries are not edited.
 */
export function correctionRefusal(actor: TransactionActor, t: TransactionFacts, now: number): DomainError | null {
  const own = t.createdBy === actor.userId && can(actor.role, 'create_transaction');
  const anyone = can(actor.role, 'reverse_transaction');
  if (!own && !anyone) return roleRefusal(actor.role, 'Your role does not allow correcting this transaction');
  if (t.reversalOf !== null) return reasoned('invalid_state', 'A reversal cannot be corrected', { type: 'is_reversal' }, { status: t.status });
  if (isBalanceEntry(t.kind)) return reasoned('invalid_state', 'A balance entry is corrected by a new balance adjustment', { type: 'not_correctable_kind', kind: t.kind });
  if (t.status !== 'executed' && t.status !== 'pending_approval') {
    return reasoned('invalid_state', `This transaction is ${t.status.replace('_', ' ')} and can no longer be corrected`, { type: 'not_executed', status: t.status }, { status: t.status });
  }
  // A waiting request is the author's to change (withdraw + new request); approvers decide it instead.
  if (t.status === 'pending_approval' && t.createdBy !== actor.userId) {
    return reasoned('forbidden', 'Only the person who made a request can change it while it waits; approve or reject it instead', { type: 'not_author' });
  }
  if (anyone) return null;
  if (t.approvedBy !== null && t.approvedBy !== actor.userId) {
    return reasoned('invalid_state', 'Someone else already approved this entry; ask them to change it', { type: 'decided_by_other', decidedBy: t.approvedBy });
  }
  return windowRefusal(t, now);
}

/** The refusal of a change to an entry recorded more than CORRECTION_WINDOW_MS before `now`, or null. */
export function windowRefusal(t: Pick<TransactionFacts, 'createdAt'>, now: number): DomainError | null {
  if (now - t.createdAt <= CORRECTION_WINDOW_MS) return null;
  return reasoned('invalid_state', 'This entry is older than 48 hours and can no longer be changed', { type: 'correction_window_passed', createdAt: t.createdAt, windowMs: CORRECTION_WINDOW_MS });
}

export const canApprove = (actor: TransactionActor, t: TransactionFacts): boolean => decisionRefusal(actor, t) === null;
export const canReject = canApprove;
export const canWithdraw = (actor: TransactionActor, t: TransactionFacts): boolean => withdrawalRefusal(actor, t) === null;
export const canReverse = (actor: TransactionActor, t: TransactionFacts): boolean => reversalRefusal(actor, t) === null;
export const canCorrect = (actor: TransactionActor, t: TransactionFacts, now: number): boolean => correctionRefusal(actor, t, now) === null;

/** Every action on one transaction at once, for a card's buttons. */
export function transactionActions(actor: TransactionActor, t: TransactionFacts, now: number): { approve: boolean; reject: boolean; withdraw: boolean; reverse: boolean; correct: boolean } {
  const decide = canApprove(actor, t);
  return { approve: decide, reject: decide, withdraw: canWithdraw(actor, t), reverse: canReverse(actor, t), correct: canCorrect(actor, t, now) };
}
