// Binding a Telegram chat to a web login. The bot makes a one-time code in the
// chat (createBindingCode, /link), recording the Telegram account's name as
// Telegram gave it; the person, logged in on the web, sees that name and
// confirms (previewBinding, then confirmBinding). The code is stored hashed,
// lives 10 minutes, works once and survives only a few wrong-chat attempts.
//
// The rule that keeps a /bind link from handing an account to someone else:
//  1. the chat asked for it (the code was made in that chat);
//  2. the person logged in on the web saw the chat's Telegram name and pressed
//     Connect (the API: "confirm": true);
//  3. when the login already has Telegram chats, one of THOSE chats must allow
//     it ([Allow] / [Deny] in the bot, decideBinding): a password alone never
//     adds a chat to an account that has chats, nor merges it with another;
//  4. two accounts that both have family data are never merged (refused).
// Every chat of the account is then told about the new chat or login, with a
// [Disconnect] button (see connections.ts), and the events carry each family.
//
// When the chat already belongs to another account (someone started in the
// bot and now wants an email login), the account without family data is
// merged into the one that has it, in the same transaction.
import { createHmac } from 'node:crypto';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { bindingCodes, familyMembers, telegramIdentities, users } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, notFound, validation } from '../errors.js';
import { eventPayloadAt, recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { mergeAccountsIn, type MergeDirection } from './merge.js';
import { safeForeignText, TEXT_RULES } from '../text/text.js';
import { codeFromBytes, looksLikeCode, normalizeCode, randomCode, sha256Hex } from './secrets.js';

export const BINDING_CODE_TTL_MS = 10 * 60 * 1000;
/** How long a login's own chats have to answer [Allow] / [Deny]. */
export const BINDING_APPROVAL_TTL_MS = 30 * 60 * 1000;
/** Wrong-chat confirmations a code survives before it is burnt. */
export const BINDING_MAX_ATTEMPTS = 5;

export type BindingCode = { code: string; expiresAt: number; expiresIn: number };
/** The Telegram account a code would connect, as Telegram named it. */
export type TelegramAccount = { chatId: number; firstName: string | null; username: string | null };

type CodeRow = typeof bindingCodes.$inferSelect;

/**
 * A Telegram account's parts as people are shown them, each on its own: the
 * name (cleaned, or null), the username without "@" (or null) and the id.
 * A first name is free text ("Ann (@ann)" with no username is allowed), so a
 * page shows these as separate labelled fields, never the username inside
 * the name, and always the id.
 */
export type TelegramAccountParts = { name: string | null; username: string | null; id: number };

export function telegramAccountParts(t: TelegramAccount): TelegramAccountParts {
  return { name: clean(t.firstName, 64), username: clean(t.username, 64), id: t.chatId };
}

/**
 * How a Telegram account is named in one line of text (bot messages, the API's
 * `display`, the page's button): the name in “quotes” (quote marks inside it
 * made plain, so it cannot close them), then the real @username outside them,
 * then the id: “Ann” @ann · id 777, “Ann (@ann)” · id 778, @ann · id 777, id 777.
 * `quotes`: the reader's marks (a Russian text writes «Ann» @ann).
 */
export function describeTelegramAccount(t: TelegramAccount, quotes: readonly [string, string] = ['“', '”']): string {
  const { name, username, id } = telegramAccountParts(t);
  const [open, close] = quotes;
  const plain = (text: string) => [...text].map((c) => (c === open || c === close || c === '“' || c === '”' ? '"' : c)).join('');
  const parts = [name ? `${open}${plain(name)}${close}` : null, username ? `@${username}` : null].filter((x) => x !== null);
  return `${parts.length ? `${parts.join(' ')} · ` : ''}id ${id}`;
}

function checkChatId(chatId: number): number {
  if (!Number.isSafeInteger(chatId) || chatId === 0) throw validation('chat_id', 'chat_id must be a Telegram chat id (a non-zero integer)');
  return chatId;
}

/** Telegram's names by the shared text rule: direction overrides and controls stripped (a name must not read as someone else's), one line. */
const clean = (v: string | null | undefined, max: number) => safeForeignText(v, { ...TEXT_RULES.telegramName, max });

/** The families a user belongs to: binding events are recorded in each, so their owners see them in /events. */
export function familiesOf(tx: Tx, userId: number): number[] {
  return tx.select({ id: familyMembers.familyId }).from(familyMembers).where(eq(familyMembers.userId, userId)).all().map((r) => r.id);
}

/** Records one event per family of `userId` (or one outside any family when there is none). */
export function recordAccountEvent(tx: Tx, userId: number, e: { actorUserId: number | null; action: string; entityType: string; entityId: number | string; payload: Record<string, unknown>; at: number }): void {
  const families = familiesOf(tx, userId);
  for (const familyId of families.length ? families : [null]) recordEvent(tx, { ...e, familyId });
}

export type BindingCodeOptions = {
  /**
   * A client's retry key (the API's Idempotency-Key, named by the caller per
   * client: `<client>:<key>`) and the server secret to derive the code from.
   * The code of a keyed request is HMAC(secret, key), so the same key finds
   * the code it made by its hash and answers that code again, without the
   * code ever being stored in plain text (see secrets.ts).
   */
  requestKey?: { key: string; secret: string };
};

/** The code a keyed request makes: 8 characters of the code alphabet from HMAC(secret, key). */
function derivedCode(secret: string, key: string): string {
  return codeFromBytes(createHmac('sha256', secret).update(`binding-code\n${key}`).digest());
}

/**
 * A new one-time code for a chat; earlier unused codes of the chat stop
 * working (so /link again, or a bot starting again without a key, replaces
 * the code). `username`/`firstName` come from Telegram (the bot's update);
 * when absent, the chat's stored identity names it. With a `requestKey`, a
 * retry of the same key answers the code that key made (`replayed`), makes
 * no second one and leaves that one live; the key used for another chat is
 * idempotency_mismatch.
 */
export function createBindingCode(
  deps: CoreDeps,
  input: { chatId: number; username?: string | null; firstName?: string | null },
  options: BindingCodeOptions = {},
): BindingCode & { replayed: boolean } {
  const chatId = checkChatId(input.chatId);
  const at = deps.clock();
  const expiresAt = at + BINDING_CODE_TTL_MS;
  const keyed = options.requestKey ? derivedCode(options.requestKey.secret, options.requestKey.key) : null;
  return writeTx(deps, (tx) => {
    if (keyed !== null) {
      const made = tx.select().from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(keyed))).get();
      if (made) {
        if (made.chatId !== chatId) {
          throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request', { field: 'Idempotency-Key' });
        }
        return { code: keyed, expiresAt: made.createdAt + BINDING_CODE_TTL_MS, expiresIn: BINDING_CODE_TTL_MS / 1000, replayed: true };
      }
    }
    tx.update(bindingCodes)
      .set({ expiresAt: at })
      .where(and(eq(bindingCodes.chatId, chatId), isNull(bindingCodes.usedAt), gt(bindingCodes.expiresAt, at)))
      .run();
    let code = keyed ?? randomCode();
    // 32^8 codes: a collision with a stored hash is practically impossible, but cheap to rule out (a keyed code was looked up above).
    while (keyed === null && tx.select({ id: bindingCodes.id }).from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(code))).get()) code = randomCode();
    const identity = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, chatId)).get();
    const username = clean(input.username, 64) ?? identity?.username ?? null;
    const firstName = clean(input.firstName, 64) ?? identity?.firstName ?? null;
    const row = tx
      .insert(bindingCodes)
      .values({ codeHash: sha256Hex(code), chatId, createdAt: at, expiresAt, username, firstName })
      .returning({ id: bindingCodes.id })
      .get();
    recordEvent(tx, { familyId: null, actorUserId: identity?.userId ?? null, action: 'binding.code_created', entityType: 'binding_code', entityId: row.id, payload: { chatId }, at });
    return { code, expiresAt, expiresIn: BINDING_CODE_TTL_MS / 1000, replayed: false };
  });
}

