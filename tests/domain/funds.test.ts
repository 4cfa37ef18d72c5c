// Funds: a card's credit limit, "not enough money" naming the wallet and what
// could pay instead, opening balances and adjustments that are neither income
// nor spending.
import { describe, expect, it } from 'vitest';
import {
  adjustWalletBalance,
  createFamily,
  createTransaction,
  createWallet,
  lastUndoableEntry,
  listTransactions,
  listWallets,
  reasonOf,
  setWalletCredit,
  summarize,
  type CoreDeps,
} from '../../src/domain/index.js';
import { balanceOf, fund, makeUser, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { domainError, eventsFor, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const { expense } = useLedgerFixture((s) => ({ t, deps, f } = s));

const wallet = (input: Partial<Parameters<typeof createWallet>[2]> = {}) =>
  createWallet(deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', ...input });

describe('insufficient funds', () => {
  it('names the wallet, its balance and the other wallets in that currency that could pay', () => {
    void t;
    fund(deps, f, f.cashId, USD(20));
    const bank = wallet({ name: 'Bank', openingBalanceMinor: USD(100) });
    wallet({ name: 'Piggy', openingBalanceMinor: USD(10) }); // too little
    createWallet(deps, f.owner, { familyId: f.familyId, name: 'Euro', type: 'bank', currency: 'EUR', openingBalanceMinor: 100_000 }); // other currency
    const card = wallet({ name: 'Visa', type: 'card', creditLimitMinor: USD(500) });
    const before = snapshot(deps);
    const e = domainError(() => expense(f.owner, USD(50)));
    expect(e.code).toBe('insufficient_funds');
    const why = reasonOf(e, 'insufficient_funds');
    expect(why?.wallet).toMatchObject({ walletId: f.cashId, name: 'Cash', nameKey: 'default-wallet-cash', balanceMinor: USD(20), availableMinor: USD(20), currency: 'USD' });
    expect(why?.neededMinor).toBe(USD(50));
    expect(why?.alternatives.map((w) => [w.walletId, w.availableMinor])).toEqual([
      [bank.id, USD(100)],
      [card.id, USD(500)],
    ]);
    // The flat fields stay for clients that read them.
    expect(e.details).toMatchObject({ walletId: f.cashId, balanceMinor: USD(20), neededMinor: USD(50), reason: 'insufficient_funds' });
    expect(snapshot(deps)).toBe(before);
  });

  it('a request that needs approval is refused when it is made if the wallet cannot pay it', () => {
    fund(deps, f, f.cashId, USD(550));
    const before = snapshot(deps);
    expect(reasonOf(domainError(() => expense(f.members.member, USD(600))), 'insufficient_funds')?.wallet.balanceMinor).toBe(USD(550));
    expect(snapshot(deps)).toBe(before);
    expect(expense(f.members.member, USD(550)).transaction.status).toBe('pending_approval');
  });
});

describe('cards and credit limits', () => {
  it('a card goes below zero down to its credit limit, not further', () => {
    const card = wallet({ name: 'Visa', type: 'card', creditLimitMinor: USD(300) });
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card.id, amountMinor: USD(250) });
    expect(balanceOf(deps, card.id)).toBe(-USD(250));
    const e = domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card.id, amountMinor: USD(51) }));
    expect(reasonOf(e, 'insufficient_funds')?.wallet).toMatchObject({ balanceMinor: -USD(250), availableMinor: USD(50) });
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card.id, amountMinor: USD(50) });
    expect(balanceOf(deps, card.id)).toBe(-USD(300));
  });

  it('a credit limit is for cards only; allow_negative has no floor; a limit below the current debt is refused', () => {
    expect(domainError(() => wallet({ type: 'bank', creditLimitMinor: 100 })).details['field']).toBe('credit_limit');
    expect(domainError(() => wallet({ type: 'card', creditLimitMinor: -1 })).details['field']).toBe('credit_limit');
    const open = wallet({ name: 'Overdraft', allowNegative: true });
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: open.id, amountMinor: USD(10_000) });
    expect(balanceOf(deps, open.id)).toBe(-USD(10_000));
    const card = wallet({ name: 'Visa', type: 'card', creditLimitMinor: USD(300) });
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card.id, amountMinor: USD(200) });
    expect(domainError(() => setWalletCredit(deps, f.owner, { familyId: f.familyId, walletId: card.id, creditLimitMinor: USD(100) })).code).toBe('invalid_state');
    expect(setWalletCredit(deps, f.owner, { familyId: f.familyId, walletId: card.id, creditLimitMinor: USD(1000) }).creditLimitMinor).toBe(USD(1000));
    expect(domainError(() => setWalletCredit(deps, f.members.member, { familyId: f.familyId, walletId: card.id, allowNegative: true })).code).toBe('forbidden');
  });
});

