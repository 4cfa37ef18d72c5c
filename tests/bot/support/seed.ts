// Families for bot tests, built through the core with the fake people's chat ids.
import {
  createFamily,
  createTransaction,
  createWallet,
  ensureTelegramUser,
  listCategories,
  listWallets,
  type CoreDeps,
  type Role,
} from '../../../src/domain/index.js';
import { joinAs } from '../../support/builders.js';
import type { FakeUser } from '../../support/fake-telegram.js';
import type { Harness } from './harness.js';

export type SeededFamily = { familyId: number; userIds: Map<number, number>; cashId: number; ownerId: number; userOf(p: FakeUser): number };

/** The first person owns a `currency` family; the others join with their roles. */
export function seedFamily(deps: CoreDeps, owner: FakeUser, others: Array<[FakeUser, Exclude<Role, 'owner'>]> = [], currency = 'USD'): SeededFamily {
  const userIds = new Map<number, number>();
  const register = (p: FakeUser) => {
    const id = ensureTelegramUser(deps, { chatId: p.chatId, telegramUserId: p.id, firstName: p.user.first_name, languageCode: p.user.language_code ?? 'en' }).user.id;
    userIds.set(p.id, id);
    return id;
  };
  const ownerId = register(owner);
  const family = createFamily(deps, ownerId, { name: 'Family', baseCurrency: currency, locale: 'en' });
  for (const [p, role] of others) joinAs(deps, ownerId, family.id, register(p), role);
  const cashId = listWallets(deps, ownerId, family.id)[0]!.id;
  return { familyId: family.id, userIds, cashId, ownerId, userOf: (p) => userIds.get(p.id)! };
}

/** Puts money into a wallet with an owner's executed income. */
export function fund(deps: CoreDeps, f: SeededFamily, ownerId: number, walletId: number, amountMinor: number): void {
  const income = listCategories(deps, ownerId, f.familyId, { kind: 'income' })[0]!;
  createTransaction(deps, ownerId, { familyId: f.familyId, toWalletId: walletId, amountMinor, categoryId: income.id });
}

export function addWallet(deps: CoreDeps, f: SeededFamily, ownerId: number, name: string, currency = 'USD'): number {
  return createWallet(deps, ownerId, { familyId: f.familyId, name, type: 'bank', currency }).id;
}

/** The person owns a `currency` family (the others join) whose Cash wallet holds `cashMinor`. */
export function familyWithFundedCash(
  deps: CoreDeps,
  owner: FakeUser,
  cashMinor: number,
  opts: { currency?: string; others?: Array<[FakeUser, Exclude<Role, 'owner'>]> } = {},
): SeededFamily {
  const f = seedFamily(deps, owner, opts.others ?? [], opts.currency ?? 'USD');
  fund(deps, f, f.ownerId, f.cashId, cashMinor);
  return f;
}

/** A second wallet in `currency`, holding `amountMinor` put in by the owner. */
export function addFundedWallet(deps: CoreDeps, f: SeededFamily, name: string, currency: string, amountMinor: number): number {
  const walletId = addWallet(deps, f, f.ownerId, name, currency);
  fund(deps, f, f.ownerId, walletId, amountMinor);
  return walletId;
}

/** Alice (1001, English) owns a `currency` family: how most bot tests begin. */
export function aliceWithFamily(h: Pick<Harness, 'db' | 'person'>, currency = 'USD'): { alice: FakeUser; f: SeededFamily; owner: number } {
  const alice = h.person(1001, 'Alice');
  const f = seedFamily(h.db.deps, alice, [], currency);
  return { alice, f, owner: f.ownerId };
}

/** Alice (1001, English) owns a `currency` family whose Cash wallet holds `cashMinor`. */
export function aliceWithFundedCash(h: Pick<Harness, 'db' | 'person'>, cashMinor: number, currency = 'USD'): { alice: FakeUser; f: SeededFamily; owner: number } {
  const alice = h.person(1001, 'Alice');
  const f = familyWithFundedCash(h.db.deps, alice, cashMinor, { currency });
  return { alice, f, owner: f.ownerId };
}