export type ConfirmBindingInput = {
  code: string;
  /** When given (the API), it must be the chat the code was made for; the web page only has the code. */
  chatId?: number;
  /** Who confirmed, for the audit trail: `api:<session>`, `bind_page`… */
  origin?: string;
};

export type BindingOutcome = 'bound' | 'already_bound' | 'chat_moved' | MergeDirection;
export type BindingPreview = { codeId: number; telegram: TelegramAccount; outcome: BindingOutcome; approvalRequired: boolean };
export type ConfirmBindingResult =
  | { status: 'done'; userId: number; chatId: number; outcome: BindingOutcome; absorbedUserId: number | null; telegram: TelegramAccount }
  /** The login has chats of its own: they were asked to [Allow] it; nothing is connected yet. */
  | { status: 'approval_requested'; userId: number; chatId: number; telegram: TelegramAccount; expiresAt: number };

const hasFamilyData = (tx: Tx, userId: number) =>
  Boolean(tx.select({ id: familyMembers.id }).from(familyMembers).where(eq(familyMembers.userId, userId)).get());

/** Chats of `userId` other than `exceptChat`. */
function otherChats(tx: Tx, userId: number, exceptChat: number): number[] {
  return tx
    .select({ chatId: telegramIdentities.chatId })
    .from(telegramIdentities)
    .where(and(eq(telegramIdentities.userId, userId), ne(telegramIdentities.chatId, exceptChat)))
    .all()
    .map((r) => r.chatId);
}

