// The ledger's decisions after the fact: approve and reject a request, reverse an
// executed transaction, correct its category or wallet.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  approveTransaction,
  archiveCategory,
  canCorrect,
  changeMemberRole,
  CORRECTION_WINDOW_MS,
  correctTransaction,
  createCategory,
  createTransaction,
  getTransaction,
  lastUndoableEntry,
  monthlyReport,
  pendingTransactions,
  rejectTransaction,
  reverseTransaction,
  type CoreDeps,
  type Role,
} from '../../src/domain/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { domainError, outcomeOf, eventsFor, outboxRows, postingsOf, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const { expense, categoryNamed } = useLedgerFixture((s) => ({ t, deps, f } = s));

describe('approve and reject', () => {
  let pending: number;
  beforeEach(() => {
    fund(deps, f, f.cashId, USD(1000));
    pending = expense(f.members.member, USD(600)).transaction.id;
  });

  it('an admin approves: executed, balance moves, event and outbox row', () => {
    t.clock.advance(60_000);
    const tx = approveTransaction(deps, f.members.admin, pending);
    expect(tx).toMatchObject({ id: pending, status: 'executed', approvedBy: f.members.admin, decidedAt: t.clock.now, executedAt: t.clock.now });
    expect(getTransaction(deps, f.members.member, pending).status).toBe('executed');
    expect(balanceOf(deps, f.cashId)).toBe(USD(400));
    expect(postingsOf(deps, pending)).toEqual([{ wallet_id: f.cashId, amount_minor: -USD(600) }]);
    expect(eventsFor(deps, 'transaction', pending).map((e) => e.action)).toEqual(['transaction.requested', 'transaction.approved']);
    expect(outboxRows(deps, 'approval.decided').map((o) => o.data)).toEqual([
      { transactionId: pending, familyId: f.familyId, decision: 'approved', deciderId: f.members.admin },
    ]);
  });

  it('the owner rejects with a reason: nothing moves', () => {
    const tx = rejectTransaction(deps, f.owner, pending, '  not this month ');
    expect(tx).toMatchObject({ status: 'rejected', approvedBy: f.owner, reason: 'not this month', executedAt: null });
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(postingsOf(deps, pending)).toEqual([]);
    const [, rejected] = eventsFor(deps, 'transaction', pending);
    expect(rejected?.action).toBe('transaction.rejected');
    expect(JSON.parse(rejected!.payload)).toMatchObject({ reason: 'not this month', requestedBy: f.members.member });
    expect(outboxRows(deps, 'approval.decided').map((o) => o.data['decision'])).toEqual(['rejected']);
  });

  it('an approver cannot decide their own request', () => {
    changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: f.members.member, role: 'admin' });
    const before = snapshot(deps);
    for (const decide of [() => approveTransaction(deps, f.members.member, pending), () => rejectTransaction(deps, f.members.member, pending)]) {
      const e = domainError(decide);
      expect(e.code).toBe('forbidden');
      expect(e.details['reason']).toBe('own_transaction');
    }
    expect(snapshot(deps)).toBe(before);
  });

  it.each([
    ['member', 'forbidden'],
    ['viewer', 'forbidden'],
    ['outsider', 'not_found'],
  ] as const)('a %s cannot decide (%s)', (who, code) => {
    const actor = who === 'outsider' ? f.outsider : f.members[who];
    const before = snapshot(deps);
    expect(domainError(() => approveTransaction(deps, actor, pending)).code).toBe(code);
    expect(domainError(() => rejectTransaction(deps, actor, pending)).code).toBe(code);
    expect(snapshot(deps)).toBe(before);
  });

  it.each([
    ['approve, approve', 'approve', 'approve'],
    ['approve, reject', 'approve', 'reject'],
    ['reject, approve', 'reject', 'approve'],
    ['reject, reject', 'reject', 'reject'],
  ] as const)('a second decision (%s) is invalid_state and writes nothing', (_name, first, second) => {
    const run = (d: 'approve' | 'reject', actor: number) => (d === 'approve' ? approveTransaction(deps, actor, pending) : rejectTransaction(deps, actor, pending));
    run(first, f.members.admin);
    const before = snapshot(deps);
    const e = domainError(() => run(second, f.owner));
    expect(e.code).toBe('invalid_state');
    expect(e.details['decidedBy']).toBe(f.members.admin);
    expect(snapshot(deps)).toBe(before);
  });

  it('funds are checked again at approval; a refused approval leaves the request pending', () => {
    expense(f.members.admin, USD(500)); // the balance moved since the request: 500.00 left
    const before = snapshot(deps);
    const e = domainError(() => approveTransaction(deps, f.owner, pending));
    expect(e.code).toBe('insufficient_funds');
    expect(e.details).toMatchObject({ walletId: f.cashId, balanceMinor: USD(500), neededMinor: USD(600) });
    expect(snapshot(deps)).toBe(before);
    expect(getTransaction(deps, f.owner, pending).status).toBe('pending_approval');
    // With money back in the wallet the same approval goes through.
    fund(deps, f, f.cashId, USD(100));
    expect(approveTransaction(deps, f.owner, pending).status).toBe('executed');
    expect(balanceOf(deps, f.cashId)).toBe(0);
  });

  it('an unknown id is not found; a too long reason is refused', () => {
    expect(domainError(() => approveTransaction(deps, f.owner, 999_999)).code).toBe('not_found');
    expect(domainError(() => rejectTransaction(deps, f.owner, pending, 'x'.repeat(501)))).toMatchObject({ code: 'validation', details: { field: 'reason' } });
  });

  it('the queue lists what waits, newest first', () => {
    const second = expense(f.members.member, USD(700)).transaction.id;
    expect(pendingTransactions(deps, f.members.viewer, f.familyId).map((x) => x.id)).toEqual([second, pending]);
    approveTransaction(deps, f.owner, pending);
    expect(pendingTransactions(deps, f.owner, f.familyId).map((x) => x.id)).toEqual([second]);
  });
});

