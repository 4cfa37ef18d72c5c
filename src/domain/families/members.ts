// Members: list, change role, remove, leave, hand over ownership.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { eventLog, families, familyMembers, telegramIdentities, users } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { DomainError, notFound, reasoned } from '../errors.js';
import { familyEvents, recordEvent } from '../events/events.js';
import { withdrawPendingOf } from '../ledger/withdraw.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { findMembership, requireMember, requirePermission } from './access.js';
import { can, canAssignRole, isRole, type Role } from './permissions.js';

/** Someone a member card or a confirmation was about is not (or no longer) in the family: removed or left. */
const notMember = (userId: number) => reasoned('not_found', 'Member not found', { type: 'not_member', userId, self: false }, { entity: 'member' });

export type MemberView = { userId: number; name: string; role: Role; joinedAt: number; chatIds: number[] };

export function listMembers(deps: CoreDeps, actorId: number, familyId: number): MemberView[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const rows = deps.db
    .select({ userId: familyMembers.userId, name: users.name, role: familyMembers.role, joinedAt: familyMembers.joinedAt })
    .from(familyMembers)
    .innerJoin(users, eq(users.id, familyMembers.userId))
    .where(eq(familyMembers.familyId, familyId))
    .orderBy(asc(familyMembers.joinedAt), asc(familyMembers.id))
    .all();
  return rows.map((r) => ({ ...r, chatIds: chatIdsOf(deps, r.userId) }));
}

export function chatIdsOf(deps: CoreDeps, userId: number): number[] {
  return deps.db
    .select({ chatId: telegramIdentities.chatId })
    .from(telegramIdentities)
    .where(eq(telegramIdentities.userId, userId))
    .all()
    .map((r) => r.chatId);
}

export function changeMemberRole(deps: CoreDeps, actorId: number, input: { familyId: number; userId: number; role: Role }): void {
  if (!isRole(input.role) || input.role === 'owner') {
    throw new DomainError('validation', 'Use transferOwnership to make someone the owner', { field: 'role' });
  }
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const actor = requireMember(tx, input.familyId, actorId, 'manage_members');
    const target = findMembership(tx, input.familyId, input.userId);
    if (!target) throw notMember(input.userId);
    if (target.userId === actorId) throw new DomainError('forbidden', 'You cannot change your own role');
    if (!canAssignRole(actor.role, target.role) || !canAssignRole(actor.role, input.role)) {
      throw new DomainError('forbidden', `A ${actor.role} cannot change a ${target.role} to ${input.role}`);
    }
    if (target.role === input.role) return;
    tx.update(familyMembers)
      .set({ role: input.role })
      .where(and(eq(familyMembers.familyId, input.familyId), eq(familyMembers.userId, input.userId)))
      .run();
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'member.role_changed',
      entityType: 'user',
      entityId: input.userId,
      payload: { from: target.role, to: input.role },
      at,
    });
    // The request cards already in their chats must not keep offering ✅/❌ they may no longer press.
    if (can(target.role, 'approve_transaction') && !can(input.role, 'approve_transaction')) {
      enqueueOutbox(tx, { topic: 'member.role_changed', payload: { familyId: input.familyId, userId: input.userId } }, at);
    }
  });
}

/** Removes a member; the same request (`requestKey`, a press handled again) finds them removed by itself and does nothing more. */
export function removeMember(deps: CoreDeps, actorId: number, input: { familyId: number; userId: number; requestKey?: string }): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const actor = requireMember(tx, input.familyId, actorId, 'manage_members');
    if (madeFor(tx, 'member_removal', input.requestKey) === input.userId) return;
    const target = findMembership(tx, input.familyId, input.userId);
    // Removed already (this confirmation pressed twice, another admin, or they left): say so, not "not found".
    if (!target) throw notMember(input.userId);
    if (target.userId === actorId) throw new DomainError('forbidden', 'Use leave to leave the family');
    if (!canAssignRole(actor.role, target.role)) throw new DomainError('forbidden', `A ${actor.role} cannot remove a ${target.role}`);
    // Their requests would wait for ever (nobody may withdraw them any more): withdrawn in the same commit.
    const withdrawn = withdrawPendingOf(tx, at, actorId, input.familyId, input.userId, 'member_removed');
    tx.delete(familyMembers).where(and(eq(familyMembers.familyId, input.familyId), eq(familyMembers.userId, input.userId))).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'member.removed', entityType: 'user', entityId: input.userId, payload: { role: target.role, withdrawn }, at });
    // The removed person is told who removed them and where the bot works for them now; otherwise their
    // next quick entry lands in their other family (or the onboarding) without a word.
    enqueueOutbox(tx, { topic: 'member.removed', payload: { familyId: input.familyId, userId: input.userId, actorId } }, at);
    rememberMade(tx, 'member_removal', input.requestKey, input.userId, at);
  });
}