const unknownCode = () => validation('code', 'This code is not valid. Send /link to the bot for a new one.', { reason: 'unknown_code' });

/** The code's row if it can still be used, else the error to answer (a wrong chat counts an attempt). */
function usableCode(tx: Tx, normalized: string, chatId: number | undefined, at: number): CodeRow | DomainError {
  const code = tx.select().from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(normalized))).get();
  if (!code) return unknownCode();
  if (code.usedAt !== null) return new DomainError('expired', 'This code was already used. Send /link to the bot for a new one.', { field: 'code', reason: 'code_used' });
  if (code.attempts >= BINDING_MAX_ATTEMPTS) {
    return new DomainError('expired', 'This code was tried too many times. Send /link to the bot for a new one.', { field: 'code', reason: 'too_many_attempts' });
  }
  if (code.expiresAt <= at) return new DomainError('expired', 'This code has expired. Send /link to the bot for a new one.', { field: 'code', reason: 'code_expired' });
  if (chatId !== undefined && chatId !== code.chatId) {
    tx.update(bindingCodes).set({ attempts: code.attempts + 1 }).where(eq(bindingCodes.id, code.id)).run();
    return validation('chat_id', 'This code was made for another chat', { reason: 'chat_mismatch' });
  }
  return code;
}

function telegramOf(tx: Tx, code: CodeRow): TelegramAccount {
  const identity = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, code.chatId)).get();
  return { chatId: code.chatId, firstName: code.firstName ?? identity?.firstName ?? null, username: code.username ?? identity?.username ?? null };
}

/** What connecting the code's chat to `actorId` would do, or why it is refused. */
function plan(tx: Tx, actorId: number, chatId: number): { outcome: BindingOutcome; ownerId: number | null } {
  const actor = tx.select().from(users).where(eq(users.id, actorId)).get();
  if (!actor) throw notFound('User');
  const identity = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, chatId)).get();
  if (!identity) return { outcome: 'bound', ownerId: null };
  if (identity.userId === actorId) return { outcome: 'already_bound', ownerId: actorId };
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
    if (owner.email) {
      throw new DomainError('conflict', 'This Telegram chat already belongs to another email login. Log in with that email to use it.', {
        reason: 'chat_has_other_login',
      });
    }
    return { outcome: 'email_into_telegram', ownerId: owner.id };
  }
  return { outcome: owner.email ? 'chat_moved' : 'telegram_into_email', ownerId: owner.id };
}

/** Connecting needs one of the login's own chats to allow it when the login already has chats. */
const needsApproval = (tx: Tx, actorId: number, chatId: number, outcome: BindingOutcome) =>
  outcome !== 'already_bound' && otherChats(tx, actorId, chatId).length > 0;

