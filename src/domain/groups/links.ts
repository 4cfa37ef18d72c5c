// A family's Telegram group: linking (owners/admins only), unlinking (a command
// or the bot being removed), the move of a group to a supergroup, and finding
// which family a group belongs to. Each change is one transaction with its
// audit event. A group belongs to at most one family and a family has at most
// one group, so "the family's group" is never ambiguous.
import { safeForeignText, TEXT_RULES } from '../text/text.js';
import { and, eq, sql } from 'drizzle-orm';
import { families, familyGroups, groupJoinRequests } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { perConnection } from '../prepared.js';
import { DomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { findMembership, requireMember } from '../families/access.js';

export type FamilyGroup = typeof familyGroups.$inferSelect;

function checkGroupChatId(chatId: number): number {
  // Telegram groups and supergroups have negative ids; a private chat is never a family group.
  if (!Number.isSafeInteger(chatId) || chatId >= 0) throw validation('chatId', 'Only a group or supergroup can be linked');
  return chatId;
}

// Asked for every group update (which family is this chat?) and after every private update of a
// family member (the pinned summary): prepared once per connection.
const groupStatements = perConnection((q) => ({
  byChat: q
    .select()
    .from(familyGroups)
    .where(eq(familyGroups.chatId, sql.placeholder('chatId')))
    .prepare(),
  ofFamily: q
    .select()
    .from(familyGroups)
    .where(eq(familyGroups.familyId, sql.placeholder('familyId')))
    .prepare(),
}));

export function findGroup(q: Q, chatId: number): FamilyGroup | undefined {
  return groupStatements(q).byChat.get({ chatId });
}

/** The family's group, if it has one (for notifications: approvals, the pinned summary). */
export function groupOfFamily(q: Q, familyId: number): FamilyGroup | undefined {
  return groupStatements(q).ofFamily.get({ familyId });
}

export type LinkResult = { group: FamilyGroup; familyName: string; alreadyLinked: boolean };

/**
 * Links a group to a family. Only an owner or admin of that family may; a group
 * already linked to another family, or a family that already has another group,
 * is refused (unlink first). Linking the same pair again changes nothing.
 */
export function linkGroup(deps: CoreDeps, actorId: number, input: { familyId: number; chatId: number; title?: string | null }): LinkResult {
  const chatId = checkGroupChatId(input.chatId);
  const at = deps.clock();
  // A group's title is Telegram's: made safe by the text rule, never refused.
  const title = safeForeignText(input.title, TEXT_RULES.groupTitle);
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_settings');
    const family = tx.select({ name: families.name }).from(families).where(eq(families.id, input.familyId)).get();
    if (!family) throw new DomainError('not_found', 'Family not found', { entity: 'family' });
    const existing = findGroup(tx, chatId);
    if (existing) {
      if (existing.familyId === input.familyId) return { group: existing, familyName: family.name, alreadyLinked: true };
      throw new DomainError('conflict', 'This group is already linked to another family', { reason: 'group_linked_elsewhere' });
    }
    const other = groupOfFamily(tx, input.familyId);
    if (other) {
      throw new DomainError('conflict', 'Your family is already linked to another group; unlink it there first', {
        reason: 'family_has_group',
        title: other.title,
      });
    }
    const group = tx
      .insert(familyGroups)
      .values({ chatId, familyId: input.familyId, title, linkedBy: actorId, linkedAt: at })
      .returning()
      .get();
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'group.linked',
      entityType: 'group',
      entityId: chatId,
      payload: { title },
      at,
    });
    return { group, familyName: family.name, alreadyLinked: false };
  });
}

export type UnlinkReason = 'command' | 'bot_removed';

/**
 * Unlinks a group. With reason `command` the actor must be an owner or admin of
 * the linked family. With `bot_removed` the link is useless anyway (the bot can
 * no longer write there): it is removed whoever removed the bot, and the actor
 * is recorded only when they are in the family. Pending join requests made in
 * the group are declined with it. Returns the family it was linked to, or
 * undefined when the group was not linked (nothing changes).
 */
export function unlinkGroup(
  deps: CoreDeps,
  actorId: number | null,
  input: { chatId: number; reason: UnlinkReason },
): { familyId: number } | undefined {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const group = findGroup(tx, input.chatId);
    if (!group) {
      if (input.reason === 'command') throw new DomainError('not_found', 'This group is not linked to a family', { entity: 'group' });
      return undefined;
    }
    if (input.reason === 'command') {
      if (actorId === null) throw new DomainError('forbidden', 'Only an owner or admin of the family can unlink the group');
      requireMember(tx, group.familyId, actorId, 'manage_settings');
    }
    const recordedActor = actorId !== null && findMembership(tx, group.familyId, actorId) ? actorId : null;
    tx.delete(familyGroups).where(eq(familyGroups.chatId, group.chatId)).run();
    tx.update(groupJoinRequests)
      .set({ status: 'declined', decidedAt: at })
      .where(and(eq(groupJoinRequests.chatId, group.chatId), eq(groupJoinRequests.status, 'pending')))
      .run();
    recordEvent(tx, {
      familyId: group.familyId,
      actorUserId: recordedActor,
      action: 'group.unlinked',
      entityType: 'group',
      entityId: group.chatId,
      payload: { reason: input.reason, title: group.title },
      at,
    });
    return { familyId: group.familyId };
  });
}

/**
 * A group became a supergroup (Telegram gives it a new id): the link, its
 * pending join requests and its settings follow. Telegram tells the bot twice
 * (migrate_to_chat_id in the old chat, migrate_from_chat_id in the new one);
 * the second call finds nothing to move and changes nothing.
 */
export function migrateGroup(deps: CoreDeps, input: { fromChatId: number; toChatId: number }): FamilyGroup | undefined {
  const toChatId = checkGroupChatId(input.toChatId);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const group = findGroup(tx, input.fromChatId);
    if (!group) return findGroup(tx, toChatId);
    if (findGroup(tx, toChatId)) throw new DomainError('conflict', 'The supergroup is already linked', { reason: 'group_linked_elsewhere' });
    // The pinned summary stays behind in the old chat: a new one is posted in the supergroup.
    const moved = tx
      .update(familyGroups)
      .set({ chatId: toChatId, summaryMessageId: null, summaryText: null, summaryDay: null })
      .where(eq(familyGroups.chatId, group.chatId))
      .returning()
      .get();
    tx.update(groupJoinRequests).set({ chatId: toChatId }).where(eq(groupJoinRequests.chatId, group.chatId)).run();
    recordEvent(tx, {
      familyId: group.familyId,
      actorUserId: null,
      action: 'group.migrated',
      entityType: 'group',
      entityId: toChatId,
      payload: { from: group.chatId, to: toChatId },
      at,
    });
    return moved;
  });
}

/** Remembers the pinned summary message and its text, so later changes edit it (and only when it changed). */
export function setSummaryMessage(deps: CoreDeps, input: { chatId: number; messageId: number | null; text?: string | null; day?: string | null }): void {
  deps.db
    .update(familyGroups)
    .set({ summaryMessageId: input.messageId, summaryText: input.text ?? null, summaryDay: input.day ?? null })
    .where(eq(familyGroups.chatId, input.chatId))
    .run();
}
