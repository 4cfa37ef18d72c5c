// A recurring entry that its wallet cannot pay. The scheduler keeps retrying
// the date (money may arrive), and tells the rule's creator once per date
// (recurring.unpaid) with the wallets that could pay. The creator answers with
// one of two calls, both idempotent (a second press, or a press after the
// scheduler paid it meanwhile, reports what already happened):
// payRecurringFrom posts that occurrence from another wallet, and
// skipRecurringOccurrence moves the rule past it. A keyed press (requestKey:
// the same press handled again after a crash) finds its own decision and is
// answered "paid"/"skipped" again, not "already".
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { recurringRules, transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, missingReference, reasoned, type WalletFunds } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { findMembership, requireMember, requirePermission } from '../families/access.js';
import { createTransactionIn, type CreateTransactionInput, type Transaction } from '../ledger/create-transaction.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { walletOfFamilyIn } from '../wallets/wallets.js';
import { checkCalendarDate, nextOccurrence, occurrenceMoment } from './dates.js';
import { familyTimezone } from './rules.js';
import { canDecideRule, type RecurringRule } from './rules.js';

export function idempotencyKeyFor(ruleId: number, date: string): string {
  return `recurring:${ruleId}:${date}`;
}

/** The entry of a rule's occurrence on `date`, paid from (or into) `walletId`: the rule's own, or the one its creator picked. */
export function occurrenceEntry(rule: RecurringRule, walletId: number, date: string): CreateTransactionInput {
  return {
    familyId: rule.familyId,
    kind: rule.kind,
    fromWalletId: rule.kind === 'expense' ? walletId : null,
    toWalletId: rule.kind === 'income' ? walletId : null,
    amountMinor: rule.amountMinor,
    categoryId: rule.categoryId,
    description: rule.description,
    idempotencyKey: idempotencyKeyFor(rule.id, date),
    source: 'recurring',
  };
}

/** Queues the "cannot be paid" notice for a rule's date, once per date. True when queued now. */
export function noticeUnpaid(tx: Tx, at: number, ruleId: number, date: string, funds: { wallet: WalletFunds; alternatives: WalletFunds[] }): boolean {
  const rule = tx
    .update(recurringRules)
    .set({ unpaidNoticeDate: date })
    .where(
      and(
        eq(recurringRules.id, ruleId),
        eq(recurringRules.active, true),
        eq(recurringRules.nextDate, date),
        or(isNull(recurringRules.unpaidNoticeDate), ne(recurringRules.unpaidNoticeDate, date)),
      ),
    )
    .returning()
    .get();
  if (!rule) return false;
  recordEvent(tx, {
    familyId: rule.familyId,
    actorUserId: null,
    action: 'recurring.unpaid',
    entityType: 'recurring_rule',
    entityId: rule.id,
    payload: { date, walletId: funds.wallet.walletId, balanceMinor: funds.wallet.balanceMinor, amountMinor: rule.amountMinor },
    at,
  });
  enqueueOutbox(
    tx,
    {
      topic: 'recurring.unpaid',
      payload: {
        ruleId: rule.id,
        familyId: rule.familyId,
        userId: rule.createdBy,
        date,
        amountMinor: rule.amountMinor,
        currency: rule.currency,
        description: rule.description,
        categoryId: rule.categoryId,
        wallet: funds.wallet,
        alternatives: funds.alternatives,
      },
    },
    at,
  );
  return true;
}

export type UnpaidOutcome = {
  /** paid/skipped: this call did it; already_paid/already_skipped: it had happened before (a second press, or the scheduler). */
  outcome: 'paid' | 'skipped' | 'already_paid' | 'already_skipped';
  transaction: Transaction | null;
  rule: RecurringRule;
};

/**
 * familyId, when given, must be the rule's family; without it (the notice's buttons, which may be pressed
 * after the person switched their active family) the rule's own family is used. Either way the actor
 * must be a member there.
 */
type OccurrenceInput = { familyId?: number; ruleId: number; date: string; requestKey?: string };

/** The rule, checked for the actor in the rule's family: its creator, or someone who manages budgets (the same rule as stopping it). */
function loadRule(tx: Tx, actorId: number, input: OccurrenceInput): RecurringRule {
  if (input.familyId !== undefined) requireMember(tx, input.familyId, actorId, 'view');
  const found = tx.select().from(recurringRules).where(eq(recurringRules.id, input.ruleId)).get();
  const rule = found && (input.familyId === undefined || found.familyId === input.familyId) ? found : undefined;
  // A rule of a family the actor is not in is not theirs to see: the same answer as no rule at all.
  const membership = rule && findMembership(tx, rule.familyId, actorId);
  if (!rule || !membership) throw missingReference('recurring_rule', input.ruleId, { ruleId: input.ruleId });
  const member = requirePermission(membership, 'view');
  if (!canDecideRule(member.role, actorId, rule)) {
    throw reasoned('forbidden', 'Only the person who set up this recurring entry can decide about it', { type: 'role', role: member.role }, { role: member.role });
  }
  return rule;
}

