// The outbox row commits with the change that needs it, or not at all.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, transactions } from '../../src/db/schema.js';
import {
  approveTransaction,
  correctTransaction,
  createInvite,
  createTransaction,
  joinFamily,
  rejectTransaction,
  reverseTransaction,
} from '../../src/domain/index.js';
import { remindPendingApprovals } from '../../src/domain/recurring/index.js';
import { fund, makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
let f: FamilyFixture;
beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
});
afterEach(() => t.cleanup());

const rows = () => t.deps.db.select({ topic: outbox.topic, payload: outbox.payload, status: outbox.status }).from(outbox).all();
const topics = () => rows().map((r) => r.topic);

describe('outbox atomicity', () => {
  it('a committed pending transaction always has its approval.requested row; a failed one has none', () => {
    const before = rows().length;
    expect(() =>
      createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999, categoryId: f.incomeCategoryId }),
    ).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(rows()).toHaveLength(before);
    // A request is checked for funds when it is made: a refused one has no row either.
    expect(() => createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999 })).toThrow(
      expect.objectContaining({ code: 'insufficient_funds' }),
    );
    expect(rows()).toHaveLength(before);

    fund(t.deps, f, f.cashId, 999_999);
    const afterFunding = rows().length;
    const { transaction } = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999 });
    expect(transaction.status).toBe('pending_approval');
    expect(rows().slice(afterFunding)).toEqual([
      { topic: 'approval.requested', payload: JSON.stringify({ transactionId: transaction.id, familyId: f.familyId }), status: 'pending' },
    ]);
  });

  it('an approval that fails at execution (not enough money) rolls back its approval.decided row with it', () => {
    fund(t.deps, f, f.cashId, 999_999);
    const { transaction } = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999 });
    // The money leaves between the request and the approval.
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1 });
    const before = topics();
    expect(() => approveTransaction(t.deps, f.owner, transaction.id)).toThrow(expect.objectContaining({ code: 'insufficient_funds' }));
    expect(topics()).toEqual(before);
    expect(t.deps.db.select().from(transactions).where(eq(transactions.id, transaction.id)).get()?.status).toBe('pending_approval');

    rejectTransaction(t.deps, f.owner, transaction.id, 'too much');
    expect(topics()).toEqual([...before, 'approval.decided']);
  });

  it('a correction whose second half fails leaves neither the reversal nor its transaction.reversed row', () => {
    fund(t.deps, f, f.cashId, 10_000);
    const { transaction } = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 500, categoryId: f.expenseCategoryId });
    const before = topics();
    // The reversal (which writes transaction.reversed for the member) happens first; the
    // corrected copy then fails on an income category, so the whole commit rolls back.
    expect(() => correctTransaction(t.deps, f.members.admin, { transactionId: transaction.id, categoryId: f.incomeCategoryId })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    expect(topics()).toEqual(before);
    expect(t.deps.db.select().from(transactions).where(eq(transactions.id, transaction.id)).get()?.status).toBe('executed');

    reverseTransaction(t.deps, f.members.admin, { transactionId: transaction.id, reason: 'duplicate' });
    expect(topics()).toEqual([...before, 'transaction.reversed']);
  });

  it('joining writes member.joined; a failed join (bad code) writes nothing', () => {
    const newcomer = makeUser(t.deps, 'Newcomer');
    const before = topics();
    expect(() => joinFamily(t.deps, newcomer, 'not-a-code')).toThrow();
    expect(topics()).toEqual(before);
    joinFamily(t.deps, newcomer, createInvite(t.deps, f.owner, { familyId: f.familyId, role: 'member' }).code);
    expect(topics()).toEqual([...before, 'member.joined']);
  });

  it('a reminder is marked and enqueued together, once', () => {
    fund(t.deps, f, f.cashId, 999_999);
    const { transaction } = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999 });
    expect(remindPendingApprovals(t.deps, { olderThanMs: 3_600_000 })).toEqual([]);
    t.clock.advance(3_600_000);
    expect(remindPendingApprovals(t.deps, { olderThanMs: 3_600_000 })).toEqual([transaction.id]);
    expect(remindPendingApprovals(t.deps, { olderThanMs: 3_600_000 })).toEqual([]);
    expect(topics().filter((x) => x === 'approval.reminder')).toHaveLength(1);
    expect(t.deps.db.select().from(transactions).where(eq(transactions.id, transaction.id)).get()?.remindedAt).toBe(t.clock.now);
  });
});
