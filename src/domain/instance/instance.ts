// The instance: one self-hosted server and the person who runs it. The first
// person to create a family becomes the instance owner (recorded once, in the
// same transaction as that family); with an allowlist, the first listed one. Who else may create families is the
// instance policy, checked here in the core so the bot and the API share it:
//   open    anyone who reaches the bot or the API
//   invite  the owner; people the owner let in (members of a family the owner
//           belongs to, i.e. who joined by the owner's invite); and Telegram
//           ids on the allowlist (INSTANCE_ALLOWED_TELEGRAM_IDS)
import { and, eq, inArray } from 'drizzle-orm';
import { familyMembers, instanceSettings, telegramIdentities } from '../../db/schema.js';
import type { CoreDeps, Q } from '../deps.js';
import { DomainError } from '../errors.js';

export type InstancePolicy = { mode: 'open' | 'invite'; allowedTelegramIds: readonly number[] };

/** Without a configured policy (unit tests of other concepts) the core is open. */
export const OPEN_POLICY: InstancePolicy = { mode: 'open', allowedTelegramIds: [] };

const OWNER_KEY = 'owner_user_id';

export function instanceOwnerId(q: Q): number | undefined {
  const row = q.select({ value: instanceSettings.value }).from(instanceSettings).where(eq(instanceSettings.key, OWNER_KEY)).get();
  return row ? Number(row.value) : undefined;
}

export function isInstanceOwner(deps: CoreDeps, userId: number): boolean {
  return instanceOwnerId(deps.db) === userId;
}

/** Whether the person has a Telegram account on the allowlist (INSTANCE_ALLOWED_TELEGRAM_IDS). */
function isListed(q: Q, policy: InstancePolicy, actorId: number): boolean {
  if (!policy.allowedTelegramIds.length) return false;
  const listed = q
    .select({ id: telegramIdentities.id })
    .from(telegramIdentities)
    .where(and(eq(telegramIdentities.userId, actorId), inArray(telegramIdentities.telegramUserId, [...policy.allowedTelegramIds])))
    .get();
  return listed !== undefined;
}

/**
 * Whether the person may become the instance owner (nobody is yet). The owner
 * gets every family's backups, so with an allowlist only a listed person does:
 * the one who set up the server, not whoever found the bot or the API first.
 * Without an allowlist, the first creator (the README says to start the bot first).
 */
function mayBecomeOwner(q: Q, policy: InstancePolicy, actorId: number): boolean {
  return policy.allowedTelegramIds.length === 0 || isListed(q, policy, actorId);
}

function mayCreateFamily(q: Q, policy: InstancePolicy, ownerId: number | undefined, actorId: number): boolean {
  if (policy.mode === 'open' || ownerId === actorId) return true;
  // invite: before there is an owner, only who may become it.
  if (ownerId === undefined) return mayBecomeOwner(q, policy, actorId);
  if (isListed(q, policy, actorId)) return true;
  const ownersFamilies = q.select({ id: familyMembers.familyId }).from(familyMembers).where(eq(familyMembers.userId, ownerId)).all();
  if (!ownersFamilies.length) return false;
  const invited = q
    .select({ id: familyMembers.id })
    .from(familyMembers)
    .where(
      and(
        eq(familyMembers.userId, actorId),
        inArray(
          familyMembers.familyId,
          ownersFamilies.map((f) => f.id),
        ),
      ),
    )
    .get();
  return Boolean(invited);
}

/**
 * Inside createFamily's transaction: refuses a person the policy does not let
 * in (`forbidden`, reason `instance_policy`), and makes the very first creator
 * the instance owner (with an allowlist, the first listed creator).
 */
export function admitFamilyCreator(q: Q, deps: CoreDeps, actorId: number, at: number): void {
  const policy = deps.instancePolicy ?? OPEN_POLICY;
  const ownerId = instanceOwnerId(q);
  if (!mayCreateFamily(q, policy, ownerId, actorId)) {
    throw new DomainError('forbidden', 'This server only lets people its owner invited create a family. Ask the owner for an invite.', {
      reason: 'instance_policy',
    });
  }
  if (ownerId === undefined && mayBecomeOwner(q, policy, actorId)) {
    q.insert(instanceSettings).values({ key: OWNER_KEY, value: String(actorId), updatedAt: at }).onConflictDoNothing().run();
  }
}
