// Invite codes: random, stored hashed, expiring, single- or limited-use, revocable.
// The plain code is never stored: a random one is shown once (as a t.me deep
// link); a keyed request's (codeSecret) is derived from its key, so that
// request handled again can show the same link again.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { families, familyMembers, invites, users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { DomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { findMembership, requireMember } from './access.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { can, canAssignRole, type Role } from './permissions.js';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export const hashCode = (code: string): string => createHash('sha256').update(code, 'utf8').digest('hex');

export type CreatedInvite = { code: string; inviteId: number; role: Role; expiresAt: number; maxUses: number };
/**
 * The link made before for the same request key. Its code is not kept (only its hash): it is
 * answered (`code`) only when it was derived from the key (codeSecret), else it is not repeated.
 */
export type InviteMadeBefore = { madeBefore: true; code?: string; inviteId: number; role: Role; expiresAt: number; maxUses: number };
type InviteInput = { familyId: number; role: Exclude<Role, 'owner'>; maxUses?: number; ttlMs?: number };
type KeyedInput = {
  requestKey: string;
  /**
   * A server secret: the code becomes HMAC(secret, requestKey) instead of a
   * random one, so the same request finds its code again (checked against the
   * stored hash) while only the server can tell which code a key made.
   */
  codeSecret?: string;
};

/** A keyed invite's code: 96 bits of HMAC(secret, key), in the random codes' form. */
function derivedInviteCode(secret: string, key: string): string {
  return `i${createHmac('sha256', secret).update(`invite-code\n${key}`).digest().subarray(0, 12).toString('base64url')}`;
}

/**
 * A new invite link. With a requestKey (what asked for it: the bot keys it by
 * its /invite message) a second request with the same key makes nothing and
 * answers the link made first (a double tap, a redelivered press), with its
 * code when the code was derived from the key (codeSecret).
 */
export function createInvite(deps: CoreDeps, actorId: number, input: InviteInput): CreatedInvite;
export function createInvite(deps: CoreDeps, actorId: number, input: InviteInput & KeyedInput): CreatedInvite | InviteMadeBefore;
export function createInvite(deps: CoreDeps, actorId: number, input: InviteInput & Partial<KeyedInput>): CreatedInvite | InviteMadeBefore {
  const maxUses = input.maxUses ?? 1;
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 100) throw validation('maxUses', 'maxUses must be between 1 and 100');
  const ttl = input.ttlMs ?? INVITE_TTL_MS;
  if (ttl <= 0 || ttl > 30 * 24 * 3600 * 1000) throw validation('ttl', 'An invite lives between a minute and 30 days');
  const at = deps.clock();
  // 16 url-safe chars (96 bits): fits Telegram's /start payload and cannot be guessed.
  const code = input.requestKey && input.codeSecret ? derivedInviteCode(input.codeSecret, input.requestKey) : `i${randomBytes(12).toString('base64url')}`;
  return writeTx(deps, (tx) => {
    const actor = requireMember(tx, input.familyId, actorId, 'manage_members');
    if (!canAssignRole(actor.role, input.role)) throw new DomainError('forbidden', `A ${actor.role} cannot invite a ${input.role}`);
    const madeId = madeFor(tx, 'invite', input.requestKey);
    if (madeId !== undefined) {
      const before = tx
        .select({ inviteId: invites.id, codeHash: invites.codeHash, role: invites.role, expiresAt: invites.expiresAt, maxUses: invites.maxUses })
        .from(invites)
        .where(and(eq(invites.familyId, input.familyId), eq(invites.id, madeId)))
        .get();
      if (before) {
        const { codeHash, ...made } = before;
        // The key's code, when that is what the link was made with (not a random one, nor another secret's).
        return { madeBefore: true as const, ...(codeHash === hashCode(code) ? { code } : {}), ...made };
      }
    }
    const row = tx
      .insert(invites)
      .values({ familyId: input.familyId, codeHash: hashCode(code), role: input.role, createdBy: actorId, maxUses, expiresAt: at + ttl, createdAt: at })
      .returning({ id: invites.id })
      .get();
    rememberMade(tx, 'invite', input.requestKey, row.id, at);
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'invite.created', entityType: 'invite', entityId: row.id, payload: { role: input.role, maxUses, expiresAt: at + ttl }, at });
    return { code, inviteId: row.id, role: input.role, expiresAt: at + ttl, maxUses };
  });
}

export type JoinResult = { familyId: number; familyName: string; role: Role; alreadyMember: boolean };

/**
 * Joins the family an invite link is for. requestKey: the request that asks (the bot's /start
 * message); asked again, the membership it made is answered as joined, not as "already in" (request-keys.ts).
 */
