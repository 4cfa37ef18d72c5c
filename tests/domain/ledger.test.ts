// The ledger: expenses, incomes and transfers; the approval threshold; idempotency;
// one SQLite transaction per use case; archived and foreign wallets; reading.
// Approve, reject, reverse and correct are in ledger-decisions.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_AMOUNT_MINOR,
  approveTransaction,
  archiveCategory,
  archiveWallet,
  createCategory,
  createTransaction,
  createWallet,
  getTransaction,
  lastUndoableEntry,
  listTransactions,
  reverseTransaction,
  setApprovalThreshold,
  updateFamilySettings,
  type CoreDeps,
  type CreateTransactionInput,
} from '../../src/domain/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { count, domainError, outcomeOf, eventsFor, outboxRows, postingsOf, rows, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const { expense, categoryNamed } = useLedgerFixture((s) => ({ t, deps, f } = s));

describe('expenses, incomes and transfers', () => {
  it('an income executes at once and credits the wallet with one posting and one event', () => {
    t.clock.set(Date.UTC(2026, 0, 5, 9, 30));
    const { transaction: tx, created } = createTransaction(deps, f.owner, {
      familyId: f.familyId,
      toWalletId: f.cashId,
      amountMinor: USD(100),
      categoryId: f.incomeCategoryId,
      description: '  salary  ',
    });
    expect(created).toBe(true);
    expect(tx).toMatchObject({
      kind: 'income',
      status: 'executed',
      fromWalletId: null,
      toWalletId: f.cashId,
      amountMinor: 10000,
      currency: 'USD',
      description: 'salary',
      createdBy: f.owner,
      executedAt: Date.UTC(2026, 0, 5, 9, 30),
    });
    expect(balanceOf(deps, f.cashId)).toBe(10000);
    expect(postingsOf(deps, tx.id)).toEqual([{ wallet_id: f.cashId, amount_minor: 10000 }]);
    const events = eventsFor(deps, 'transaction', tx.id);
    expect(events.map((e) => e.action)).toEqual(['transaction.executed']);
    expect(events[0]).toMatchObject({ family_id: f.familyId, actor_user_id: f.owner });
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ kind: 'income', amountMinor: 10000, currency: 'USD', toWalletId: f.cashId });
    expect(outboxRows(deps).filter((o) => o.topic !== 'member.joined')).toEqual([]);
  });

  it('an expense debits the wallet', () => {
    fund(deps, f, f.cashId, USD(100));
    const { transaction: tx } = expense(f.members.member, USD(25));
    expect(tx).toMatchObject({ kind: 'expense', status: 'executed', fromWalletId: f.cashId, toWalletId: null, categoryId: f.expenseCategoryId });
    expect(balanceOf(deps, f.cashId)).toBe(7500);
    expect(postingsOf(deps, tx.id)).toEqual([{ wallet_id: f.cashId, amount_minor: -2500 }]);
  });

  it('a transfer moves money between two wallets of one currency', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, f.cashId, USD(100));
    const { transaction: tx } = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(40) });
    expect(tx).toMatchObject({ kind: 'transfer', status: 'executed', toAmountMinor: null, toCurrency: null, categoryId: null });
    expect(balanceOf(deps, f.cashId)).toBe(6000);
    expect(balanceOf(deps, bank)).toBe(4000);
    expect(postingsOf(deps, tx.id)).toEqual([
      { wallet_id: f.cashId, amount_minor: -4000 },
      { wallet_id: bank, amount_minor: 4000 },
    ]);
  });

  it('a transfer across currencies needs the received amount, and posts both amounts', () => {
    const eur = addWallet(deps, f, 'EUR');
    fund(deps, f, f.cashId, USD(100));
    const before = snapshot(deps);
    const e = domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: USD(50) }));
    expect(e.code).toBe('validation');
    expect(e.details['field']).toBe('to_amount');
    expect(snapshot(deps)).toBe(before);

    const { transaction: tx } = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: USD(50), toAmountMinor: 4610 });
    expect(tx).toMatchObject({ kind: 'transfer', currency: 'USD', amountMinor: 5000, toCurrency: 'EUR', toAmountMinor: 4610, status: 'executed' });
    expect(balanceOf(deps, f.cashId)).toBe(5000);
    expect(balanceOf(deps, eur)).toBe(4610);
  });

  it('a same-currency transfer refuses a different received amount', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, f.cashId, USD(100));
    const e = domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 100, toAmountMinor: 99 }));
    expect(e).toMatchObject({ code: 'validation', details: { field: 'to_amount' } });
    // The same amount repeated is harmless.
    expect(createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 100, toAmountMinor: 100 }).transaction.status).toBe('executed');
  });

  it.each([
    ['no wallet at all', { fromWalletId: null }, 'from_wallet_id'],
    ['a kind that does not match the wallets', { kind: 'income' }, 'kind'],
    ['zero', { amountMinor: 0 }, 'amount'],
    ['a negative amount', { amountMinor: -100 }, 'amount'],
    ['a fraction of a minor unit', { amountMinor: 1.5 }, 'amount'],
    ['NaN', { amountMinor: Number.NaN }, 'amount'],
    ['more than the maximum', { amountMinor: MAX_AMOUNT_MINOR + 1 }, 'amount'],
    ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description'],
    ['an idempotency key over 255 characters', { idempotencyKey: 'k'.repeat(256) }, 'idempotency_key'],
  ] as const)('refuses %s (validation on %s)', (_what, patch, field) => {
    fund(deps, f, f.cashId, USD(10));
    const before = snapshot(deps);
    const input: CreateTransactionInput = { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100, ...patch };
    const e = domainError(() => createTransaction(deps, f.owner, input));
    expect(e.code).toBe('validation');
    expect(e.details['field']).toBe(field);
    expect(snapshot(deps)).toBe(before);
  });

  it('refuses a transfer into the same wallet; a transfer may carry a category of the family', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, f.cashId, USD(10));
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: f.cashId, amountMinor: 1 }))).toMatchObject({
      code: 'validation',
      details: { field: 'to_wallet_id' },
    });
    const labelled = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 1, categoryId: f.expenseCategoryId });
    expect(labelled.transaction).toMatchObject({ kind: 'transfer', categoryId: f.expenseCategoryId });
    const other = makeFamily(deps);
    expect(
      domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 1, categoryId: other.expenseCategoryId })),
    ).toMatchObject({ code: 'not_found' });
  });

  it('refuses a category of the other kind', () => {
    fund(deps, f, f.cashId, USD(10));
    expect(domainError(() => expense(f.owner, 100, { categoryId: f.incomeCategoryId }))).toMatchObject({ code: 'validation', details: { field: 'category_id' } });
  });

  it("an amount written as a decimal is read in its wallet's currency, in the transaction that records it", () => {
    const jpy = addWallet(deps, f, 'JPY', true);
    const bhd = addWallet(deps, f, 'BHD', true);
    const eur = addWallet(deps, f, 'EUR');
    fund(deps, f, f.cashId, USD(100));
    const of = (walletId: number, amount: string) => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: walletId, amount }).transaction;
    expect([of(f.cashId, '12.50'), of(jpy, '1200'), of(bhd, '1.234')].map((x) => [x.currency, x.amountMinor])).toEqual([
      ['USD', 1250],
      ['JPY', 1200],
      ['BHD', 1234],
    ]);
    const transfer = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amount: '10', toAmount: '9.05' }).transaction;
    expect([transfer.amountMinor, transfer.toAmountMinor, transfer.toCurrency]).toEqual([1000, 905, 'EUR']);
    expect(balanceOf(deps, eur)).toBe(905);
    const toYen = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: jpy, amount: '10', toAmount: '1500' }).transaction;
    expect([toYen.amountMinor, toYen.toAmountMinor, toYen.toCurrency]).toEqual([1000, 1500, 'JPY']);

    const before = snapshot(deps);
    // More decimals than the currency has, not a number, zero, both forms at once: refused, nothing written.
    expect(domainError(() => of(jpy, '12.5')).code).toBe('validation');
    expect(domainError(() => of(f.cashId, '1.005')).code).toBe('validation');
    expect(domainError(() => of(f.cashId, '12,50')).code).toBe('validation');
    expect(domainError(() => of(f.cashId, '0.00')).code).toBe('validation');
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amount: '1', amountMinor: 100 })).code).toBe('validation');
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amount: '1', toAmount: '0.9.1' })).code).toBe('validation');
    expect(snapshot(deps)).toEqual(before);
  });

  it('a keyed request written as a decimal is the same request as in minor units', () => {
    fund(deps, f, f.cashId, USD(100));
    const input = { familyId: f.familyId, fromWalletId: f.cashId, categoryId: f.expenseCategoryId, idempotencyKey: 'dec-1' };
    const first = createTransaction(deps, f.owner, { ...input, amount: '7.25' });
    const again = createTransaction(deps, f.owner, { ...input, amountMinor: 725 });
    expect([first.created, again.created, again.transaction.id]).toEqual([true, false, first.transaction.id]);
    expect(domainError(() => createTransaction(deps, f.owner, { ...input, amount: '7.26' })).code).toBe('idempotency_mismatch');
  });

  it("an adapter's own record of the request commits with the entry, or neither does", () => {
    fund(deps, f, f.cashId, USD(100));
    const before = snapshot(deps);
    expect(() =>
      createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100 }, () => {
        throw new Error('the stored response could not be written');
      }),
    ).toThrow('could not be written');
    expect(snapshot(deps)).toEqual(before);
    let seen: number | undefined;
    const { transaction } = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100 }, (_tx, r) => {
      seen = r.transaction.id;
    });
    expect(seen).toBe(transaction.id);
  });

  it('a viewer may not record anything', () => {
    fund(deps, f, f.cashId, USD(10));
    const before = snapshot(deps);
    expect(domainError(() => expense(f.members.viewer, 100)).code).toBe('forbidden');
    expect(snapshot(deps)).toBe(before);
  });
});