describe('reverse', () => {
  beforeEach(() => fund(deps, f, f.cashId, USD(1000)));

  it('reverses an executed transaction: linked both ways, reason kept, balance restored, one event', () => {
    const original = expense(f.members.member, USD(30)).transaction;
    expect(balanceOf(deps, f.cashId)).toBe(USD(970));
    t.clock.advance(1000);
    const { original: o, reversal: r } = reverseTransaction(deps, f.members.admin, { transactionId: original.id, reason: ' typo ' });
    expect(o).toMatchObject({ id: original.id, status: 'reversed', reversedBy: r.id, reason: 'typo' });
    expect(r).toMatchObject({ status: 'executed', reversalOf: original.id, reason: 'typo', createdBy: f.members.admin, amountMinor: USD(30), executedAt: t.clock.now });
    expect(getTransaction(deps, f.owner, original.id).reversedBy).toBe(r.id);
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(postingsOf(deps, r.id)).toEqual([{ wallet_id: f.cashId, amount_minor: USD(30) }]);
    const events = eventsFor(deps, 'transaction', original.id).map((e) => e.action);
    expect(events).toEqual(['transaction.executed', 'transaction.reversed']);
    // Someone else's transaction: the author is told through the outbox.
    expect(outboxRows(deps, 'transaction.reversed').map((x) => x.data)).toEqual([
      { transactionId: original.id, reversalId: r.id, familyId: f.familyId, actorId: f.members.admin },
    ]);
    expect(lastUndoableEntry(deps, f.members.member, f.familyId)).toBeUndefined();
  });

  it('only once; and a reversal itself cannot be reversed', () => {
    const tx = expense(f.owner, USD(10)).transaction;
    const { reversal } = reverseTransaction(deps, f.owner, { transactionId: tx.id, reason: 'dup' });
    const before = snapshot(deps);
    expect(domainError(() => reverseTransaction(deps, f.owner, { transactionId: tx.id, reason: 'again' })).code).toBe('invalid_state');
    expect(domainError(() => reverseTransaction(deps, f.owner, { transactionId: reversal.id, reason: 'undo the undo' })).code).toBe('invalid_state');
    expect(snapshot(deps)).toBe(before);
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
  });

  it('only executed transactions: pending and rejected ones are invalid_state', () => {
    const pending = expense(f.members.member, USD(600)).transaction.id;
    const rejected = expense(f.members.member, USD(700)).transaction.id;
    rejectTransaction(deps, f.owner, rejected);
    const before = snapshot(deps);
    for (const id of [pending, rejected]) {
      expect(domainError(() => reverseTransaction(deps, f.owner, { transactionId: id, reason: 'no' })).code).toBe('invalid_state');
    }
    expect(snapshot(deps)).toBe(before);
  });

  it('a member may reverse their own transaction but not somebody else’s', () => {
    const own = expense(f.members.member, USD(5)).transaction.id;
    const others = expense(f.members.admin, USD(5)).transaction.id;
    const before = snapshot(deps);
    expect(domainError(() => reverseTransaction(deps, f.members.member, { transactionId: others, reason: 'mine?' })).code).toBe('forbidden');
    expect(snapshot(deps)).toBe(before);
    reverseTransaction(deps, f.members.member, { transactionId: own, reason: 'wrong amount' });
    // Reversing one's own transaction tells nobody.
    expect(outboxRows(deps, 'transaction.reversed')).toEqual([]);
    expect(balanceOf(deps, f.cashId)).toBe(USD(995));
  });

  it('a viewer cannot reverse, an outsider does not even see the transaction', () => {
    const tx = expense(f.owner, USD(5)).transaction.id;
    expect(domainError(() => reverseTransaction(deps, f.members.viewer, { transactionId: tx, reason: 'x' })).code).toBe('forbidden');
    expect(domainError(() => reverseTransaction(deps, f.outsider, { transactionId: tx, reason: 'x' })).code).toBe('not_found');
  });

  it.each([[''], ['   '], ['x'.repeat(501)]])('a reason is required (%j is refused)', (reason) => {
    const tx = expense(f.owner, USD(5)).transaction.id;
    const before = snapshot(deps);
    expect(domainError(() => reverseTransaction(deps, f.owner, { transactionId: tx, reason }))).toMatchObject({ code: 'validation', details: { field: 'reason' } });
    expect(snapshot(deps)).toBe(before);
  });

  it('reversing an income whose money is spent would overdraw the wallet: refused, nothing written', () => {
    const income = createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: USD(100) }).transaction.id;
    expense(f.owner, USD(1050));
    const before = snapshot(deps);
    expect(domainError(() => reverseTransaction(deps, f.owner, { transactionId: income, reason: 'wrong' })).code).toBe('insufficient_funds');
    expect(snapshot(deps)).toBe(before);
  });

  it('reversing a cross-currency transfer restores both wallets', () => {
    const eur = addWallet(deps, f, 'EUR');
    const tx = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: USD(100), toAmountMinor: 9100 }).transaction;
    const { reversal } = reverseTransaction(deps, f.owner, { transactionId: tx.id, reason: 'rate was wrong' });
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(balanceOf(deps, eur)).toBe(0);
    expect(postingsOf(deps, reversal.id)).toEqual([
      { wallet_id: f.cashId, amount_minor: USD(100) },
      { wallet_id: eur, amount_minor: -9100 },
    ]);
  });
});