export function joinFamily(deps: CoreDeps, userId: number, code: string, opts: { requestKey?: string } = {}): JoinResult {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const invite = tx.select().from(invites).where(eq(invites.codeHash, hashCode(code.trim()))).get();
    if (!invite) throw new DomainError('not_found', 'This invite link is not valid', { entity: 'invite' });
    // A revoked link reads like an expired one: its holder is told to ask for a new one, nothing more.
    if (invite.revokedAt !== null) throw expiredInvite();
    const family = tx.select({ name: families.name }).from(families).where(eq(families.id, invite.familyId)).get();
    if (!family) throw new DomainError('not_found', 'This invite link is not valid', { entity: 'invite' });
    const existing = findMembership(tx, invite.familyId, userId);
    if (existing) {
      const made = madeFor(tx, 'membership', opts.requestKey);
      const row = made === undefined ? undefined : tx.select({ id: familyMembers.id }).from(familyMembers).where(and(eq(familyMembers.familyId, invite.familyId), eq(familyMembers.userId, userId))).get();
      return { familyId: invite.familyId, familyName: family.name, role: existing.role, alreadyMember: row === undefined || row.id !== made };
    }
    // A link is only as good as its author's right to invite today: someone removed, gone, or made a
    // member keeps the links they made, and must not let themselves (or anyone) back in with them.
    const author = invite.createdBy === null ? undefined : findMembership(tx, invite.familyId, invite.createdBy);
    if (!author || !can(author.role, 'manage_members') || !canAssignRole(author.role, invite.role)) {
      throw new DomainError('not_found', 'This invite link is not valid', { entity: 'invite' });
    }
    if (invite.expiresAt <= at) throw expiredInvite();
    // Conditional increment: two people racing for the last use cannot both get in.
    const used = tx
      .update(invites)
      .set({ uses: sql`${invites.uses} + 1` })
      .where(and(eq(invites.id, invite.id), sql`${invites.uses} < ${invites.maxUses}`))
      .run();
    if (used.changes !== 1) throw new DomainError('invalid_state', 'This invite link has already been used', { reason: 'invite_used' });
    const member = tx.insert(familyMembers).values({ familyId: invite.familyId, userId, role: invite.role, joinedAt: at }).returning({ id: familyMembers.id }).get();
    rememberMade(tx, 'membership', opts.requestKey, member.id, at);
    tx.update(users).set({ activeFamilyId: invite.familyId, updatedAt: at }).where(eq(users.id, userId)).run();
    recordEvent(tx, { familyId: invite.familyId, actorUserId: userId, action: 'member.joined', entityType: 'user', entityId: userId, payload: { role: invite.role, inviteId: invite.id }, at });
    enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: invite.familyId, userId } }, at);
    return { familyId: invite.familyId, familyName: family.name, role: invite.role, alreadyMember: false };
  });
}

const expiredInvite = () => new DomainError('expired', 'This invite link has expired; ask for a new one', { entity: 'invite' });

/** Whether a member in `role` may take back a link for `inviteRole`: the same people who may hand one out. */
export function canRevokeInvite(role: Role, inviteRole: Role): boolean {
  return can(role, 'manage_members') && canAssignRole(role, inviteRole);
}

export type LiveInvite = {
  id: number;
  role: Exclude<Role, 'owner'>;
  createdBy: number | null;
  /** The author's name, or null when the account is gone. */
  authorName: string | null;
  expiresAt: number;
  uses: number;
  maxUses: number;
  canRevoke: boolean;
};

/** The family's links that still work (not revoked, not expired, not used up), oldest first; for owners and admins. */
export function listLiveInvites(deps: CoreDeps, actorId: number, familyId: number): LiveInvite[] {
  const actor = requireMember(deps.db, familyId, actorId, 'manage_members');
  const at = deps.clock();
  return deps.db
    .select({ id: invites.id, role: invites.role, createdBy: invites.createdBy, authorName: users.name, expiresAt: invites.expiresAt, uses: invites.uses, maxUses: invites.maxUses })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(and(eq(invites.familyId, familyId), isNull(invites.revokedAt), gt(invites.expiresAt, at), sql`${invites.uses} < ${invites.maxUses}`))
    .orderBy(asc(invites.id))
    .all()
    .map((r) => ({ ...r, canRevoke: canRevokeInvite(actor.role, r.role) }));
}

/**
 * Takes a link back: from now on it answers like an expired one. Only someone who
 * may hand out a link for its role may revoke it (an admin not an admin's link).
 * Twice is one revocation (`changed: false` the second time), except for the
 * same request (`requestKey`: the press handled again after a crash), which
 * finds its own revocation and is answered `changed: true` again. Codes:
 * not_found (no such link in this family), forbidden.
 */
export function revokeInvite(deps: CoreDeps, actorId: number, input: { familyId: number; inviteId: number; requestKey?: string }): { changed: boolean } {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const actor = requireMember(tx, input.familyId, actorId, 'manage_members');
    const invite = tx.select().from(invites).where(and(eq(invites.id, input.inviteId), eq(invites.familyId, input.familyId))).get();
    if (!invite) throw new DomainError('not_found', 'No such invite link', { entity: 'invite' });
    if (!canRevokeInvite(actor.role, invite.role)) throw new DomainError('forbidden', `A ${actor.role} cannot revoke a link for a ${invite.role}`, { role: actor.role });
    // Conditional: two presses at once still revoke (and record) once.
    const revoked = tx.update(invites).set({ revokedAt: at }).where(and(eq(invites.id, invite.id), isNull(invites.revokedAt))).run();
    if (revoked.changes !== 1) return { changed: madeFor(tx, 'invite_revoke', input.requestKey) === invite.id };
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'invite.revoked', entityType: 'invite', entityId: invite.id, payload: { role: invite.role }, at });
    rememberMade(tx, 'invite_revoke', input.requestKey, invite.id, at);
    return { changed: true };
  });
}
