// Who is writing in a group, as the bot needs to know before anything else:
// the family the group is linked to, the person (by their Telegram user id),
// their role there and whether they asked to join.
import { and, eq } from 'drizzle-orm';
import { families, groupJoinRequests, telegramIdentities, users } from '../../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { findMembership } from '../families/access.js';
import type { Role } from '../families/permissions.js';
import type { User } from '../users/users.js';
import { findGroup, type FamilyGroup } from './links.js';
import { readGroupSettings, type GroupSettings } from './settings.js';

export type GroupActor = {
  group: FamilyGroup;
  familyName: string;
  /** The family's language: the group's shared messages are written in it. */
  familyLocale: string;
  settings: GroupSettings;
  /** The person, when the bot knows them (a private chat, or an earlier message in a group). */
  user: User | undefined;
  /** Their role in the group's family, null when they are not in it. */
  role: Role | null;
  /** A join request of theirs is waiting. */
  joinPending: boolean;
};

/** The user of a Telegram account: its private chat id is the Telegram user id. */
export function findUserByTelegramId(deps: CoreDeps, telegramUserId: number): User | undefined {
  const row = deps.db
    .select({ user: users })
    .from(telegramIdentities)
    .innerJoin(users, eq(users.id, telegramIdentities.userId))
    .where(eq(telegramIdentities.chatId, telegramUserId))
    .get();
  return row?.user;
}

/** Undefined when the group is not linked to a family. */
export function groupActor(deps: CoreDeps, chatId: number, telegramUserId: number | undefined): GroupActor | undefined {
  const group = findGroup(deps.db, chatId);
  if (!group) return undefined;
  const settings = readGroupSettings(deps.db, group.familyId);
  const family = deps.db.select({ name: families.name, locale: families.locale }).from(families).where(eq(families.id, group.familyId)).get();
  const user = telegramUserId === undefined ? undefined : findUserByTelegramId(deps, telegramUserId);
  const role = user ? (findMembership(deps.db, group.familyId, user.id)?.role ?? null) : null;
  const joinPending = user
    ? Boolean(
        deps.db
          .select({ id: groupJoinRequests.id })
          .from(groupJoinRequests)
          .where(and(eq(groupJoinRequests.familyId, group.familyId), eq(groupJoinRequests.userId, user.id), eq(groupJoinRequests.status, 'pending')))
          .get(),
      )
    : false;
  return { group, familyName: family?.name ?? '', familyLocale: family?.locale ?? 'en', settings, user, role, joinPending };
}