/** Checks a code and says which Telegram account it would connect, and how; throws the refusal (409) when it would be refused. */
export function previewBinding(deps: CoreDeps, actorId: number, input: { code: string; chatId?: number }): BindingPreview {
  const normalized = normalizeCode(input.code ?? '');
  if (!looksLikeCode(normalized)) throw unknownCode();
  if (input.chatId !== undefined) checkChatId(input.chatId);
  const at = deps.clock();
  const result = writeTx(deps, (tx): BindingPreview | DomainError => {
    const code = usableCode(tx, normalized, input.chatId, at);
    if (code instanceof DomainError) return code;
    if (code.requestedBy !== null && code.requestedBy !== actorId) return inUse();
    const { outcome } = plan(tx, actorId, code.chatId);
    return { codeId: code.id, telegram: telegramOf(tx, code), outcome, approvalRequired: needsApproval(tx, actorId, code.chatId, outcome) };
  });
  if (result instanceof DomainError) throw result;
  return result;
}

const inUse = () =>
  new DomainError('conflict', 'Another login already asked to connect this chat with this code. Send /link to the bot for a new one.', {
    field: 'code',
    reason: 'code_in_use',
  });

/**
 * Connects the code's chat to the actor (after the person saw the chat's
 * name and confirmed). When the actor's login already has chats, nothing is
 * connected yet: those chats are asked to allow it (status approval_requested).
 * Codes: validation (unknown code, wrong chat), expired (too old, used, too
 * many attempts), conflict (both accounts have family data, code in use).
 */
export function confirmBinding(deps: CoreDeps, actorId: number, input: ConfirmBindingInput): ConfirmBindingResult {
  const normalized = normalizeCode(input.code ?? '');
  if (!looksLikeCode(normalized)) throw unknownCode();
  if (input.chatId !== undefined) checkChatId(input.chatId);
  const at = deps.clock();
  // Failures that must leave a trace (a counted attempt) are returned from the transaction, then thrown.
  const result = writeTx(deps, (tx): ConfirmBindingResult | DomainError => {
    const code = usableCode(tx, normalized, input.chatId, at);
    if (code instanceof DomainError) {
      // Connect pressed twice (a double click, a browser retry): the second sees the first's success.
      const repeat = code.code === 'expired' && code.details['reason'] === 'code_used' ? repeatedConfirmation(tx, normalized, actorId, input, at) : undefined;
      return repeat ?? code;
    }
    if (code.requestedBy !== null && code.requestedBy !== actorId) return inUse();
    const telegram = telegramOf(tx, code);
    const planned = plan(tx, actorId, code.chatId);
    if (needsApproval(tx, actorId, code.chatId, planned.outcome)) {
      const expiresAt = Math.max(code.expiresAt, at + BINDING_APPROVAL_TTL_MS);
      if (code.requestedBy === null) {
        tx.update(bindingCodes).set({ requestedBy: actorId, requestedAt: at, expiresAt }).where(eq(bindingCodes.id, code.id)).run();
        recordAccountEvent(tx, actorId, {
          actorUserId: actorId,
          action: 'binding.approval_requested',
          entityType: 'telegram_chat',
          entityId: code.chatId,
          payload: { outcome: planned.outcome, origin: input.origin ?? null, telegram: { firstName: telegram.firstName, username: telegram.username } },
          at,
        });
        enqueueOutbox(tx, { topic: 'binding.approval_requested', payload: { codeId: code.id, userId: actorId } }, at);
      }
      return { status: 'approval_requested', userId: actorId, chatId: code.chatId, telegram, expiresAt: code.requestedBy === null ? expiresAt : code.expiresAt };
    }
    return complete(tx, code, actorId, planned, telegram, at, { origin: input.origin ?? null, approvedByChat: null });
  });
  if (result instanceof DomainError) throw result;
  return result;
}

/**
 * The success a repeated confirmation gets: the code was used to connect its chat to
 * this same account (the actor's), from the same place (its origin: the same API
 * session, or the binding page), the chat is still that account's, and the code's
 * lifetime has not ended. Anyone else (another account, another session, a denied
 * request, a code whose chat has moved on) gets the code's error; nothing is written again.
 */
