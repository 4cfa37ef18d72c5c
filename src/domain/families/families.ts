// Families: creation with sensible defaults, settings, approval thresholds.
import { and, asc, eq, sql } from 'drizzle-orm';
import { approvalThresholds, categories, families, familyMembers, users, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { notFound, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { isCurrencyCode } from '../money/currency.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { connectionOf, perConnection } from '../prepared.js';
import { requireMember } from './access.js';
import { admitFamilyCreator } from '../instance/instance.js';
import { DEFAULT_CATEGORIES, DEFAULT_WALLET_KEY, DEFAULT_WALLET_NAME } from './defaults.js';
import { defaultApprovalThresholdMinor } from './default-threshold.js';
import { postBalanceEntry } from '../ledger/balance-entries.js';
import type { Role } from './permissions.js';
import { cleanText, TEXT_RULES } from '../text/text.js';

export type Family = typeof families.$inferSelect;
export type FamilyLocale = 'en' | 'ru';
export const FAMILY_LOCALES: readonly FamilyLocale[] = ['en', 'ru'];

function checkName(name: string, field = 'name'): string {
  return cleanText(name, { ...TEXT_RULES.familyName, field });
}

export function checkCurrency(currency: string, field = 'currency'): string {
  const c = currency.trim().toUpperCase();
  if (!isCurrencyCode(c)) throw validation(field, `${currency} is not an ISO 4217 currency code`);
  return c;
}

/** UTC by any of its names; otherwise a region's zone, Area/Location (America/Argentina/Buenos_Aires). */
const UTC_NAMES = /^(?:Etc\/)?(?:UTC|GMT)$/i;
const REGION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * A time zone a family lives by: a region's zone (Europe/Moscow, Asia/Kathmandu) or UTC. Intl also
 * takes legacy abbreviations and fixed offsets, which keep the wrong calendar all year or half of it:
 * EST is Panama's clock (no summer time in New York), IST is India's (not Israel's or Ireland's),
 * Etc/GMT+8 is eight hours behind UTC. Zones stored before this check keep working.
 */
export function checkTimezone(tz: string): string {
  if (typeof tz === 'string' && UTC_NAMES.test(tz)) return tz;
  const region = typeof tz === 'string' && REGION.test(tz) && !/^Etc\//i.test(tz);
  try {
    if (!region) throw new RangeError('not a region');
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw validation('timezone', `${tz} is not a known time zone: give a region's, like Europe/Berlin (not an abbreviation or a fixed offset)`);
  }
}

function checkLocale(locale: string): FamilyLocale {
  if ((FAMILY_LOCALES as readonly string[]).includes(locale)) return locale as FamilyLocale;
  throw validation('locale', `Locale must be one of ${FAMILY_LOCALES.join(', ')}`);
}

export type CreateFamilyInput = {
  name: string;
  baseCurrency: string;
  locale?: string;
  timezone?: string;
  /** What the Cash wallet holds today, posted as its opening balance (not income). */
  openingBalanceMinor?: number;
  /** Who entered it (the opening balance's transactions.origin): `chat:<id>`, `api:<session>`. */
  origin?: string | null;
  /** Whether incomes of non-approvers wait for approval (default: they don't). */
  incomesNeedApproval?: boolean;
};

/**
 * Creates a family in one transaction: the creator becomes its owner, with a
 * Cash wallet (and its opening balance when given), default categories and
 * the default threshold. Default names carry their key (names.ts).
 */
export function createFamily(deps: CoreDeps, actorId: number, input: CreateFamilyInput): Family {
  const name = checkName(input.name);
  const currency = checkCurrency(input.baseCurrency, 'baseCurrency');
  const locale = checkLocale(input.locale ?? 'en');
  const timezone = checkTimezone(input.timezone ?? 'UTC');
  const opening = input.openingBalanceMinor ?? 0;
  if (!Number.isSafeInteger(opening) || opening < 0 || opening > MAX_AMOUNT_MINOR) throw validation('opening_balance', 'The opening balance must be zero or more');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const user = tx.select({ id: users.id }).from(users).where(eq(users.id, actorId)).get();
    if (!user) throw notFound('User');
    admitFamilyCreator(tx, deps, actorId, at);
    const family = tx
      .insert(families)
      .values({ name, baseCurrency: currency, locale, timezone, incomesNeedApproval: input.incomesNeedApproval ?? false, createdBy: actorId, createdAt: at, updatedAt: at })
      .returning()
      .get();
    const wallet = tx
      .insert(wallets)
      .values({ familyId: family.id, name: DEFAULT_WALLET_NAME[locale], nameKey: DEFAULT_WALLET_KEY, type: 'cash', currency, createdAt: at })
      .returning()
      .get();
    tx.insert(familyMembers).values({ familyId: family.id, userId: actorId, role: 'owner', joinedAt: at, defaultWalletId: wallet.id }).run();
    tx.insert(categories)
      .values(
        DEFAULT_CATEGORIES.map((c) => ({
          familyId: family.id,
          kind: c.kind,
          name: c.name[locale],
          nameKey: c.key,
          emoji: c.emoji,
          keywords: c.keywords,
          createdAt: at,
        })),
      )
      .run();
    tx.insert(approvalThresholds)
      .values({ familyId: family.id, currency, amountMinor: defaultApprovalThresholdMinor(currency) })
      .run();
    tx.update(users).set({ activeFamilyId: family.id, updatedAt: at }).where(eq(users.id, actorId)).run();
    recordEvent(tx, {
      familyId: family.id,
      actorUserId: actorId,
      action: 'family.created',
      entityType: 'family',
      entityId: family.id,
      payload: { name, baseCurrency: currency, locale, timezone },
      at,
    });
    // After the family exists, so the opening balance is the family's first entry.
    if (opening > 0) postBalanceEntry(tx, at, actorId, { wallet, amountMinor: opening, kind: 'opening_balance', field: 'opening_balance', origin: input.origin });
    return family;
  });
}

