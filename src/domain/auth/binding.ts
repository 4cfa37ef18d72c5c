// Binding a Telegram chat to a web login. The bot asks for a one-time code
// (createBindingCode, /link); the person enters it on the web while logged in
// (confirmBinding). The code is stored hashed, lives 10 minutes, works once
// and survives only a few wrong-chat attempts.
//
// When the chat already belongs to another account (the usual case: someone
// started in the bot and now wants an email login), the account without
// family data is merged into the one that has it, in the same transaction.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { bindingCodes, familyMembers, telegramIdentities, users } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, notFound, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { mergeAccountsIn, type MergeDirection } from './merge.js';
import { looksLikeCode, normalizeCode, randomCode, sha256Hex } from './secrets.js';

export const BINDING_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong-chat confirmations a code survives before it is burnt. */
export const BINDING_MAX_ATTEMPTS = 5;

export type BindingCode = { code: string; expiresAt: number; expiresIn: number };

function checkChatId(chatId: number): number {
  if (!Number.isSafeInteger(chatId) || chatId === 0) throw validation('chat_id', 'chat_id must be a Telegram chat id (a non-zero integer)');
  return chatId;
}

/** A new one-time code for a chat; earlier unused codes of the chat stop working. */
export function createBindingCode(deps: CoreDeps, input: { chatId: number }): BindingCode {
  const chatId = checkChatId(input.chatId);
  const at = deps.clock();
  const expiresAt = at + BINDING_CODE_TTL_MS;
  return writeTx(deps, (tx) => {
    tx.update(bindingCodes)
      .set({ expiresAt: at })
      .where(and(eq(bindingCodes.chatId, chatId), isNull(bindingCodes.usedAt), gt(bindingCodes.expiresAt, at)))
      .run();
    let code = randomCode();
    // 32^8 codes: a collision with a stored hash is practically impossible, but cheap to rule out.
    while (tx.select({ id: bindingCodes.id }).from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(code))).get()) code = randomCode();
    const row = tx.insert(bindingCodes).values({ codeHash: sha256Hex(code), chatId, createdAt: at, expiresAt }).returning({ id: bindingCodes.id }).get();
    const owner = tx.select({ userId: telegramIdentities.userId }).from(telegramIdentities).where(eq(telegramIdentities.chatId, chatId)).get();
    recordEvent(tx, { familyId: null, actorUserId: owner?.userId ?? null, action: 'binding.code_created', entityType: 'binding_code', entityId: row.id, payload: { chatId }, at });
    return { code, expiresAt, expiresIn: BINDING_CODE_TTL_MS / 1000 };
  });
}

export type ConfirmBindingInput = {
  code: string;
  /** When given (the API), it must be the chat the code was made for; the web page only has the code. */
  chatId?: number;
  username?: string | null;
  firstName?: string | null;
};

export type BindingOutcome = 'bound' | 'already_bound' | 'chat_moved' | MergeDirection;
export type ConfirmBindingResult = { userId: number; chatId: number; outcome: BindingOutcome; absorbedUserId: number | null };

const hasFamilyData = (tx: Tx, userId: number) =>
  Boolean(tx.select({ id: familyMembers.id }).from(familyMembers).where(eq(familyMembers.userId, userId)).get());

/**
 * Binds the code's chat to the actor. Returns the surviving account's id,
 * which differs from the actor's when the actor's account was merged into
 * the chat's. Codes: validation (unknown code, wrong chat), expired (too old,
 * used, too many attempts), conflict (both accounts have family data).
 */
