// A person in the family's group who is not in the family asks to join; an
// owner or admin approves (they join as a member) or declines in one tap.
// Meanwhile the person can do nothing else in the group.
import { and, eq } from 'drizzle-orm';
import { familyMembers, groupJoinRequests, users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { findMembership, requireMember } from '../families/access.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { findGroup } from './links.js';

export type JoinRequest = typeof groupJoinRequests.$inferSelect;
export type JoinRequestView = JoinRequest & { userName: string; decidedByName: string | null };

function view(q: Parameters<typeof findGroup>[0], id: number): JoinRequestView | undefined {
  const row = q
    .select({ request: groupJoinRequests, userName: users.name })
    .from(groupJoinRequests)
    .innerJoin(users, eq(users.id, groupJoinRequests.userId))
    .where(eq(groupJoinRequests.id, id))
    .get();
  if (!row) return undefined;
  const decider = row.request.decidedBy === null ? undefined : q.select({ name: users.name }).from(users).where(eq(users.id, row.request.decidedBy)).get();
  return { ...row.request, userName: row.userName, decidedByName: decider?.name ?? null };
}

export function getJoinRequest(deps: CoreDeps, id: number): JoinRequestView | undefined {
  return view(deps.db, id);
}

/**
 * Asks to join the family linked to the group. Asking again while a request
 * waits returns the same request (`created: false`), so a double tap posts one card.
 * requestKey: the request that asks (the bot's press); asked again (the press
 * redelivered after a crash), the request it made is answered as made
 * (`created: true`: its card is posted), not as one that was waiting (request-keys.ts).
 */
export function requestToJoin(deps: CoreDeps, userId: number, input: { chatId: number; requestKey?: string }): { request: JoinRequestView; created: boolean } {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const group = findGroup(tx, input.chatId);
    if (!group) throw new DomainError('not_found', 'This group is not linked to a family', { entity: 'group' });
    const made = madeFor(tx, 'join_request', input.requestKey);
    const before = made === undefined ? undefined : view(tx, made);
    if (before && before.userId === userId && before.status === 'pending') return { request: before, created: true };
    if (findMembership(tx, group.familyId, userId)) {
      throw new DomainError('conflict', 'You are already in this family', { reason: 'already_member' });
    }
    const pending = tx
      .select({ id: groupJoinRequests.id })
      .from(groupJoinRequests)
      .where(and(eq(groupJoinRequests.familyId, group.familyId), eq(groupJoinRequests.userId, userId), eq(groupJoinRequests.status, 'pending')))
      .get();
    if (pending) return { request: view(tx, pending.id) as JoinRequestView, created: false };
    const row = tx
      .insert(groupJoinRequests)
      .values({ familyId: group.familyId, chatId: group.chatId, userId, status: 'pending', createdAt: at })
      .returning({ id: groupJoinRequests.id })
      .get();
    rememberMade(tx, 'join_request', input.requestKey, row.id, at);
    recordEvent(tx, { familyId: group.familyId, actorUserId: userId, action: 'group.join_requested', entityType: 'join_request', entityId: row.id, at });
    return { request: view(tx, row.id) as JoinRequestView, created: true };
  });
}

export type JoinDecision = 'approved' | 'declined';

/**
 * An owner or admin decides a join request. Approving adds the person as a
 * member. A request already decided is returned as it is (`changed: false`)
 * with who decided, so a second press or a race shows the outcome, not an error;
 * `mine` says the decision that stands is this person's same one (their press
 * handled again after a crash, a double tap), answered as the first time.
 */
export function decideJoinRequest(
  deps: CoreDeps,
  actorId: number,
  input: { requestId: number; decision: JoinDecision },
): { request: JoinRequestView; changed: boolean; mine: boolean } {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const request = view(tx, input.requestId);
    if (!request) throw new DomainError('not_found', 'Join request not found', { entity: 'join_request' });
    requireMember(tx, request.familyId, actorId, 'manage_members');
    const mine = (r: JoinRequestView) => r.status === input.decision && r.decidedBy === actorId;
    if (request.status !== 'pending') return { request, changed: false, mine: mine(request) };
    const updated = tx
      .update(groupJoinRequests)
      .set({ status: input.decision, decidedBy: actorId, decidedAt: at })
      .where(and(eq(groupJoinRequests.id, request.id), eq(groupJoinRequests.status, 'pending')))
      .run();
    if (updated.changes !== 1) {
      const now = view(tx, request.id) as JoinRequestView;
      return { request: now, changed: false, mine: mine(now) };
    }
    if (input.decision === 'approved' && !findMembership(tx, request.familyId, request.userId)) {
      tx.insert(familyMembers).values({ familyId: request.familyId, userId: request.userId, role: 'member', joinedAt: at }).run();
      tx.update(users).set({ activeFamilyId: request.familyId, updatedAt: at }).where(eq(users.id, request.userId)).run();
      recordEvent(tx, {
        familyId: request.familyId,
        actorUserId: actorId,
        action: 'member.joined',
        entityType: 'user',
        entityId: request.userId,
        payload: { role: 'member', via: 'group', requestId: request.id },
        at,
      });
      enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: request.familyId, userId: request.userId } }, at);
    }
    recordEvent(tx, {
      familyId: request.familyId,
      actorUserId: actorId,
      action: `group.join_${input.decision}`,
      entityType: 'join_request',
      entityId: request.id,
      payload: { userId: request.userId },
      at,
    });
    return { request: view(tx, request.id) as JoinRequestView, changed: true, mine: true };
  });
}