export function getFamily(deps: CoreDeps, actorId: number, familyId: number): Family & { role: Role } {
  const m = requireMember(deps.db, familyId, actorId, 'view');
  const family = deps.db.select().from(families).where(eq(families.id, familyId)).get();
  if (!family) throw notFound('Family', { familyId });
  return { ...family, role: m.role };
}

export function listFamiliesForUser(deps: CoreDeps, userId: number): Array<Family & { role: Role }> {
  return deps.db
    .select({ family: families, role: familyMembers.role })
    .from(familyMembers)
    .innerJoin(families, eq(families.id, familyMembers.familyId))
    .where(eq(familyMembers.userId, userId))
    .orderBy(asc(families.id))
    .all()
    .map((r) => ({ ...r.family, role: r.role }));
}

export type FamilySettingsInput = {
  familyId: number;
  name?: string;
  baseCurrency?: string;
  timezone?: string;
  locale?: string;
  /** Whether incomes of non-approvers wait for approval like expenses. */
  incomesNeedApproval?: boolean;
};

export function updateFamilySettings(deps: CoreDeps, actorId: number, input: FamilySettingsInput): Family {
  const patch: Partial<Family> = {};
  if (input.name !== undefined) patch.name = checkName(input.name);
  if (input.baseCurrency !== undefined) patch.baseCurrency = checkCurrency(input.baseCurrency, 'baseCurrency');
  if (input.timezone !== undefined) patch.timezone = checkTimezone(input.timezone);
  if (input.locale !== undefined) patch.locale = checkLocale(input.locale);
  if (input.incomesNeedApproval !== undefined) {
    if (typeof input.incomesNeedApproval !== 'boolean') throw validation('incomesNeedApproval', 'incomesNeedApproval must be true or false');
    patch.incomesNeedApproval = input.incomesNeedApproval;
  }
  if (Object.keys(patch).length === 0) throw validation('settings', 'Nothing to change');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_settings');
    const before = tx.select().from(families).where(eq(families.id, input.familyId)).get();
    if (!before) throw notFound('Family');
    // Only what differs is written: the same value again (a redelivered answer, a repeat) changes nothing and writes no "from X to X" event.
    const changed = (Object.keys(patch) as Array<keyof Family>).filter((k) => patch[k] !== before[k]);
    if (changed.length === 0) return before;
    const family = tx
      .update(families)
      .set({ ...patch, updatedAt: at })
      .where(eq(families.id, input.familyId))
      .returning()
      .get();
    // A new base currency gets the default threshold unless one is already set.
    if (patch.baseCurrency && !getThreshold(tx, input.familyId, patch.baseCurrency)) {
      tx.insert(approvalThresholds)
        .values({ familyId: input.familyId, currency: patch.baseCurrency, amountMinor: defaultApprovalThresholdMinor(patch.baseCurrency) })
        .run();
    }
    const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: family[k] }]));
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'family.settings_changed', entityType: 'family', entityId: input.familyId, payload: changes, at });
    return family;
  });
}