export function confirmBinding(deps: CoreDeps, actorId: number, input: ConfirmBindingInput): ConfirmBindingResult {
  const normalized = normalizeCode(input.code ?? '');
  const unknown = () => validation('code', 'This code is not valid. Send /link to the bot for a new one.', { reason: 'unknown_code' });
  if (!looksLikeCode(normalized)) throw unknown();
  if (input.chatId !== undefined) checkChatId(input.chatId);
  const username = input.username?.trim().slice(0, 64) || null;
  const firstName = input.firstName?.trim().slice(0, 64) || null;
  const at = deps.clock();
  // Failures that must leave a trace (a counted attempt) are returned from the transaction, then thrown.
  const result = writeTx(deps, (tx): ConfirmBindingResult | DomainError => {
    const code = tx.select().from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(normalized))).get();
    if (!code) return unknown();
    if (code.usedAt !== null) return new DomainError('expired', 'This code was already used. Send /link to the bot for a new one.', { field: 'code', reason: 'code_used' });
    if (code.attempts >= BINDING_MAX_ATTEMPTS) {
      return new DomainError('expired', 'This code was tried too many times. Send /link to the bot for a new one.', { field: 'code', reason: 'too_many_attempts' });
    }
    if (code.expiresAt <= at) return new DomainError('expired', 'This code has expired. Send /link to the bot for a new one.', { field: 'code', reason: 'code_expired' });
    if (input.chatId !== undefined && input.chatId !== code.chatId) {
      tx.update(bindingCodes).set({ attempts: code.attempts + 1 }).where(eq(bindingCodes.id, code.id)).run();
      return validation('chat_id', 'This code was made for another chat', { reason: 'chat_mismatch' });
    }
    const actor = tx.select().from(users).where(eq(users.id, actorId)).get();
    if (!actor) throw notFound('User');

    const identity = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, code.chatId)).get();
    let outcome: BindingOutcome;
    let survivorId = actorId;
    let absorbedId: number | null = null;
    if (!identity) {
      tx.insert(telegramIdentities)
        .values({ userId: actorId, chatId: code.chatId, telegramUserId: code.chatId, username, firstName, boundAt: at })
        .run();
      outcome = 'bound';
    } else if (identity.userId === actorId) {
      outcome = 'already_bound';
    } else {
      const owner = tx.select().from(users).where(eq(users.id, identity.userId)).get();
      if (!owner) throw notFound('User');
      const actorHasData = hasFamilyData(tx, actorId);
      const ownerHasData = hasFamilyData(tx, owner.id);
      if (actorHasData && ownerHasData) {
        throw new DomainError(
          'conflict',
          'Both this login and the Telegram chat already have their own family data, so they cannot be joined automatically. ' +
            'Leave (or hand over) the families of one of them, or invite one account into the other\'s family, then try again.',
          { reason: 'both_have_family_data' },
        );
      }
      if (ownerHasData) {
        // The chat's account keeps its families; the email login moves onto it.
        if (owner.email) {
          throw new DomainError('conflict', 'This Telegram chat already belongs to another email login. Log in with that email to use it.', {
            reason: 'chat_has_other_login',
          });
        }
        mergeAccountsIn(tx, at, actorId, owner.id);
        survivorId = owner.id;
        absorbedId = actorId;
        outcome = 'email_into_telegram';
      } else if (owner.email) {
        // The chat's account is a separate login without family data: only the chat moves.
        tx.update(telegramIdentities).set({ userId: actorId, boundAt: at }).where(eq(telegramIdentities.id, identity.id)).run();
        outcome = 'chat_moved';
      } else {
        mergeAccountsIn(tx, at, owner.id, actorId);
        absorbedId = owner.id;
        outcome = 'telegram_into_email';
      }
    }
    if (username || firstName) {
      tx.update(telegramIdentities)
        .set({ ...(username ? { username } : {}), ...(firstName ? { firstName } : {}) })
        .where(eq(telegramIdentities.chatId, code.chatId))
        .run();
    }
    tx.update(bindingCodes).set({ usedAt: at, usedBy: survivorId }).where(eq(bindingCodes.id, code.id)).run();
    if (absorbedId !== null) {
      recordEvent(tx, {
        familyId: null,
        actorUserId: survivorId,
        action: 'user.merged',
        entityType: 'user',
        entityId: survivorId,
        payload: { absorbedUserId: absorbedId, direction: outcome, chatId: code.chatId },
        at,
      });
    }
    recordEvent(tx, {
      familyId: null,
      actorUserId: survivorId,
      action: 'binding.confirmed',
      entityType: 'telegram_chat',
      entityId: code.chatId,
      payload: { outcome, ...(identity && identity.userId !== survivorId ? { previousUserId: identity.userId } : {}) },
      at,
    });
    enqueueOutbox(tx, { topic: 'binding.confirmed', payload: { chatId: code.chatId, userId: survivorId } }, at);
    return { userId: survivorId, chatId: code.chatId, outcome, absorbedUserId: absorbedId };
  });
  if (result instanceof DomainError) throw result;
  return result;
}