describe('the approval threshold (500.00 in the base currency by default)', () => {
  beforeEach(() => fund(deps, f, f.cashId, USD(5000)));

  it("a member's 50.00 executes and 600.00 waits without touching the balance", () => {
    const small = expense(f.members.member, USD(50)).transaction;
    expect(small.status).toBe('executed');
    const big = expense(f.members.member, USD(600)).transaction;
    expect(big).toMatchObject({ status: 'pending_approval', executedAt: null, approvedBy: null });
    expect(balanceOf(deps, f.cashId)).toBe(USD(5000 - 50));
    expect(postingsOf(deps, big.id)).toEqual([]);
    expect(eventsFor(deps, 'transaction', big.id).map((e) => e.action)).toEqual(['transaction.requested']);
  });

  it('exactly the threshold executes; one cent more waits', () => {
    expect(expense(f.members.member, 50000).transaction.status).toBe('executed');
    expect(expense(f.members.member, 50001).transaction.status).toBe('pending_approval');
  });

  it('an income does not wait by default; it waits above the threshold once the family says incomes need approval', () => {
    const income = () => createTransaction(deps, f.members.member, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: USD(600) }).transaction;
    expect(income().status).toBe('executed');
    updateFamilySettings(deps, f.owner, { familyId: f.familyId, incomesNeedApproval: true });
    expect(income().status).toBe('pending_approval');
    expect(createTransaction(deps, f.members.member, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: USD(50) }).transaction.status).toBe('executed');
    expect(domainError(() => updateFamilySettings(deps, f.members.member, { familyId: f.familyId, incomesNeedApproval: false })).code).toBe('forbidden');
  });

  it.each(['owner', 'admin'] as const)('the %s never waits, whatever the amount or currency', (role) => {
    const actor = role === 'owner' ? f.owner : f.members.admin;
    expect(expense(actor, USD(4000)).transaction.status).toBe('executed');
    const eur = addWallet(deps, f, 'EUR');
    expect(createTransaction(deps, actor, { familyId: f.familyId, toWalletId: eur, amountMinor: MAX_AMOUNT_MINOR }).transaction.status).toBe('executed');
  });

  it('in a currency without a threshold every transaction of a member waits', () => {
    const eur = addWallet(deps, f, 'EUR');
    fund(deps, f, eur, 100);
    const tiny = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: eur, amountMinor: 1 }).transaction;
    expect(tiny.status).toBe('pending_approval');
    expect(outboxRows(deps, 'approval.requested').map((o) => o.data)).toEqual([{ transactionId: tiny.id, familyId: f.familyId }]);
    // A cross-currency transfer is judged in the currency it leaves.
    const out = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: 100, toAmountMinor: 92 }).transaction;
    expect(out.status).toBe('executed');
  });

  it('a threshold changed in the settings applies to the next transaction', () => {
    setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: USD(10) });
    expect(expense(f.members.member, USD(20)).transaction.status).toBe('pending_approval');
    setApprovalThreshold(deps, f.members.admin, { familyId: f.familyId, currency: 'USD', amountMinor: USD(1000) });
    expect(expense(f.members.member, USD(600)).transaction.status).toBe('executed');
    const eur = addWallet(deps, f, 'EUR');
    setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'EUR', amountMinor: 500 });
    expect(createTransaction(deps, f.members.member, { familyId: f.familyId, toWalletId: eur, amountMinor: 500 }).transaction.status).toBe('executed');
    // Removing the threshold makes everything in that currency wait.
    setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: null });
    expect(expense(f.members.member, 1).transaction.status).toBe('pending_approval');
    expect(count(deps, 'event_log', `action = 'family.threshold_changed'`)).toBe(4);
  });

  it('a request is checked for funds when it is made, and again when it is approved', () => {
    const before = snapshot(deps);
    const e = domainError(() => expense(f.members.member, USD(9000)));
    expect(e.code).toBe('insufficient_funds');
    expect(snapshot(deps)).toBe(before);
    const tx = expense(f.members.member, USD(4000)).transaction;
    expect(tx.status).toBe('pending_approval');
    // The money leaves meanwhile: the approval is refused, the request still waits.
    expense(f.owner, USD(2000));
    expect(domainError(() => approveTransaction(deps, f.owner, tx.id)).code).toBe('insufficient_funds');
    expect(getTransaction(deps, f.owner, tx.id).status).toBe('pending_approval');
  });
});

