// Family scoping: every read and write resolves the actor's membership first.
// A family the actor does not belong to is reported as not found, so ids of
// other families leak nothing.
import { familyMembers } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { DomainError, notFound } from '../errors.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { can, type Permission, type Role } from './permissions.js';

export type Membership = { familyId: number; userId: number; role: Role; defaultWalletId: number | null };

// Every core call resolves a membership first: prepared once per connection, read raw (rawColumns).
const MEMBERSHIP = rawColumns(familyMembers, ['familyId', 'userId', 'role', 'defaultWalletId']);
const statements = perConnection((q) => ({
  membership: rawQuery<[number, number], Membership>(connectionOf(q), `SELECT ${MEMBERSHIP.list} FROM family_members WHERE family_id = ? AND user_id = ?`, MEMBERSHIP.read),
}));

export function findMembership(q: Q, familyId: number, userId: number): Membership | undefined {
  return statements(q).membership.get(familyId, userId);
}

export function requireMember(q: Q, familyId: number, userId: number, permission: Permission): Membership {
  const m = findMembership(q, familyId, userId);
  if (!m) throw notFound('Family', { familyId });
  return requirePermission(m, permission);
}

/** A membership already read in this transaction, checked for a permission. */
export function requirePermission(m: Membership, permission: Permission): Membership {
  if (!can(m.role, permission)) {
    throw new DomainError('forbidden', `Your role (${m.role}) does not allow this`, { permission, role: m.role });
  }
  return m;
}
