// The transactional outbox: work that must follow a change (telling approvers,
// telling the requester, confirming a binding) is written as a row in the same
// transaction as the change. The jobs dispatcher delivers it afterwards.
import { outbox } from '../../db/schema.js';
import type { Q } from '../deps.js';

export type OutboxMessage =
  | { topic: 'approval.requested'; payload: { transactionId: number; familyId: number } }
  | {
      topic: 'approval.decided';
      payload: { transactionId: number; familyId: number; decision: 'approved' | 'rejected'; deciderId: number };
    }
  | { topic: 'transaction.reversed'; payload: { transactionId: number; reversalId: number; familyId: number; actorId: number } }
  | { topic: 'binding.confirmed'; payload: { chatId: number; userId: number } }
  | { topic: 'member.joined'; payload: { familyId: number; userId: number } }
  | { topic: 'recurring.created'; payload: { transactionId: number; familyId: number; ruleId: number } }
  | { topic: 'approval.reminder'; payload: { transactionId: number; familyId: number } }
  | { topic: 'budget.threshold'; payload: { budgetId: number; familyId: number; percent: number; period: string } };

export type OutboxTopic = OutboxMessage['topic'];

export function enqueueOutbox(q: Q, message: OutboxMessage, at: number): number {
  const row = q
    .insert(outbox)
    .values({ topic: message.topic, payload: JSON.stringify(message.payload), status: 'pending', nextAttemptAt: at, createdAt: at })
    .returning({ id: outbox.id })
    .get();
  return row.id;
}