describe('idempotency', () => {
  beforeEach(() => fund(deps, f, f.cashId, USD(1000)));

  it('the same key returns the original transaction and writes nothing new', () => {
    const first = expense(f.members.member, USD(12), { idempotencyKey: 'k-1', description: 'bread' });
    expect(first.created).toBe(true);
    const before = snapshot(deps);
    const again = expense(f.members.member, USD(12), { idempotencyKey: ' k-1 ', description: ' bread ' });
    expect(again.created).toBe(false);
    expect(again.transaction).toEqual(first.transaction);
    expect(snapshot(deps)).toBe(before);
    expect(balanceOf(deps, f.cashId)).toBe(USD(988));
  });

  it('a retried pending request is not requested twice', () => {
    const first = expense(f.members.member, USD(600), { idempotencyKey: 'big' });
    const before = snapshot(deps);
    const again = expense(f.members.member, USD(600), { idempotencyKey: 'big' });
    expect(again).toEqual({ transaction: first.transaction, created: false });
    expect(snapshot(deps)).toBe(before);
    expect(outboxRows(deps, 'approval.requested')).toHaveLength(1);
  });

  it.each([
    ['another amount', { amountMinor: USD(13) }, 'member'],
    ['another category', { categoryId: -1 }, 'member'],
    ['another description', { description: 'milk' }, 'member'],
    ['another wallet', { fromWalletId: -1 }, 'member'],
    ['another person', {}, 'admin'],
  ] as const)('the same key with %s is idempotency_mismatch and writes nothing', (_what, patch, who) => {
    const bank = addWallet(deps, f);
    fund(deps, f, bank, USD(10));
    expense(f.members.member, USD(12), { idempotencyKey: 'k-2', description: 'bread' });
    const before = snapshot(deps);
    const resolved: Partial<CreateTransactionInput> = { ...patch };
    if (resolved.categoryId === -1) resolved.categoryId = categoryNamed('Cafes');
    if (resolved.fromWalletId === -1) resolved.fromWalletId = bank;
    const actor = who === 'admin' ? f.members.admin : f.members.member;
    const e = domainError(() => expense(actor, USD(12), { idempotencyKey: 'k-2', description: 'bread', ...resolved }));
    expect(e.code).toBe('idempotency_mismatch');
    expect(e.details['field']).toBe('idempotency_key');
    expect(snapshot(deps)).toBe(before);
  });

  it('keys are scoped to a family', () => {
    const other = makeFamily(deps);
    fund(deps, other, other.cashId, USD(10));
    expense(f.owner, 100, { idempotencyKey: 'shared' });
    const there = createTransaction(deps, other.owner, { familyId: other.familyId, fromWalletId: other.cashId, amountMinor: 100, idempotencyKey: 'shared' });
    expect(there.created).toBe(true);
  });

  it('only a keyed entry keeps the fingerprint a retry is compared with; one without a key keeps none', () => {
    const keyed = expense(f.owner, 100, { idempotencyKey: 'k-3', description: 'bread' });
    const keyless = expense(f.owner, 100, { description: 'bread' });
    expect(keyed.transaction.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyless.transaction.requestHash).toBeNull();
    const stored = rows<{ id: number; request_hash: string | null }>(deps, 'SELECT id, request_hash FROM transactions WHERE id IN (?, ?) ORDER BY id', keyed.transaction.id, keyless.transaction.id);
    expect(stored).toEqual([
      { id: keyed.transaction.id, request_hash: keyed.transaction.requestHash },
      { id: keyless.transaction.id, request_hash: null },
    ]);
    // The same request again without a key is another entry; with the key, the first one.
    expect(expense(f.owner, 100, { description: 'bread' }).created).toBe(true);
    expect(expense(f.owner, 100, { idempotencyKey: 'k-3', description: 'bread' })).toEqual({ transaction: keyed.transaction, created: false });
  });
});