describe('opening balances and adjustments', () => {
  it('createWallet with a starting balance is one call: the wallet, an opening_balance entry and their events', () => {
    const w = wallet({ openingBalanceMinor: USD(1234.5) });
    expect(w.balanceMinor).toBe(USD(1234.5));
    const [entry] = listTransactions(deps, f.owner, { familyId: f.familyId, walletId: w.id }).items;
    expect(entry).toMatchObject({ kind: 'opening_balance', toWalletId: w.id, fromWalletId: null, amountMinor: USD(1234.5), status: 'executed', categoryId: null, createdBy: f.owner });
    expect(eventsFor(deps, 'wallet', w.id).map((e) => e.action)).toEqual(['wallet.created']);
    // A card may start in debt within its limit; other wallets cannot start below zero.
    const card = wallet({ name: 'Visa', type: 'card', creditLimitMinor: USD(500), openingBalanceMinor: -USD(120) });
    expect(card.balanceMinor).toBe(-USD(120));
    const before = snapshot(deps);
    expect(domainError(() => wallet({ name: 'Neg', openingBalanceMinor: -1 })).details['field']).toBe('opening_balance');
    expect(domainError(() => wallet({ name: 'Card2', type: 'card', creditLimitMinor: USD(100), openingBalanceMinor: -USD(101) })).details['field']).toBe('opening_balance');
    expect(domainError(() => wallet({ name: 'Frac', openingBalanceMinor: 1.5 })).details['field']).toBe('opening_balance');
    expect(snapshot(deps)).toBe(before);
  });

  it('createFamily with an opening balance is one call; the opening balance is not income in reports', () => {
    const owner = makeUser(deps, 'New');
    const fam = createFamily(deps, owner, { name: 'Newcomers', baseCurrency: 'EUR', openingBalanceMinor: 25_000 });
    const [cash] = listWallets(deps, owner, fam.id);
    expect(cash).toMatchObject({ balanceMinor: 25_000, nameKey: 'default-wallet-cash' });
    const report = summarize(deps, owner, { familyId: fam.id, from: 0, to: deps.clock() + 1 });
    expect(report.currencies).toEqual([]);
    expect(domainError(() => createFamily(deps, owner, { name: 'Bad', baseCurrency: 'EUR', openingBalanceMinor: -5 })).details['field']).toBe('opening_balance');
  });

  it('an adjustment sets what the wallet really holds; reports leave it out', () => {
    fund(deps, f, f.cashId, USD(100));
    expense(f.owner, USD(30));
    const up = adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: USD(75), note: 'counted the drawer' });
    expect(up.wallet.balanceMinor).toBe(USD(75));
    expect(up.adjustment).toMatchObject({ kind: 'adjustment', toWalletId: f.cashId, amountMinor: USD(5), description: 'counted the drawer' });
    const down = adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: USD(60) });
    expect(down.adjustment).toMatchObject({ kind: 'adjustment', fromWalletId: f.cashId, amountMinor: USD(15) });
    expect(adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: USD(60) }).adjustment).toBeNull();
    const usd = summarize(deps, f.owner, { familyId: f.familyId, from: 0, to: deps.clock() + 1 }).currencies[0]!;
    expect([usd.incomeMinor, usd.expenseMinor]).toEqual([BigInt(USD(100)), BigInt(USD(30))]);
    expect(domainError(() => adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: -1 })).code).toBe('validation');
    expect(domainError(() => adjustWalletBalance(deps, f.members.member, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 0 })).code).toBe('forbidden');
  });
});

describe('undo after a balance entry', () => {
  it('the last reversible entry skips opening balances and adjustments', () => {
    fund(deps, f, f.cashId, USD(100));
    const spent = expense(f.owner, USD(5)).transaction;
    wallet({ name: 'Savings', openingBalanceMinor: USD(300) });
    adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: USD(90) });
    expect(lastUndoableEntry(deps, f.owner, f.familyId)?.id).toBe(spent.id);
  });
});
