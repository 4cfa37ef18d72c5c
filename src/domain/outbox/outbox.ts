// The transactional outbox: work that must follow a change (telling approvers,
// telling the requester, confirming a binding) is written as a row in the same
// transaction as the change. The jobs dispatcher delivers it afterwards.
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { deliveries, outbox } from '../../db/schema.js';
import { markOutboxQueued, type Q } from '../deps.js';
import type { WalletFunds } from '../errors.js';
import { connectionOf, perConnection } from '../prepared.js';

export type OutboxMessage =
  | { topic: 'approval.requested'; payload: { transactionId: number; familyId: number } }
  | {
      topic: 'approval.decided';
      payload: { transactionId: number; familyId: number; decision: 'approved' | 'rejected'; deciderId: number };
    }
  | { topic: 'transaction.reversed'; payload: { transactionId: number; reversalId: number; familyId: number; actorId: number } }
  /** A waiting request was withdrawn (by its author, or as its author left or was removed): edit the approvers' cards. */
  | { topic: 'approval.withdrawn'; payload: { transactionId: number; familyId: number; actorId: number; cause: 'author' | 'member_removed' | 'member_left' | 'corrected' } }
  /**
   * An entry was corrected (reversal + corrected copy): edit the author's card.
   * `originalId` is reversed (or withdrawn when it was waiting), `correctedId` replaces it.
   */
  | { topic: 'transaction.corrected'; payload: { originalId: number; correctedId: number; reversalId: number | null; familyId: number; actorId: number; authorId: number } }
  /**
   * A recurring occurrence cannot be paid from its wallet: tell the rule's
   * creator, offering [Pay from another wallet] (payRecurringFrom) and
   * [Skip this time] (skipRecurringOccurrence) for this ruleId and date.
   */
  | {
      topic: 'recurring.unpaid';
      payload: {
        ruleId: number;
        familyId: number;
        userId: number;
        date: string;
        amountMinor: number;
        currency: string;
        description: string | null;
        categoryId: number | null;
        wallet: WalletFunds;
        alternatives: WalletFunds[];
      };
    }
  | {
      topic: 'binding.confirmed';
      /** `connected`: what is new to the account's other chats (absent in rows written before it existed: a chat). */
      payload: { chatId: number; userId: number; connected?: { kind: 'chat' } | { kind: 'email'; email: string } };
    }
  | { topic: 'binding.approval_requested'; payload: { codeId: number; userId: number } }
  | { topic: 'member.joined'; payload: { familyId: number; userId: number } }
  // An owner or admin (actorId) removed userId from the family: the removed person is told (leaving on one's own is answered in the chat).
  | { topic: 'member.removed'; payload: { familyId: number; userId: number; actorId: number } }
  // userId may no longer decide requests (an owner or admin made them a member or viewer): their request cards lose the buttons.
  | { topic: 'member.role_changed'; payload: { familyId: number; userId: number } }
  /**
   * A rule's occurrence was recorded. transactionIds: every occurrence one run of the scheduler recorded
   * for the rule (catching up after downtime), oldest first, told in one notice; transactionId is the last.
   */
  | { topic: 'recurring.created'; payload: { transactionId: number; familyId: number; ruleId: number; transactionIds?: number[] } }
  /** Someone stopped a rule (⏹ in /recurring): its unpaid notices still offering to pay or skip lose those buttons. */
  | { topic: 'recurring.deactivated'; payload: { ruleId: number; familyId: number } }
  /**
   * The scheduler stopped a rule whose occurrence can never be recorded (date: the one
   * it could not record): its creator and the managers are told why. cause:
   * wallet_archived, category_archived, creator (left the family or may no longer record entries), other.
   */
  | { topic: 'recurring.stopped'; payload: { ruleId: number; familyId: number; date: string; cause: RecurringStopCause } }
  // An entry made through the API: its author gets the entry's card in their private chats (the bot's entries get it as the reply).
  | { topic: 'transaction.recorded'; payload: { transactionId: number; familyId: number } }
  | { topic: 'approval.reminder'; payload: { transactionId: number; familyId: number } }
  // spenderId: who recorded the expense that crossed the level, transactionId: that expense (each absent in rows
  // written before it was added). The job weighs the alert again before sending it (budgetAlertStands).
  | { topic: 'budget.threshold'; payload: { budgetId: number; familyId: number; percent: number; period: string; spenderId?: number | null; transactionId?: number } }
  | { topic: 'goal.reached'; payload: { goalId: number; familyId: number } }
  /** The family's midnight passed: its group's pinned summary names yesterday (queueSummaryDays). */
  | { topic: 'group.summary_day'; payload: { familyId: number; chatId: number; day: string } }
  // reason: a stable cause the owner's notice words; folder: the backup folder. The raw error stays in the log
  // (rows written before: { error, path, at }, read as reason 'other' in the folder of path).
  | { topic: 'backup.failed'; payload: { reason: BackupFailureReason; folder: string; at: number } };