describe('one SQLite transaction per use case', () => {
  it('insufficient funds leaves nothing behind: no transaction, no event, no outbox row', () => {
    fund(deps, f, f.cashId, USD(10));
    const before = snapshot(deps);
    const txCount = count(deps, 'transactions');
    const e = domainError(() => expense(f.owner, USD(10) + 1));
    expect(e).toMatchObject({ code: 'insufficient_funds', details: { walletId: f.cashId, balanceMinor: USD(10), neededMinor: USD(10) + 1 } });
    expect(count(deps, 'transactions')).toBe(txCount);
    expect(snapshot(deps)).toBe(before);
  });

  it('a wallet that may go negative does', () => {
    const card = addWallet(deps, f, 'USD', true);
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: USD(75) });
    expect(balanceOf(deps, card)).toBe(-USD(75));
  });

  it('a pending request writes its event and its approval.requested outbox row together', () => {
    fund(deps, f, f.cashId, USD(1000));
    const tx = expense(f.members.member, USD(600)).transaction;
    expect(eventsFor(deps, 'transaction', tx.id).map((e) => e.action)).toEqual(['transaction.requested']);
    const [row] = outboxRows(deps, 'approval.requested');
    expect(row).toMatchObject({ status: 'pending', data: { transactionId: tx.id, familyId: f.familyId } });
  });

  it('when the outbox write fails, the request and its event are rolled back too', () => {
    fund(deps, f, f.cashId, USD(1000));
    t.conn.sqlite.exec(`CREATE TRIGGER outbox_down BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox down'); END`);
    const before = snapshot(deps);
    expect(() => expense(f.members.member, USD(600))).toThrow(/outbox down/);
    expect(snapshot(deps)).toBe(before);
    // The same for an approval: the decision is not taken without its notification.
    t.conn.sqlite.exec('DROP TRIGGER outbox_down');
    const pending = expense(f.members.member, USD(600)).transaction.id;
    t.conn.sqlite.exec(`CREATE TRIGGER outbox_down BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox down'); END`);
    const beforeApproval = snapshot(deps);
    expect(() => approveTransaction(deps, f.owner, pending)).toThrow(/outbox down/);
    expect(snapshot(deps)).toBe(beforeApproval);
    t.conn.sqlite.exec('DROP TRIGGER outbox_down');
  });

  it('when the audit event cannot be written, the payment and its postings are rolled back', () => {
    fund(deps, f, f.cashId, USD(100));
    const tx = expense(f.owner, USD(10)).transaction.id;
    t.conn.sqlite.exec(`CREATE TRIGGER audit_down BEFORE INSERT ON event_log BEGIN SELECT RAISE(ABORT, 'audit down'); END`);
    const before = snapshot(deps);
    expect(() => expense(f.owner, USD(10))).toThrow(/audit down/);
    expect(() => reverseTransaction(deps, f.owner, { transactionId: tx, reason: 'x' })).toThrow(/audit down/);
    expect(snapshot(deps)).toBe(before);
    t.conn.sqlite.exec('DROP TRIGGER audit_down');
    expect(balanceOf(deps, f.cashId)).toBe(USD(90));
  });
});

