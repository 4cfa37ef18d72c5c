// Who may do what in a family. Checked inside every core function against the
// acting user's membership; adapters may use it only to hide buttons.
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'view',
  'create_transaction',
  'approve_transaction',
  /** Reverse anyone's transaction. Everyone who may create may reverse their own. */
  'reverse_transaction',
  'manage_wallets',
  'manage_categories',
  'manage_budgets',
  'manage_members',
  'manage_settings',
  'view_audit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What an owner may do and an admin may not: nothing today (an owner differs in the roles they may hand out,
 * canAssignRole). A new permission reaches admins unless it is listed here.
 */
const OWNER_ONLY: readonly Permission[] = [];

const MATRIX: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => !OWNER_ONLY.includes(p)),
  member: ['view', 'create_transaction', 'manage_categories'],
  viewer: ['view'],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles an actor may hand out or take away: only an owner touches admins. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (actor === 'owner') return target !== 'owner';
  if (actor === 'admin') return target === 'member' || target === 'viewer';
  return false;
}
