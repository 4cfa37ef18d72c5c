// Which messages are cards of an entry that waits for approval, per chat, so
// that the decision (made by someone else, in another chat or over the API)
// can edit each of them in place (src/jobs/handlers/approvals.ts). Kept in
// bot_sessions under `cardof:<transaction>:<chat>:<message>`; read as a range
// of the primary key (a LIKE would not use it). Only waiting entries are
// remembered: nothing else is decided outside the card's own chat.
import { and, gte, lt } from 'drizzle-orm';
import { botSessions } from '../db/schema.js';
import { writeStatement, type CoreDeps } from '../domain/index.js';

export type CardMessage = { chatId: number; messageId: number };

/** The row that remembers one card (for a delivery's own transaction, or through rememberCard). */
export function cardRow(transactionId: number, card: CardMessage, at: number) {
  return { key: `cardof:${transactionId}:${card.chatId}:${card.messageId}`, value: JSON.stringify(card), updatedAt: at };
}

/** Remembers a card of a waiting entry; a second call for the same message changes nothing. */
export function rememberCard(deps: CoreDeps, tx: { id: number; status: string }, card: CardMessage): void {
  if (tx.status !== 'pending_approval') return;
  writeStatement(deps, () => deps.db.insert(botSessions).values(cardRow(tx.id, card, deps.clock())).onConflictDoNothing().run());
}

/** Every remembered card of an entry. */
export function cardsOf(deps: CoreDeps, transactionId: number): CardMessage[] {
  // ';' follows ':' in the key's ordering: the range is exactly this entry's keys.
  return deps.db
    .select({ value: botSessions.value })
    .from(botSessions)
    .where(and(gte(botSessions.key, `cardof:${transactionId}:`), lt(botSessions.key, `cardof:${transactionId};`)))
    .all()
    .map((r) => JSON.parse(r.value) as CardMessage);
}
