// Folding one account into another when a person turns out to have two: one
// made by the bot (a Telegram chat) and one made on the web (an email login).
// Runs inside the caller's transaction. Only an account without family data
// is ever absorbed, so no membership, role or balance has to be reconciled;
// what it leaves behind (audit rows, sessions, chats, transactions it created
// before leaving a family, the keys its API clients retry with) is re-pointed
// at the survivor, then it is deleted.
import { eq, sql } from 'drizzle-orm';
import {
  bindingCodes,
  budgets,
  eventLog,
  families,
  familyMembers,
  goals,
  invites,
  recurringRules,
  sessions,
  telegramIdentities,
  transactions,
  users,
} from '../../db/schema.js';
import type { Tx } from '../deps.js';
import { DomainError, notFound } from '../errors.js';

export type MergeDirection = 'email_into_telegram' | 'telegram_into_email';

/**
 * Re-keys the ledger's `client:<absorbed>:<key>` entries (create-transaction.ts keeps an API client's key
 * per author) as the survivor's, so a retry of a request made before the merge finds its entry. A key the
 * survivor already used in that family keeps the survivor's entry; the other stays under the old prefix.
 * The prefix is compared with substr, not LIKE (which ignores case and reads _ and % as wildcards).
 */
function moveClientKeys(tx: Tx, absorbedId: number, survivorId: number): void {
  const from = `client:${absorbedId}:`;
  const to = `client:${survivorId}:`;
  tx.run(sql`UPDATE transactions SET idempotency_key = ${to} || substr(idempotency_key, ${from.length + 1})
    WHERE substr(idempotency_key, 1, ${from.length}) = ${from}
      AND NOT EXISTS (SELECT 1 FROM transactions AS mine WHERE mine.family_id = transactions.family_id
        AND mine.idempotency_key = ${to} || substr(transactions.idempotency_key, ${from.length + 1}))`);
}

/** Moves everything of `absorbedId` onto `survivorId` and deletes `absorbedId`. */
export function mergeAccountsIn(tx: Tx, at: number, absorbedId: number, survivorId: number): void {
  if (absorbedId === survivorId) return;
  const absorbed = tx.select().from(users).where(eq(users.id, absorbedId)).get();
  const survivor = tx.select().from(users).where(eq(users.id, survivorId)).get();
  if (!absorbed || !survivor) throw notFound('User');
  if (tx.select({ id: familyMembers.id }).from(familyMembers).where(eq(familyMembers.userId, absorbedId)).get()) {
    // Guarded by the caller; checked again because a mistake here would drop someone's family.
    throw new DomainError('conflict', 'An account with family data cannot be absorbed', { reason: 'has_family_data' });
  }
  if (absorbed.email && survivor.email) {
    throw new DomainError('conflict', 'Both accounts have an email login', { reason: 'both_have_login' });
  }

  tx.update(telegramIdentities).set({ userId: survivorId }).where(eq(telegramIdentities.userId, absorbedId)).run();
  // Sessions follow the login: whoever was logged in as the absorbed account stays logged in, as the survivor.
  tx.update(sessions).set({ userId: survivorId }).where(eq(sessions.userId, absorbedId)).run();
  tx.update(bindingCodes).set({ usedBy: survivorId }).where(eq(bindingCodes.usedBy, absorbedId)).run();
  tx.update(families).set({ createdBy: survivorId }).where(eq(families.createdBy, absorbedId)).run();
  tx.update(invites).set({ createdBy: survivorId }).where(eq(invites.createdBy, absorbedId)).run();
  tx.update(transactions).set({ createdBy: survivorId }).where(eq(transactions.createdBy, absorbedId)).run();
  moveClientKeys(tx, absorbedId, survivorId);
  tx.update(transactions).set({ approvedBy: survivorId }).where(eq(transactions.approvedBy, absorbedId)).run();
  // No index by actor (every event would pay a page for it): this and the delete's ON DELETE SET NULL
  // each scan the log, a few ms for a family's years of events, once per person.
  tx.update(eventLog).set({ actorUserId: survivorId }).where(eq(eventLog.actorUserId, absorbedId)).run();
  tx.update(budgets).set({ createdBy: survivorId }).where(eq(budgets.createdBy, absorbedId)).run();
  tx.update(goals).set({ createdBy: survivorId }).where(eq(goals.createdBy, absorbedId)).run();
  tx.update(recurringRules).set({ createdBy: survivorId }).where(eq(recurringRules.createdBy, absorbedId)).run();
  // The absorbed account's sessions are the survivor's now, and their clients retry with the keys they
  // sent before: the stored answers move too, so a retry is answered, not done again. A key both used
  // keeps the survivor's answer (the absorbed one's is dropped with the account).
  tx.run(sql`UPDATE idempotent_responses SET user_id = ${survivorId}
    WHERE user_id = ${absorbedId} AND key NOT IN (SELECT key FROM idempotent_responses WHERE user_id = ${survivorId})`);

  // The email is unique: take it off the absorbed row before giving it to the survivor.
  tx.update(users).set({ email: null, passwordHash: null }).where(eq(users.id, absorbedId)).run();
  tx.update(users)
    .set({
      email: survivor.email ?? absorbed.email,
      passwordHash: survivor.email ? survivor.passwordHash : absorbed.passwordHash,
      locale: survivor.locale ?? absorbed.locale,
      updatedAt: at,
    })
    .where(eq(users.id, survivorId))
    .run();
  tx.delete(users).where(eq(users.id, absorbedId)).run();
}
