// How a family uses its group: where approval requests go, what the group may
// see, and whether a pinned summary is kept. The predicates here are the only
// place these rules live; the bot and the jobs ask them.
import { eq } from 'drizzle-orm';
import { familyGroupSettings } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { can, type Role } from '../families/permissions.js';

export const APPROVALS_TARGETS = ['group', 'private', 'both'] as const;
export type ApprovalsTarget = (typeof APPROVALS_TARGETS)[number];
export const GROUP_VISIBILITIES = ['entries', 'everything'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];

export type GroupSettings = { approvalsTarget: ApprovalsTarget; visibility: GroupVisibility; pinnedSummary: boolean };

/** Defaults: approvals in both places, the group sees entries and approvals (balances and reports stay private), no pin. */
export const DEFAULT_GROUP_SETTINGS: GroupSettings = { approvalsTarget: 'both', visibility: 'entries', pinnedSummary: false };

export function readGroupSettings(q: Q, familyId: number): GroupSettings {
  const row = q.select().from(familyGroupSettings).where(eq(familyGroupSettings.familyId, familyId)).get();
  return row ? { approvalsTarget: row.approvalsTarget, visibility: row.visibility, pinnedSummary: row.pinnedSummary } : { ...DEFAULT_GROUP_SETTINGS };
}

export function getGroupSettings(deps: CoreDeps, actorId: number, familyId: number): GroupSettings {
  requireMember(deps.db, familyId, actorId, 'view');
  return readGroupSettings(deps.db, familyId);
}

export function updateGroupSettings(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number } & Partial<GroupSettings>,
): GroupSettings {
  if (input.approvalsTarget !== undefined && !APPROVALS_TARGETS.includes(input.approvalsTarget)) {
    throw validation('approvalsTarget', `Approvals go to one of: ${APPROVALS_TARGETS.join(', ')}`);
  }
  if (input.visibility !== undefined && !GROUP_VISIBILITIES.includes(input.visibility)) {
    throw validation('visibility', `The group sees one of: ${GROUP_VISIBILITIES.join(', ')}`);
  }
  if (input.pinnedSummary !== undefined && typeof input.pinnedSummary !== 'boolean') throw validation('pinnedSummary', 'On or off');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_settings');
    const before = readGroupSettings(tx, input.familyId);
    const after: GroupSettings = {
      approvalsTarget: input.approvalsTarget ?? before.approvalsTarget,
      visibility: input.visibility ?? before.visibility,
      pinnedSummary: input.pinnedSummary ?? before.pinnedSummary,
    };
    const changes = Object.fromEntries(
      (Object.keys(after) as Array<keyof GroupSettings>).filter((k) => after[k] !== before[k]).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changes).length === 0) return after;
    tx.insert(familyGroupSettings)
      .values({ familyId: input.familyId, ...after, updatedAt: at })
      .onConflictDoUpdate({ target: familyGroupSettings.familyId, set: { ...after, updatedAt: at } })
      .run();
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'group.settings_changed',
      entityType: 'family',
      entityId: input.familyId,
      payload: changes,
      at,
    });
    return after;
  });
}

/** Where an approval request goes, given the setting and whether the family has a group at all. */
export function approvalDestinations(settings: GroupSettings, hasGroup: boolean): { group: boolean; private: boolean } {
  if (!hasGroup) return { group: false, private: true };
  return { group: settings.approvalsTarget !== 'private', private: settings.approvalsTarget !== 'group' };
}

/** May the group be shown balances and reports? Entries and approvals are always shown. */
export function groupMaySeeBalances(settings: GroupSettings): boolean {
  return settings.visibility === 'everything';
}

/** Who may press a group approval card's buttons or a join request's. */
export function canDecideInGroup(role: Role | null | undefined): boolean {
  return role != null && can(role, 'approve_transaction');
}

/** Who may link or unlink a group, and change these settings. */
export function canManageGroup(role: Role | null | undefined): boolean {
  return role != null && can(role, 'manage_settings');
}
