// Which messages are cards of an entry that waits for approval, per chat, so
// that the decision (made by someone else, in another chat or over the API)
// can edit each of them in place (src/jobs/handlers/approvals.ts). Kept in
// bot_sessions under `cardof:<transaction>:<chat>:<message>`; read as a range
// of the primary key (a LIKE would not use it). Only waiting entries are
// remembered: nothing else is decided outside the card's own chat.
// Reminder digests (several requests, a [✅ n] [❌ n] row each) are remembered
// the same way, under `digestof:<transaction>:<chat>:<message>` for each
// request they list, with the text they were sent with and their list.
import { and, gte, lt } from 'drizzle-orm';
import { botSessions } from '../db/schema.js';
import { writeStatement, type CoreDeps, type Q } from '../domain/index.js';

export type CardMessage = { chatId: number; messageId: number };

/** Remembers a card of a waiting entry through `q` (a delivery records it in its own transaction); a second call for the same message changes nothing. */
export function rememberCardIn(q: Q, tx: { id: number; status: string }, card: CardMessage, at: number): void {
  if (tx.status !== 'pending_approval') return;
  const row = { key: `cardof:${tx.id}:${card.chatId}:${card.messageId}`, value: JSON.stringify(card), updatedAt: at };
  q.insert(botSessions).values(row).onConflictDoNothing().run();
}

/** Remembers a card of a waiting entry, in a write of its own. */
export function rememberCard(deps: CoreDeps, tx: { id: number; status: string }, card: CardMessage): void {
  // Most entries execute at once: they do not join a write at all (every quick entry calls this).
  if (tx.status !== 'pending_approval') return;
  writeStatement(deps, () => rememberCardIn(deps.db, tx, card, deps.clock()));
}

/** The values remembered under `<kind>:<transactionId>:…`. */
function rememberedFor<T>(deps: CoreDeps, kind: 'cardof' | 'digestof', transactionId: number): T[] {
  // ';' follows ':' in the key's ordering: the range is exactly this entry's keys.
  return deps.db
    .select({ value: botSessions.value })
    .from(botSessions)
    .where(and(gte(botSessions.key, `${kind}:${transactionId}:`), lt(botSessions.key, `${kind}:${transactionId};`)))
    .all()
    .map((r) => JSON.parse(r.value) as T);
}

/** Every remembered card of an entry. */
export function cardsOf(deps: CoreDeps, transactionId: number): CardMessage[] {
  return rememberedFor<CardMessage>(deps, 'cardof', transactionId);
}

/** A reminder digest as sent: its chat and message, its text, and the requests it lists (numbered 1… in this order). */
export type DigestMessage = CardMessage & { text: string; items: number[] };

/** Remembers a digest through `q` (inside its delivery's transaction), once under each request it lists. */
export function rememberDigestIn(q: Q, digest: DigestMessage, at: number): void {
  const value = JSON.stringify(digest);
  for (const id of digest.items) {
    q.insert(botSessions).values({ key: `digestof:${id}:${digest.chatId}:${digest.messageId}`, value, updatedAt: at }).onConflictDoNothing().run();
  }
}

/** Every remembered digest that lists the request. */
export function digestsOf(deps: CoreDeps, transactionId: number): DigestMessage[] {
  return rememberedFor<DigestMessage>(deps, 'digestof', transactionId);
}