function repeatedConfirmation(tx: Tx, normalized: string, actorId: number, input: ConfirmBindingInput, at: number): Extract<ConfirmBindingResult, { status: 'done' }> | undefined {
  const code = tx.select().from(bindingCodes).where(eq(bindingCodes.codeHash, sha256Hex(normalized))).get();
  if (!code || code.usedAt === null || code.usedBy === null || code.decision === 'denied' || code.expiresAt <= at) return undefined;
  if (input.chatId !== undefined && input.chatId !== code.chatId) return undefined;
  const survivor = code.usedBy;
  const identity = tx.select({ userId: telegramIdentities.userId }).from(telegramIdentities).where(eq(telegramIdentities.chatId, code.chatId)).get();
  if (identity?.userId !== survivor) return undefined;
  const family = familiesOf(tx, survivor)[0] ?? null;
  // The actor's account, or the one it was merged into by this very binding (its login moved onto the chat's account).
  const merged = (id: number) => {
    const m = eventPayloadAt(tx, { familyId: family, action: 'user.merged', entityType: 'user', entityId: survivor, at: code.usedAt as number });
    return m?.['absorbedUserId'] === id && m['chatId'] === code.chatId;
  };
  const absorbed = survivor === actorId ? null : merged(actorId) ? actorId : undefined;
  if (absorbed === undefined) return undefined;
  // The origin that used it is in the audit entry (recorded in each of the account's families, or outside any):
  // the confirmation's, or, when one of the account's chats allowed it, the request's.
  const allowed = code.decision === 'allowed';
  const entry = eventPayloadAt(tx, {
    familyId: family,
    action: allowed ? 'binding.approval_requested' : 'binding.confirmed',
    entityType: 'telegram_chat',
    entityId: code.chatId,
    at: allowed ? (code.requestedAt ?? -1) : code.usedAt,
  });
  if (!entry || (entry['origin'] ?? null) !== (input.origin ?? null)) return undefined;
  return { status: 'done', userId: survivor, chatId: code.chatId, outcome: 'already_bound', absorbedUserId: absorbed, telegram: telegramOf(tx, code) };
}

export type BindingDecision = { status: 'allowed'; result: Extract<ConfirmBindingResult, { status: 'done' }> } | { status: 'denied'; chatId: number };

/**
 * [Allow] / [Deny] pressed in `deciderChatId` on a pending request. Only a chat
 * of the login that asked may decide; a decision is final. Codes: not_found
 * (no such request, or not this chat's to decide), invalid_state (decided
 * already), expired, conflict (the accounts changed meanwhile and are refused now).
 */
export function decideBinding(deps: CoreDeps, input: { codeId: number; deciderChatId: number; allow: boolean }): BindingDecision {
  const at = deps.clock();
  const result = writeTx(deps, (tx): BindingDecision | DomainError => {
    const code = tx.select().from(bindingCodes).where(eq(bindingCodes.id, input.codeId)).get();
    const decider = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, input.deciderChatId)).get();
    // Someone else's request reads exactly like one that does not exist.
    if (!code || code.requestedBy === null || !decider || decider.userId !== code.requestedBy || decider.chatId === code.chatId) {
      return new DomainError('not_found', 'There is no such request for this account', { reason: 'no_request' });
    }
    // The same answer from the same chat again (a double tap reaching the bot twice) gets the first one's outcome.
    if (code.decision === (input.allow ? 'allowed' : 'denied') && code.decidedByChat === input.deciderChatId) {
      if (!input.allow) return { status: 'denied', chatId: code.chatId };
      const bound = tx.select({ userId: telegramIdentities.userId }).from(telegramIdentities).where(eq(telegramIdentities.chatId, code.chatId)).get();
      if (code.usedBy !== null && bound?.userId === code.usedBy) {
        return { status: 'allowed', result: { status: 'done', userId: code.usedBy, chatId: code.chatId, outcome: 'already_bound', absorbedUserId: null, telegram: telegramOf(tx, code) } };
      }
    }
    if (code.decision !== null || code.usedAt !== null) return new DomainError('invalid_state', 'This request was already answered', { reason: 'already_decided' });
    if (code.expiresAt <= at) return new DomainError('expired', 'This request has expired', { reason: 'code_expired' });
    const requester = code.requestedBy;
    const decided = { decision: input.allow ? ('allowed' as const) : ('denied' as const), decidedAt: at, decidedByChat: input.deciderChatId };
    if (!input.allow) {
      tx.update(bindingCodes).set({ ...decided, usedAt: at }).where(eq(bindingCodes.id, code.id)).run();
      recordAccountEvent(tx, requester, {
        actorUserId: requester,
        action: 'binding.denied',
        entityType: 'telegram_chat',
        entityId: code.chatId,
        payload: { decidedByChat: input.deciderChatId },
        at,
      });
      return { status: 'denied', chatId: code.chatId };
    }
    tx.update(bindingCodes).set(decided).where(eq(bindingCodes.id, code.id)).run();
    const planned = plan(tx, requester, code.chatId);
    const done = complete(tx, code, requester, planned, telegramOf(tx, code), at, { origin: `chat:${input.deciderChatId}`, approvedByChat: input.deciderChatId });
    return { status: 'allowed', result: done };
  });
  if (result instanceof DomainError) throw result;
  return result;
}