describe('archived and foreign wallets and categories', () => {
  it('an archived wallet takes no new transactions', () => {
    const bank = addWallet(deps, f);
    archiveWallet(deps, f.owner, { familyId: f.familyId, walletId: bank });
    fund(deps, f, f.cashId, USD(10));
    const before = snapshot(deps);
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: bank, amountMinor: 1 }))).toMatchObject({
      code: 'validation',
      details: { field: 'to_wallet_id' },
    });
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: bank, amountMinor: 1 }))).toMatchObject({
      code: 'validation',
      details: { field: 'from_wallet_id' },
    });
    expect(domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 1 }))).toMatchObject({
      code: 'validation',
      details: { field: 'to_wallet_id' },
    });
    expect(snapshot(deps)).toBe(before);
  });

  it('an archived category is refused', () => {
    fund(deps, f, f.cashId, USD(10));
    const c = createCategory(deps, f.owner, { familyId: f.familyId, kind: 'expense', name: 'Old hobby' });
    archiveCategory(deps, f.owner, { familyId: f.familyId, categoryId: c.id });
    expect(domainError(() => expense(f.owner, 100, { categoryId: c.id }))).toMatchObject({ code: 'validation', details: { field: 'category_id' } });
  });

  it('names the wallet or category it refuses, with the same code, reason and field', () => {
    const bank = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Old bank', type: 'bank', currency: 'USD' }).id;
    const eur = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Euros', type: 'bank', currency: 'EUR' }).id;
    archiveWallet(deps, f.owner, { familyId: f.familyId, walletId: bank });
    const hobby = createCategory(deps, f.owner, { familyId: f.familyId, kind: 'expense', name: 'Old hobby' });
    archiveCategory(deps, f.owner, { familyId: f.familyId, categoryId: hobby.id });
    const salary = createCategory(deps, f.owner, { familyId: f.familyId, kind: 'income', name: 'Side job' });
    fund(deps, f, f.cashId, USD(10));
    const refusal = (input: Omit<CreateTransactionInput, 'familyId'>) => {
      const e = domainError(() => createTransaction(deps, f.owner, { familyId: f.familyId, ...input }));
      return { code: e.code, message: e.message, details: e.details, why: e.why };
    };
    expect(refusal({ fromWalletId: bank, amountMinor: 1 })).toEqual({
      code: 'validation',
      message: 'The wallet "Old bank" is archived',
      details: { reason: 'archived', field: 'from_wallet_id' },
      why: { type: 'archived', entity: 'wallet', id: bank },
    });
    expect(refusal({ fromWalletId: f.cashId, toWalletId: bank, amountMinor: 1 })).toMatchObject({ message: 'The wallet "Old bank" is archived', details: { field: 'to_wallet_id' } });
    expect(refusal({ fromWalletId: f.cashId, amountMinor: 1, categoryId: hobby.id })).toEqual({
      code: 'validation',
      message: 'The category "Old hobby" is archived',
      details: { reason: 'archived', field: 'category_id' },
      why: { type: 'archived', entity: 'category', id: hobby.id },
    });
    expect(refusal({ fromWalletId: f.cashId, amountMinor: 1, categoryId: salary.id })).toMatchObject({
      code: 'validation',
      message: '"Side job" is an income category',
      details: { field: 'category_id' },
    });
    expect(refusal({ fromWalletId: f.cashId, toWalletId: eur, amountMinor: 1 })).toMatchObject({
      code: 'validation',
      message: 'This transfer goes from USD to EUR: give the amount received too',
      details: { field: 'to_amount' },
    });
    expect(refusal({ fromWalletId: eur, amountMinor: 1, categoryId: f.expenseCategoryId })).toMatchObject({ code: 'insufficient_funds', details: { walletId: eur, balanceMinor: 0, neededMinor: 1 } });
    expect(refusal({ fromWalletId: eur, amountMinor: 1 }).why).toMatchObject({ type: 'insufficient_funds', wallet: { walletId: eur, name: 'Euros', type: 'bank', currency: 'EUR', balanceMinor: 0, availableMinor: 0 } });
  });

  it("another family's wallet or category is not found, in every position", () => {
    const other = makeFamily(deps);
    fund(deps, f, f.cashId, USD(10));
    fund(deps, other, other.cashId, USD(10));
    const before = snapshot(deps);
    const attempts = [
      () => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: other.cashId, amountMinor: 1 }),
      () => createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: other.cashId, amountMinor: 1 }),
      () => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: other.cashId, amountMinor: 1 }),
      () => expense(f.owner, 1, { categoryId: other.expenseCategoryId }),
      // Using one's own family id with the other family's wallet does not help either.
      () => createTransaction(deps, other.owner, { familyId: other.familyId, fromWalletId: f.cashId, amountMinor: 1 }),
    ];
    for (const attempt of attempts) expect(domainError(attempt).code).toBe('not_found');
    expect(snapshot(deps)).toBe(before);
    const tx = expense(f.owner, 1).transaction.id;
    expect(domainError(() => getTransaction(deps, other.owner, tx)).code).toBe('not_found');
    expect(domainError(() => reverseTransaction(deps, other.owner, { transactionId: tx, reason: 'x' })).code).toBe('not_found');
  });

  // Found while writing these tests: archiveWallet only looks for pending
  // transactions *from* the wallet, so a pending income or transfer *into* it
  // lets the wallet be archived, and approving it then credits an archived wallet.
  it('a wallet with a pending transaction into it cannot be archived', () => {
    const bank = addWallet(deps, f);
    // A transfer into it waits (an income would not: incomes execute unless the family says otherwise).
    fund(deps, f, f.cashId, USD(600));
    createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(600) });
    const e = domainError(() => archiveWallet(deps, f.owner, { familyId: f.familyId, walletId: bank }));
    expect(e).toMatchObject({ code: 'invalid_state', details: { reason: 'wallet_has_pending' } });
  });
});