// Every posting reads its currency's threshold: prepared once per connection.
const statements = perConnection((q) => ({
  threshold: q
    .select({ amountMinor: approvalThresholds.amountMinor })
    .from(approvalThresholds)
    .where(and(eq(approvalThresholds.familyId, sql.placeholder('familyId')), eq(approvalThresholds.currency, sql.placeholder('currency'))))
    .prepare(),
}));

export function getThreshold(q: Q, familyId: number, currency: string): number | undefined {
  return statements(q).threshold.get({ familyId, currency })?.amountMinor;
}

export function listThresholds(deps: CoreDeps, actorId: number, familyId: number): Array<{ currency: string; amountMinor: number }> {
  requireMember(deps.db, familyId, actorId, 'view');
  return deps.db
    .select({ currency: approvalThresholds.currency, amountMinor: approvalThresholds.amountMinor })
    .from(approvalThresholds)
    .where(eq(approvalThresholds.familyId, familyId))
    .all();
}

/** Sets the amount above which a non-approver's transaction waits; null removes it (then everything in that currency waits). */
export function setApprovalThreshold(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; currency: string; amountMinor: number | null },
): void {
  const currency = checkCurrency(input.currency);
  if (input.amountMinor !== null && (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0 || input.amountMinor > MAX_AMOUNT_MINOR)) {
    throw validation('amount', 'The threshold must be a non-negative amount');
  }
  const at = deps.clock();
  writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_settings');
    const before = getThreshold(tx, input.familyId, currency) ?? null;
    // The same threshold again (a redelivered answer, a repeat) changes nothing and writes no event.
    if (before === input.amountMinor) return;
    if (input.amountMinor === null) {
      tx.delete(approvalThresholds)
        .where(and(eq(approvalThresholds.familyId, input.familyId), eq(approvalThresholds.currency, currency)))
        .run();
    } else {
      tx.insert(approvalThresholds)
        .values({ familyId: input.familyId, currency, amountMinor: input.amountMinor })
        .onConflictDoUpdate({ target: [approvalThresholds.familyId, approvalThresholds.currency], set: { amountMinor: input.amountMinor } })
        .run();
    }
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'family.threshold_changed',
      entityType: 'family',
      entityId: input.familyId,
      payload: { currency, from: before, to: input.amountMinor },
      at,
    });
  });
}

/** Which family the bot works in for this user (the last created or joined, or chosen). */
export function setActiveFamily(deps: CoreDeps, userId: number, familyId: number): void {
  requireMember(deps.db, familyId, userId, 'view');
  deps.db.update(users).set({ activeFamilyId: familyId, updatedAt: deps.clock() }).where(eq(users.id, userId)).run();
}

// Read for every bot update (which family the person is working in): one statement, prepared once per
// connection (the chosen family while still a member, else the first joined).
const activeFamilyStatements = perConnection((q) => ({
  active: connectionOf(q).prepare<[number, number], { id: number | null }>(
    `SELECT COALESCE(
       (SELECT m.family_id FROM users u JOIN family_members m ON m.family_id = u.active_family_id AND m.user_id = u.id WHERE u.id = ?),
       (SELECT family_id FROM family_members WHERE user_id = ? ORDER BY joined_at LIMIT 1)
     ) AS id`,
  ),
}));

export function getActiveFamilyId(deps: CoreDeps, userId: number): number | null {
  return activeFamilyStatements(deps.db).active.get(userId, userId)?.id ?? null;
}