/** Performs a planned binding: the identity, the merge, the used code, the events (per family) and the notices. */
function complete(
  tx: Tx,
  code: CodeRow,
  actorId: number,
  planned: { outcome: BindingOutcome; ownerId: number | null },
  telegram: TelegramAccount,
  at: number,
  how: { origin: string | null; approvedByChat: number | null },
): Extract<ConfirmBindingResult, { status: 'done' }> {
  const { outcome, ownerId } = planned;
  const chatId = code.chatId;
  const actor = tx.select().from(users).where(eq(users.id, actorId)).get();
  let survivorId = actorId;
  let absorbedId: number | null = null;
  switch (outcome) {
    case 'bound':
      tx.insert(telegramIdentities).values({ userId: actorId, chatId, telegramUserId: chatId, username: telegram.username, firstName: telegram.firstName, boundAt: at }).run();
      break;
    case 'already_bound':
      break;
    case 'chat_moved':
      tx.update(telegramIdentities).set({ userId: actorId, boundAt: at }).where(eq(telegramIdentities.chatId, chatId)).run();
      break;
    case 'email_into_telegram':
      // The chat's account keeps its families; the email login moves onto it.
      mergeAccountsIn(tx, at, actorId, ownerId as number);
      survivorId = ownerId as number;
      absorbedId = actorId;
      break;
    case 'telegram_into_email':
      mergeAccountsIn(tx, at, ownerId as number, actorId);
      absorbedId = ownerId;
      break;
  }
  tx.update(bindingCodes).set({ usedAt: at, usedBy: survivorId }).where(eq(bindingCodes.id, code.id)).run();
  if (absorbedId !== null) {
    recordAccountEvent(tx, survivorId, {
      actorUserId: survivorId,
      action: 'user.merged',
      entityType: 'user',
      entityId: survivorId,
      payload: { absorbedUserId: absorbedId, direction: outcome, chatId, origin: how.origin },
      at,
    });
  }
  recordAccountEvent(tx, survivorId, {
    actorUserId: survivorId,
    action: 'binding.confirmed',
    entityType: 'telegram_chat',
    entityId: chatId,
    payload: {
      outcome,
      origin: how.origin,
      approvedByChat: how.approvedByChat,
      telegram: { firstName: telegram.firstName, username: telegram.username },
      ...(ownerId !== null && ownerId !== survivorId ? { previousUserId: ownerId } : {}),
    },
    at,
  });
  if (outcome !== 'already_bound') {
    // What is new to the account's other chats: this chat, or (when the email login joined the chat's account) the email.
    const connected = outcome === 'email_into_telegram' ? { kind: 'email' as const, email: actor?.email ?? '' } : { kind: 'chat' as const };
    enqueueOutbox(tx, { topic: 'binding.confirmed', payload: { chatId, userId: survivorId, connected } }, at);
  }
  return { status: 'done', userId: survivorId, chatId, outcome, absorbedUserId: absorbedId, telegram };
}