describe('limits found while writing these tests', () => {
  // postings.ts caps a balance at MAX_AMOUNT_MINOR * 1000 = 1e18, far above
  // Number.MAX_SAFE_INTEGER (~9.007e15): past that, balances read back into JS
  // are no longer exact integers. The issue asks to stay within MAX_SAFE_INTEGER.
  it('a wallet balance never leaves the safe-integer range', () => {
    const income = () => createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: MAX_AMOUNT_MINOR });
    for (let i = 0; i < 9; i++) income();
    expect(balanceOf(deps, f.cashId)).toBe(9 * MAX_AMOUNT_MINOR);
    const before = snapshot(deps);
    expect(domainError(income)).toMatchObject({ code: 'validation', details: { field: 'amount' } });
    expect(snapshot(deps)).toBe(before);
    expect(Number.isSafeInteger(balanceOf(deps, f.cashId))).toBe(true);
  });

  // archiveWallet requires a zero balance, but applyPostings never looks at
  // archived_at: reversing (or approving, or correcting into) an old
  // transaction of an archived wallet puts money into a wallet nobody sees.
  it('reversing an old expense of an archived wallet does not hide money in it', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, bank, USD(100));
    const spent = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: bank, amountMinor: USD(100) }).transaction.id;
    archiveWallet(deps, f.owner, { familyId: f.familyId, walletId: bank });
    const outcome = outcomeOf(() => reverseTransaction(deps, f.owner, { transactionId: spent, reason: 'refund' }));
    expect(['validation', 'invalid_state']).toContain(outcome);
    expect(balanceOf(deps, bank)).toBe(0);
  });
});

