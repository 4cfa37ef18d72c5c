// Family scoping: every read and write resolves the actor's membership first.
// A family the actor does not belong to is reported as not found, so ids of
// other families leak nothing.
import { and, eq, sql } from 'drizzle-orm';
import { familyMembers } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { DomainError, notFound } from '../errors.js';
import { perConnection } from '../prepared.js';
import { can, type Permission, type Role } from './permissions.js';

export type Membership = { familyId: number; userId: number; role: Role; defaultWalletId: number | null };

// Every core call resolves a membership first: prepared once per connection.
const statements = perConnection((q) => ({
  membership: q
    .select({
      familyId: familyMembers.familyId,
      userId: familyMembers.userId,
      role: familyMembers.role,
      defaultWalletId: familyMembers.defaultWalletId,
    })
    .from(familyMembers)
    .where(and(eq(familyMembers.familyId, sql.placeholder('familyId')), eq(familyMembers.userId, sql.placeholder('userId'))))
    .prepare(),
}));

export function findMembership(q: Q, familyId: number, userId: number): Membership | undefined {
  return statements(q).membership.get({ familyId, userId });
}

export function requireMember(q: Q, familyId: number, userId: number, permission: Permission): Membership {
  const m = findMembership(q, familyId, userId);
  if (!m) throw notFound('Family', { familyId });
  if (!can(m.role, permission)) {
    throw new DomainError('forbidden', `Your role (${m.role}) does not allow this`, { permission, role: m.role });
  }
  return m;
}