/**
 * What became of a date the rule has already moved past (or undefined while it is still the next date);
 * done by this same request (its key), it is what this request did: paid or skipped, not "already".
 */
function handled(tx: Tx, rule: RecurringRule, date: string, requestKey: string | undefined): UnpaidOutcome | undefined {
  if (rule.nextDate === date && rule.active) return undefined;
  const done = pastOutcome(tx, rule, date);
  if (madeFor(tx, 'unpaid_decision', requestKey) !== rule.id) return done;
  return { ...done, outcome: done.outcome === 'already_paid' ? 'paid' : 'skipped' };
}

function pastOutcome(tx: Tx, rule: RecurringRule, date: string): UnpaidOutcome {
  const t = tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.familyId, rule.familyId), eq(transactions.idempotencyKey, idempotencyKeyFor(rule.id, date))))
    .get();
  if (t) return { outcome: 'already_paid', transaction: t, rule };
  if (rule.nextDate > date) return { outcome: 'already_skipped', transaction: null, rule };
  // Stopped before reaching this date, or a date the rule never had.
  if (!rule.active) throw reasoned('invalid_state', 'This recurring rule is stopped', { type: 'rule_stopped', ruleId: rule.id });
  throw new DomainError('invalid_state', 'This date is not due yet', { reason: 'not_due' });
}

function moveOn(tx: Tx, rule: RecurringRule, date: string): RecurringRule {
  const nextDate = nextOccurrence(date, rule.frequency, rule.startDate);
  const moved = tx
    .update(recurringRules)
    .set({ nextDate })
    .where(and(eq(recurringRules.id, rule.id), eq(recurringRules.nextDate, date)))
    .returning()
    .get();
  if (!moved) throw new DomainError('invalid_state', 'This occurrence changed a moment ago; look again', { reason: 'changed' });
  return moved;
}

/** [Pay from another wallet]: posts the due occurrence from `walletId` (same currency) and moves the rule on. */
export function payRecurringFrom(deps: CoreDeps, actorId: number, input: OccurrenceInput & { walletId: number }): UnpaidOutcome {
  return decide(deps, actorId, input, (tx, rule, date, at) => {
    const wallet = walletOfFamilyIn(tx, rule.familyId, input.walletId, rule.currency);
    // Posted as the rule's creator, like every occurrence, so approval rules apply as usual.
    const { transaction } = createTransactionIn(tx, at, rule.createdBy, occurrenceEntry(rule, wallet.id, date), { executedAt: occurrenceMoment(date, at, familyTimezone(tx, rule.familyId)) });
    enqueueOutbox(tx, { topic: 'recurring.created', payload: { transactionId: transaction.id, familyId: rule.familyId, ruleId: rule.id } }, at);
    const moved = moveOn(tx, rule, date);
    recordEvent(tx, { familyId: rule.familyId, actorUserId: actorId, action: 'recurring.paid_from', entityType: 'recurring_rule', entityId: rule.id, payload: { date, walletId: wallet.id, transactionId: transaction.id }, at });
    return { outcome: 'paid', transaction, rule: moved };
  });
}

/** [Skip this time]: moves the rule past the due date without an entry. */
export function skipRecurringOccurrence(deps: CoreDeps, actorId: number, input: OccurrenceInput): UnpaidOutcome {
  return decide(deps, actorId, input, (tx, rule, date, at) => {
    const moved = moveOn(tx, rule, date);
    recordEvent(tx, { familyId: rule.familyId, actorUserId: actorId, action: 'recurring.skipped', entityType: 'recurring_rule', entityId: rule.id, payload: { date }, at });
    return { outcome: 'skipped', transaction: null, rule: moved };
  });
}

/**
 * One decision about a due date, in one transaction: the rule checked for the actor, a date already decided
 * (or this same request again) answered with what became of it, else `act`, remembered under the request's key.
 */
function decide(deps: CoreDeps, actorId: number, input: OccurrenceInput, act: (tx: Tx, rule: RecurringRule, date: string, at: number) => UnpaidOutcome): UnpaidOutcome {
  const date = checkCalendarDate(input.date, 'date');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const rule = loadRule(tx, actorId, input);
    const done = handled(tx, rule, date, input.requestKey);
    if (done) return done;
    const outcome = act(tx, rule, date, at);
    rememberMade(tx, 'unpaid_decision', input.requestKey, rule.id, at);
    return outcome;
  });
}