describe('reading the ledger', () => {
  it('lists newest first with keyset paging that survives new rows', () => {
    fund(deps, f, f.cashId, USD(1000));
    for (let i = 0; i < 24; i++) expense(f.owner, 100 + i);
    const page1 = listTransactions(deps, f.members.viewer, { familyId: f.familyId });
    expect(page1.items).toHaveLength(20);
    expect(page1.nextBeforeId).toBe(page1.items[19]!.id);
    expense(f.owner, 1); // arrives between the two pages
    const page2 = listTransactions(deps, f.members.viewer, { familyId: f.familyId, beforeId: page1.nextBeforeId! });
    expect(page2.items).toHaveLength(5); // 4 expenses + the funding income
    expect(page2.nextBeforeId).toBeNull();
    const ids = [...page1.items, ...page2.items].map((x) => x.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(25);
  });

  it('a wallet’s history includes both sides of its transfers; what /undo takes back is the newest own entry, a waiting request included', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, f.cashId, USD(1000));
    const tr = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 100 }).transaction;
    expect(listTransactions(deps, f.owner, { familyId: f.familyId, walletId: bank }).items.map((x) => x.id)).toEqual([tr.id]);
    expect(lastUndoableEntry(deps, f.members.member, f.familyId)?.id).toBe(tr.id);
    const { transaction: request } = expense(f.members.member, USD(600)); // waits for approval: /undo withdraws it
    expect(request.status).toBe('pending_approval');
    expect(lastUndoableEntry(deps, f.members.member, f.familyId)?.id).toBe(request.id);
    expect(domainError(() => listTransactions(deps, f.owner, { familyId: f.familyId, limit: 0 })).code).toBe('validation');
  });

  it('the entry a use case returns is the stored row, column for column (built without reading it back)', () => {
    t.clock.set(Date.UTC(2026, 2, 1, 8, 15));
    const eur = addWallet(deps, f, 'EUR');
    fund(deps, f, f.cashId, USD(1000));
    const made = [
      expense(f.owner, USD(12)).transaction,
      createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 1, categoryId: f.incomeCategoryId, description: ' pay ', idempotencyKey: 'k-1', origin: 'api:7' }).transaction,
      createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: USD(10), toAmountMinor: 905, source: 'bot', origin: 'chat:5' }).transaction,
      expense(f.members.member, USD(600)).transaction, // waits: no executed_at
    ];
    expect(made.map((x) => x.status)).toEqual(['executed', 'executed', 'executed', 'pending_approval']);
    for (const x of made) expect(getTransaction(deps, f.owner, x.id)).toStrictEqual(x);
  });
});
