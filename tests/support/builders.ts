// Small builders for test data: people, families with members, wallets with money.
import { eq } from 'drizzle-orm';
import { wallets } from '../../src/db/schema.js';
import {
  createFamily,
  createInvite,
  createTransaction,
  createWallet,
  ensureTelegramUser,
  joinFamily,
  listCategories,
  listWallets,
  type CoreDeps,
  type Role,
} from '../../src/domain/index.js';

let nextChat = 5000;

/** Adds `userId` to family `familyId` as `role`, through an invite made by `inviterId` (an owner or admin there). */
export function joinAs(deps: CoreDeps, inviterId: number, familyId: number, userId: number, role: Exclude<Role, 'owner'>): void {
  joinFamily(deps, userId, createInvite(deps, inviterId, { familyId, role }).code);
}

export function makeUser(deps: CoreDeps, name = 'Person'): number {
  return ensureTelegramUser(deps, { chatId: nextChat++, firstName: name, languageCode: 'en' }).user.id;
}

export type FamilyFixture = {
  familyId: number;
  owner: number;
  members: Record<Exclude<Role, 'owner'>, number>;
  outsider: number;
  cashId: number;
  expenseCategoryId: number;
  incomeCategoryId: number;
};

/** A USD family with one person in each role, an outsider, and a Cash wallet. */
export function makeFamily(deps: CoreDeps, currency = 'USD'): FamilyFixture {
  const owner = makeUser(deps, 'Owner');
  const family = createFamily(deps, owner, { name: 'Test family', baseCurrency: currency });
  const members = {} as Record<Exclude<Role, 'owner'>, number>;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const id = makeUser(deps, role);
    joinAs(deps, owner, family.id, id, role);
    members[role] = id;
  }
  const cash = listWallets(deps, owner, family.id)[0]!;
  const cats = listCategories(deps, owner, family.id);
  return {
    familyId: family.id,
    owner,
    members,
    outsider: makeUser(deps, 'Outsider'),
    cashId: cash.id,
    expenseCategoryId: cats.find((c) => c.kind === 'expense')!.id,
    incomeCategoryId: cats.find((c) => c.kind === 'income')!.id,
  };
}

/** Puts money into a wallet through the ledger (an executed income by the owner). */
export function fund(deps: CoreDeps, f: FamilyFixture, walletId: number, amountMinor: number): void {
  createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: walletId, amountMinor, categoryId: f.incomeCategoryId });
}

export function addWallet(deps: CoreDeps, f: FamilyFixture, currency = 'USD', allowNegative = false): number {
  return createWallet(deps, f.owner, { familyId: f.familyId, name: `W ${currency} ${Math.random().toString(36).slice(2, 6)}`, type: 'bank', currency, allowNegative }).id;
}

export function balanceOf(deps: CoreDeps, walletId: number): number {
  return deps.db.select({ b: wallets.balanceMinor }).from(wallets).where(eq(wallets.id, walletId)).get()!.b;
}
