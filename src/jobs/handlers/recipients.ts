// Read-only lookups the notifications need: who is in a family with which
// role, their chats and language, and a transaction with its names resolved.
// These are system reads with no acting user, so they bypass the core's
// membership checks on purpose; they never write.
import { and, asc, eq } from 'drizzle-orm';
import type { Locale } from '../../config.js';
import { categories, families, familyMembers, telegramIdentities, transactions, users, wallets } from '../../db/schema.js';
import { can, type CoreDeps, type Permission, type Role, type Transaction } from '../../domain/index.js';
import { toLocale } from '../texts.js';

export type Person = { userId: number; name: string; locale: Locale; chatIds: number[] };
export type FamilyInfo = { id: number; name: string; locale: Locale; timezone: string };
export type Member = Person & { role: Role };

export function familyInfo(deps: CoreDeps, familyId: number, fallback: Locale): FamilyInfo | undefined {
  const f = deps.db.select().from(families).where(eq(families.id, familyId)).get();
  return f ? { id: f.id, name: f.name, locale: toLocale(f.locale) ?? fallback, timezone: f.timezone } : undefined;
}

export function chatsOf(deps: CoreDeps, userId: number): number[] {
  return deps.db
    .select({ chatId: telegramIdentities.chatId })
    .from(telegramIdentities)
    .where(eq(telegramIdentities.userId, userId))
    .orderBy(asc(telegramIdentities.id))
    .all()
    .map((r) => r.chatId);
}

/** A person with the language they read: their own, else the family's, else the app's default. */
export function person(deps: CoreDeps, userId: number, fallback: Locale): Person | undefined {
  const u = deps.db.select({ id: users.id, name: users.name, locale: users.locale }).from(users).where(eq(users.id, userId)).get();
  if (!u) return undefined;
  return { userId: u.id, name: u.name, locale: toLocale(u.locale) ?? fallback, chatIds: chatsOf(deps, u.id) };
}

export function nameOf(deps: CoreDeps, userId: number | null): string {
  if (userId === null) return '?';
  return deps.db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? '?';
}

export function membersOf(deps: CoreDeps, family: FamilyInfo): Member[] {
  return deps.db
    .select({ userId: familyMembers.userId, role: familyMembers.role, name: users.name, locale: users.locale })
    .from(familyMembers)
    .innerJoin(users, eq(users.id, familyMembers.userId))
    .where(eq(familyMembers.familyId, family.id))
    .orderBy(asc(familyMembers.joinedAt), asc(familyMembers.id))
    .all()
    .map((m) => ({ userId: m.userId, role: m.role, name: m.name, locale: toLocale(m.locale) ?? family.locale, chatIds: chatsOf(deps, m.userId) }));
}

export function membersWith(deps: CoreDeps, family: FamilyInfo, permission: Permission): Member[] {
  return membersOf(deps, family).filter((m) => can(m.role, permission));
}

export function memberIn(deps: CoreDeps, family: FamilyInfo, userId: number): Member | undefined {
  return membersOf(deps, family).find((m) => m.userId === userId);
}

export type TransactionView = Transaction & {
  categoryName: string | null;
  categoryEmoji: string | null;
  fromWalletName: string | null;
  toWalletName: string | null;
  requesterName: string;
};

export function transactionView(deps: CoreDeps, transactionId: number, familyId?: number): TransactionView | undefined {
  const t = deps.db
    .select()
    .from(transactions)
    .where(familyId === undefined ? eq(transactions.id, transactionId) : and(eq(transactions.id, transactionId), eq(transactions.familyId, familyId)))
    .get();
  if (!t) return undefined;
  const category = t.categoryId !== null ? deps.db.select().from(categories).where(eq(categories.id, t.categoryId)).get() : undefined;
  const walletName = (id: number | null) => (id === null ? null : (deps.db.select({ name: wallets.name }).from(wallets).where(eq(wallets.id, id)).get()?.name ?? null));
  return {
    ...t,
    categoryName: category?.name ?? null,
    categoryEmoji: category?.emoji ?? null,
    fromWalletName: walletName(t.fromWalletId),
    toWalletName: walletName(t.toWalletId),
    requesterName: nameOf(deps, t.createdBy),
  };
}

/** The language of whoever owns a chat (approval copies are stored by chat). */
export function localeOfChat(deps: CoreDeps, chatId: number, fallback: Locale): Locale {
  const row = deps.db
    .select({ locale: users.locale })
    .from(telegramIdentities)
    .innerJoin(users, eq(users.id, telegramIdentities.userId))
    .where(eq(telegramIdentities.chatId, chatId))
    .get();
  return toLocale(row?.locale) ?? fallback;
}
