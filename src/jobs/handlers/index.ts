// Topic → handler. Every topic the core writes has exactly one handler; an
// unknown topic (written by a newer version?) fails the row visibly.
import type { OutboxMessage, OutboxTopic } from '../../domain/index.js';
import { PermanentJobError, type JobContext } from './context.js';
import { goalReached } from './goals.js';
import { backupFailed } from './backup.js';
import { approvalDecided, approvalReminder, approvalRequested, retireApproverCards } from './approvals.js';
import { approvalWithdrawn, recurringUnpaid, retireUnpaidNotices, transactionCorrected } from './core-notices.js';
import { bindingApprovalRequested, bindingConfirmed } from './binding.js';
import { transactionRecorded } from './cards.js';
import { groupSummaryDay } from './summary.js';
import { budgetThreshold, memberJoined, memberRemoved, recurringCreated, recurringStopped, transactionReversed } from './notices.js';

type Handlers = { [T in OutboxTopic]: (ctx: JobContext, payload: Extract<OutboxMessage, { topic: T }>['payload']) => Promise<void> };

export const handlers: Handlers = {
  'approval.requested': approvalRequested,
  'approval.decided': approvalDecided,
  'approval.reminder': approvalReminder,
  'approval.withdrawn': approvalWithdrawn,
  'transaction.corrected': transactionCorrected,
  'recurring.unpaid': recurringUnpaid,
  'transaction.reversed': transactionReversed,
  'member.joined': memberJoined,
  'member.removed': memberRemoved,
  'member.role_changed': (ctx, p) => retireApproverCards(ctx, p.familyId, p.userId),
  'binding.confirmed': bindingConfirmed,
  'binding.approval_requested': bindingApprovalRequested,
  'recurring.created': recurringCreated,
  'recurring.deactivated': (ctx, p) => retireUnpaidNotices(ctx, p.ruleId),
  'recurring.stopped': recurringStopped,
  'transaction.recorded': transactionRecorded,
  'budget.threshold': budgetThreshold,
  'goal.reached': goalReached,
  'group.summary_day': groupSummaryDay,
  'backup.failed': backupFailed,
};

function isTopic(topic: string): topic is OutboxTopic {
  return Object.hasOwn(handlers, topic);
}

/** Runs the handler of one outbox row. */
export async function runOutboxJob(ctx: JobContext, row: { topic: string; payload: string }): Promise<void> {
  if (!isTopic(row.topic)) throw new PermanentJobError(`No handler for outbox topic "${row.topic}"`);
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw new PermanentJobError(`Outbox payload is not JSON (topic ${row.topic})`);
  }
  if (typeof payload !== 'object' || payload === null) throw new PermanentJobError(`Outbox payload is not an object (topic ${row.topic})`);
  const handler = handlers[row.topic] as (ctx: JobContext, payload: unknown) => Promise<void>;
  await handler(ctx, payload);
}

export { PermanentJobError, type JobContext, type JobHooks, type JobOutcome } from './context.js';