/**
 * The actor leaves the family (an owner hands it over first); answers the family's name. The same
 * request (`requestKey`, a press handled again after a crash) finds its own leaving and does nothing more.
 */
export function leaveFamily(deps: CoreDeps, actorId: number, familyId: number, opts: { requestKey?: string } = {}): { familyName: string } {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const family = tx.select({ name: families.name }).from(families).where(eq(families.id, familyId)).get();
    const member = findMembership(tx, familyId, actorId);
    if (family && madeFor(tx, 'leave', opts.requestKey) === familyId && !member) return { familyName: family.name };
    // Left (or removed) already, the confirmation pressed again: say so. Only to one who was in it: to anyone
    // else another family's id stays "not found".
    if (family && !member && hasLeft(tx, familyId, actorId)) {
      throw reasoned('not_found', 'You are no longer in this family', { type: 'not_member', userId: actorId, self: true }, { entity: 'family', familyId });
    }
    const m = requireMember(tx, familyId, actorId, 'view');
    if (m.role === 'owner') {
      throw reasoned('invalid_state', 'Hand over ownership to another member before leaving', { type: 'owner_must_transfer' });
    }
    const withdrawn = withdrawPendingOf(tx, at, actorId, familyId, actorId, 'member_left');
    tx.delete(familyMembers).where(and(eq(familyMembers.familyId, familyId), eq(familyMembers.userId, actorId))).run();
    recordEvent(tx, { familyId, actorUserId: actorId, action: 'member.left', entityType: 'user', entityId: actorId, payload: { role: m.role, withdrawn }, at });
    rememberMade(tx, 'leave', opts.requestKey, familyId, at);
    return { familyName: family?.name ?? '' };
  });
}

/** The owner hands the family to another member and becomes an admin; the same request (`requestKey`, a press handled again) finds it done and does nothing more. */
export function transferOwnership(deps: CoreDeps, actorId: number, input: { familyId: number; userId: number; requestKey?: string }): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const actor = requireMember(tx, input.familyId, actorId, 'view');
    if (madeFor(tx, 'hand_over', input.requestKey) === input.userId) return;
    const target = findMembership(tx, input.familyId, input.userId);
    // Handed over already (this confirmation pressed twice): the former owner is an admin or less now; say so, not "your role".
    if (target && target.role === 'owner' && target.userId !== actorId) {
      const name = tx.select({ name: users.name }).from(users).where(eq(users.id, target.userId)).get()?.name ?? '';
      throw reasoned('invalid_state', 'This member is already the owner', { type: 'already_owner', userId: target.userId, name });
    }
    requirePermission(actor, 'manage_members');
    if (actor.role !== 'owner') throw new DomainError('forbidden', 'Only the owner can hand over ownership');
    if (!target) throw notMember(input.userId);
    if (target.userId === actorId) throw notFound('Member');
    const set = (userId: number, role: Role) =>
      tx.update(familyMembers).set({ role }).where(and(eq(familyMembers.familyId, input.familyId), eq(familyMembers.userId, userId))).run();
    set(actorId, 'admin');
    set(input.userId, 'owner');
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'member.ownership_transferred', entityType: 'user', entityId: input.userId, payload: { from: actorId }, at });
    rememberMade(tx, 'hand_over', input.requestKey, input.userId, at);
  });
}

/** Whether the person left this family or was removed from it (an audit event says so; read by family, on the refusal path only). */
function hasLeft(q: Q, familyId: number, userId: number): boolean {
  const row = q
    .select({ id: eventLog.id })
    .from(eventLog)
    .where(and(familyEvents(familyId), eq(eventLog.entityType, 'user'), eq(eventLog.entityId, String(userId)), inArray(eventLog.action, ['member.left', 'member.removed'])))
    .limit(1)
    .get();
  return row !== undefined;
}