/** Why the scheduler stopped a recurring rule, as its creator and the managers are told. */
export type RecurringStopCause = 'wallet_archived' | 'category_archived' | 'creator' | 'other';

/** Why a scheduled backup failed, as the owner is told: the disk is full, the folder cannot be written, the database was busy, something else. */
export type BackupFailureReason = 'disk_full' | 'folder_not_writable' | 'database_busy' | 'other';
export const BACKUP_FAILURE_REASONS: readonly BackupFailureReason[] = ['disk_full', 'folder_not_writable', 'database_busy', 'other'];

export type OutboxTopic = OutboxMessage['topic'];

// Prepared once per connection: every entry made through the API writes one (its card), approval requests another.
// No RETURNING: the new id is the connection's last rowid (id is the rowid). SQLite runs RETURNING
// through a trigger of its own, which cost ~3 µs per row here (~40 % of the insert).
const statements = perConnection((q) => ({
  insert: connectionOf(q).prepare<[string, string, number, number]>(
    "INSERT INTO outbox (topic, payload, status, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)",
  ),
}));

export function enqueueOutbox(q: Q, message: OutboxMessage, at: number): number {
  const id = Number(statements(q).insert.run(message.topic, JSON.stringify(message.payload), at, at).lastInsertRowid);
  // writeTx wakes the dispatcher after this transaction commits.
  markOutboxQueued();
  return id;
}

/**
 * Whether the jobs sent this message to this chat: a notification (an approval request or reminder, a decision, a
 * budget alert, a recurring notice, an entry's card…), as its delivery record says for as long as it is kept
 * (DONE_OUTBOX_RETENTION_MS). The bot's own answers in the chat (questions, hints) are not in it.
 */
export function isDeliveredNotice(q: Q, chatId: number, messageId: number): boolean {
  const row = q
    .select({ r: deliveries.recipient })
    .from(deliveries)
    .where(and(inArray(deliveries.recipient, [`chat:${chatId}`, `card:${chatId}`]), eq(deliveries.result, `message:${messageId}`)))
    .limit(1)
    .get();
  return row !== undefined;
}

/**
 * The messages the notices of one rule were delivered as (`topic` rows whose payload's ruleId is
 * `ruleId`): chat, message id and the row's payload, oldest first. For retiring their buttons when the
 * rule stops; rows pruned by retention are gone with their notices' buttons long answered.
 */
export function deliveredNoticesOfRule(q: Q, topic: OutboxTopic, ruleId: number): Array<{ chatId: number; messageId: number; payload: string }> {
  return q
    .select({ payload: outbox.payload, recipient: deliveries.recipient, result: deliveries.result })
    .from(outbox)
    .innerJoin(deliveries, eq(deliveries.outboxId, outbox.id))
    .where(and(eq(outbox.topic, topic), sql`json_extract(${outbox.payload}, '$.ruleId') = ${ruleId}`, like(deliveries.recipient, 'chat:%'), like(deliveries.result, 'message:%')))
    .orderBy(outbox.id)
    .all()
    .map((r) => ({ chatId: Number(r.recipient.slice('chat:'.length)), messageId: Number((r.result ?? '').slice('message:'.length)), payload: r.payload }))
    .filter((r) => Number.isSafeInteger(r.chatId) && Number.isSafeInteger(r.messageId));
}