describe('correctTransaction', () => {
  beforeEach(() => fund(deps, f, f.cashId, USD(1000)));

  it('another category: a reversal plus a corrected copy, balance unchanged overall', () => {
    const groceries = categoryNamed('Groceries');
    const cafes = categoryNamed('Cafes');
    const tx = expense(f.members.member, USD(25), { categoryId: groceries, description: 'latte' }).transaction;
    const r = correctTransaction(deps, f.members.member, { transactionId: tx.id, categoryId: cafes });
    expect(r.original).toMatchObject({ id: tx.id, status: 'reversed', reversedBy: r.reversal?.id, reason: 'category changed' });
    expect(r.reversal).toMatchObject({ reversalOf: tx.id, status: 'executed' });
    expect(r.corrected).toMatchObject({ status: 'executed', categoryId: cafes, fromWalletId: f.cashId, amountMinor: USD(25), description: 'latte', source: 'correction' });
    expect(balanceOf(deps, f.cashId)).toBe(USD(975));
    expect(postingsOf(deps, r.corrected.id)).toEqual([{ wallet_id: f.cashId, amount_minor: -USD(25) }]);
  });

  it("a transfer's category (a label of either kind) is set, changed and cleared like any entry's; reports still count no transfer", () => {
    const bank = addWallet(deps, f);
    const month = { familyId: f.familyId };
    const reportBefore = monthlyReport(deps, f.owner, month);
    const transfer = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(30), description: 'savings' }).transaction;
    const set = correctTransaction(deps, f.members.member, { transactionId: transfer.id, categoryId: categoryNamed('Groceries') });
    expect(set.original).toMatchObject({ id: transfer.id, status: 'reversed', reason: 'category changed' });
    expect(set.corrected).toMatchObject({ kind: 'transfer', status: 'executed', fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(30), categoryId: categoryNamed('Groceries'), description: 'savings', createdBy: f.members.member });
    const changed = correctTransaction(deps, f.owner, { transactionId: set.corrected.id, categoryId: f.incomeCategoryId });
    expect(changed.corrected).toMatchObject({ kind: 'transfer', categoryId: f.incomeCategoryId });
    const audit = eventsFor(deps, 'transaction', set.corrected.id).filter((e) => e.action === 'transaction.corrected');
    expect(audit.map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      expect.objectContaining({ change: 'category changed', from: expect.objectContaining({ categoryId: categoryNamed('Groceries') }), to: expect.objectContaining({ categoryId: f.incomeCategoryId }) }),
    ]);
    const cleared = correctTransaction(deps, f.owner, { transactionId: changed.corrected.id, categoryId: null });
    expect(cleared.corrected).toMatchObject({ kind: 'transfer', categoryId: null });
    expect(balanceOf(deps, f.cashId)).toBe(USD(970));
    expect(balanceOf(deps, bank)).toBe(USD(30));
    // A labelled transfer is neither spending nor income.
    expect(monthlyReport(deps, f.owner, month).currencies).toEqual(reportBefore.currencies);
  });

  it("the correction button's predicate agrees with the core on a transfer's category, for every role, author and age", () => {
    const bank = addWallet(deps, f);
    const label = categoryNamed('Groceries');
    const roles: Array<[Role, number]> = [
      ['owner', f.owner],
      ['admin', f.members.admin],
      ['member', f.members.member],
      ['viewer', f.members.viewer],
    ];
    let checked = 0;
    for (const age of [0, CORRECTION_WINDOW_MS + 1]) {
      for (const author of [f.owner, f.members.member]) {
        for (const [role, actor] of roles) {
          const transfer = createTransaction(deps, author, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(5) }).transaction;
          t.clock.advance(age);
          const shown = canCorrect({ userId: actor, role }, transfer, deps.clock());
          const before = snapshot(deps);
          const outcome = outcomeOf(() => correctTransaction(deps, actor, { transactionId: transfer.id, categoryId: label }));
          expect(outcome === 'ok', `${role} on a transfer by ${author === f.owner ? 'the owner' : 'the member'}, ${age ? 'old' : 'new'}: shown ${String(shown)}, core ${outcome}`).toBe(shown);
          if (outcome !== 'ok') expect(snapshot(deps)).toBe(before);
          checked += shown ? 1 : 0;
        }
      }
    }
    // Owners and admins always, the member on their own fresh transfer.
    expect(checked).toBe(4 + 4 + 1);
  });

  it('another wallet for an expense: the old wallet gets the money back, the new one pays', () => {
    const bank = addWallet(deps, f);
    fund(deps, f, bank, USD(100));
    const tx = expense(f.owner, USD(40)).transaction;
    const r = correctTransaction(deps, f.owner, { transactionId: tx.id, walletId: bank });
    expect(r.corrected).toMatchObject({ kind: 'expense', fromWalletId: bank, categoryId: f.expenseCategoryId });
    expect(r.original.reason).toBe('wallet changed');
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(balanceOf(deps, bank)).toBe(USD(60));
  });

  it('another wallet for an income', () => {
    const bank = addWallet(deps, f);
    const tx = createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: USD(10) }).transaction;
    const r = correctTransaction(deps, f.owner, { transactionId: tx.id, walletId: bank });
    expect(r.corrected).toMatchObject({ kind: 'income', toWalletId: bank, fromWalletId: null });
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(balanceOf(deps, bank)).toBe(USD(10));
  });

  it('refuses what cannot be corrected, writing nothing', () => {
    const eur = addWallet(deps, f, 'EUR');
    const bank = addWallet(deps, f);
    const other = makeFamily(deps);
    const tx = expense(f.owner, USD(10)).transaction.id;
    const transfer = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 100 }).transaction.id;
    const pending = expense(f.members.member, USD(600)).transaction.id;
    const archived = createCategory(deps, f.owner, { familyId: f.familyId, kind: 'expense', name: 'Old label' }).id;
    archiveCategory(deps, f.owner, { familyId: f.familyId, categoryId: archived });
    const before = snapshot(deps);
    const cases: Array<[() => unknown, string, string | undefined]> = [
      [() => correctTransaction(deps, f.owner, { transactionId: tx }), 'validation', 'category_id'],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, walletId: eur }), 'validation', 'wallet_id'],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, walletId: f.cashId }), 'validation', 'wallet_id'],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, walletId: other.cashId }), 'not_found', undefined],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, categoryId: other.expenseCategoryId }), 'not_found', undefined],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, categoryId: f.incomeCategoryId }), 'validation', 'category_id'],
      // A transfer's category is checked like any other entry's: of this family, not archived.
      [() => correctTransaction(deps, f.owner, { transactionId: transfer, categoryId: other.expenseCategoryId }), 'not_found', undefined],
      [() => correctTransaction(deps, f.owner, { transactionId: transfer, categoryId: archived }), 'validation', 'category_id'],
      [() => correctTransaction(deps, f.owner, { transactionId: tx, categoryId: archived }), 'validation', 'category_id'],
      // A waiting request is its author's to change; approvers decide it instead.
      [() => correctTransaction(deps, f.owner, { transactionId: pending, categoryId: categoryNamed('Cafes') }), 'forbidden', undefined],
      [() => correctTransaction(deps, f.members.member, { transactionId: tx, categoryId: categoryNamed('Cafes') }), 'forbidden', undefined],
      [() => correctTransaction(deps, f.outsider, { transactionId: tx, categoryId: categoryNamed('Cafes') }), 'not_found', undefined],
      // The new wallet cannot pay: the reversal is rolled back with the copy.
      [() => correctTransaction(deps, f.owner, { transactionId: tx, walletId: bank }), 'insufficient_funds', undefined],
    ];
    for (const [call, code, field] of cases) {
      const e = domainError(call);
      expect(e.code).toBe(code);
      if (field) expect(e.details['field']).toBe(field);
      expect(snapshot(deps)).toBe(before);
    }
  });

  it("a member cannot correct an entry someone else approved; the approver can, and it stays executed", () => {
    const big = expense(f.members.member, USD(600)).transaction.id;
    approveTransaction(deps, f.owner, big);
    const before = snapshot(deps);
    const e = domainError(() => correctTransaction(deps, f.members.member, { transactionId: big, categoryId: categoryNamed('Cafes') }));
    expect(e.code).toBe('invalid_state');
    expect(e.why).toEqual({ type: 'decided_by_other', decidedBy: f.owner });
    expect(snapshot(deps)).toBe(before);
    const r = correctTransaction(deps, f.owner, { transactionId: big, categoryId: categoryNamed('Cafes') });
    expect(r.corrected).toMatchObject({ status: 'executed', createdBy: f.members.member, correctionOf: big });
    expect(balanceOf(deps, f.cashId)).toBe(USD(400));
  });

  // Found while writing these tests: for a transfer, correctTransaction
  // validates walletId against the source wallet but then posts the copy from
  // the original source wallet, so the "correction" silently changes nothing.
  it('moving a transfer to another source wallet either moves it or is refused', () => {
    const bank = addWallet(deps, f);
    const savings = addWallet(deps, f);
    fund(deps, f, savings, USD(100));
    const transfer = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: USD(10) }).transaction.id;
    let moved: number | null = null;
    const outcome = outcomeOf(() => {
      moved = correctTransaction(deps, f.owner, { transactionId: transfer, walletId: savings }).corrected.fromWalletId;
    });
    if (outcome === 'ok') {
      expect(moved, 'the corrected transfer leaves from the chosen wallet').toBe(savings);
      expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
      expect(balanceOf(deps, savings)).toBe(USD(90));
    } else {
      expect(outcome).toBe('validation');
    }
  });
});

