// The hot path runs statements prepared once per connection (src/domain/prepared.ts),
// not statements built inside each transaction. These tests show that such a
// statement still belongs to whatever transaction is open on its connection: a
// failed use case, a thrown error or a rolled-back savepoint leaves nothing behind,
// and a statement first prepared inside a failed transaction keeps working.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBudget,
  createTransaction,
  createTransactionIn,
  enqueueOutbox,
  recordEvent,
  writeTx,
  type CoreDeps,
  type CreateTransactionInput,
} from '../../src/domain/index.js';
import { connectionOf } from '../../src/domain/prepared.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, domainError, ledgerViolations, outboxRows, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;

beforeEach(() => {
  t = createTestDb();
  deps = t.deps;
  f = makeFamily(deps);
});
afterEach(() => {
  expect(ledgerViolations(deps)).toEqual([]);
  t.cleanup();
});

const expense = (amountMinor: number): CreateTransactionInput => ({ familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId });

describe('statements prepared once per connection', () => {
  it('resolve the same connection from the db handle and from a transaction handle', () => {
    expect(connectionOf(deps.db)).toBe(t.conn.sqlite);
    writeTx(deps, (tx) => expect(connectionOf(tx)).toBe(t.conn.sqlite));
    const other = t.open();
    expect(connectionOf(other.db)).toBe(other.sqlite);
    expect(connectionOf(other.db)).not.toBe(t.conn.sqlite);
  });

  it('a posting that fails after its row is inserted leaves nothing, even on the first use of the statements', () => {
    // The very first transaction of this connection: its statements are prepared inside it, and it fails
    // (the row is inserted, then the empty wallet refuses the posting).
    const before = snapshot(deps);
    expect(domainError(() => createTransaction(deps, f.owner, expense(5_00))).code).toBe('insufficient_funds');
    expect(snapshot(deps)).toBe(before);

    // The same statements, now prepared, work afterwards and fail cleanly again.
    fund(deps, f, f.cashId, 10_00);
    const spent = createTransaction(deps, f.owner, expense(4_00)).transaction;
    expect(spent.status).toBe('executed');
    const afterSpend = snapshot(deps);
    expect(domainError(() => createTransaction(deps, f.owner, expense(7_00))).code).toBe('insufficient_funds');
    expect(snapshot(deps)).toBe(afterSpend);
    expect(balanceOf(deps, f.cashId)).toBe(6_00);
  });

  it('every hot-path write rolls back with the transaction that throws after it', () => {
    fund(deps, f, f.cashId, 1000_00);
    createBudget(deps, f.owner, { familyId: f.familyId, amountMinor: 10_00, currency: 'USD' });
    // Warm every statement with committed work first.
    createTransaction(deps, f.owner, expense(1_00));
    // Above the default threshold (500 USD): waits for approval, writing an outbox row.
    createTransaction(deps, f.members.member, expense(600_00));
    const before = snapshot(deps);
    const boom = new Error('boom');
    expect(() =>
      writeTx(deps, (tx) => {
        // An executed expense crossing the budget (transaction row, posting, balance, event, budget alert) …
        const executed = createTransactionIn(tx, deps.clock(), f.owner, expense(20_00));
        expect(executed.transaction.status).toBe('executed');
        // … a pending one (row, event, approval outbox row) …
        const pending = createTransactionIn(tx, deps.clock(), f.members.member, expense(700_00));
        expect(pending.transaction.status).toBe('pending_approval');
        recordEvent(tx, { familyId: f.familyId, actorUserId: f.owner, action: 'test.event', entityType: 'test', entityId: 1, at: deps.clock() });
        enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: f.familyId, userId: f.owner } }, deps.clock());
        // … all visible inside the transaction …
        expect(outboxRows(deps, 'budget.threshold')).toHaveLength(1);
        expect(balanceOf(deps, f.cashId)).toBe(999_00 - 20_00);
        throw boom;
      }),
    ).toThrow(boom);
    // … and gone after the rollback.
    expect(snapshot(deps)).toBe(before);
    expect(balanceOf(deps, f.cashId)).toBe(999_00);
  });

  it('enqueueOutbox returns the id of the row it wrote, between inserts into other tables and after a rolled-back one', () => {
    fund(deps, f, f.cashId, 100_00);
    const ids = writeTx(deps, (tx) => {
      const first = enqueueOutbox(tx, { topic: 'goal.reached', payload: { goalId: 7, familyId: f.familyId } }, deps.clock());
      // An expense in between: its row and its event take rowids of their own (and its trigger writes expense_days).
      createTransactionIn(tx, deps.clock(), f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1_00, categoryId: f.expenseCategoryId });
      expect(() =>
        tx.transaction((inner) => {
          enqueueOutbox(inner, { topic: 'goal.reached', payload: { goalId: 8, familyId: f.familyId } }, deps.clock());
          throw new Error('undo');
        }),
      ).toThrow('undo');
      const second = enqueueOutbox(tx, { topic: 'member.removed', payload: { familyId: f.familyId, userId: f.owner, actorId: f.owner } }, deps.clock());
      return [first, second];
    });
    const rows = [...outboxRows(deps, 'goal.reached'), ...outboxRows(deps, 'member.removed')];
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.topic)).toEqual(['goal.reached', 'member.removed']);
    expect(rows[0]!.data).toEqual({ goalId: 7, familyId: f.familyId });
  });

  it('a rolled-back savepoint undoes its prepared writes while the outer transaction commits', () => {
    fund(deps, f, f.cashId, 100_00);
    const transactionsBefore = count(deps, 'transactions');
    const eventsBefore = count(deps, 'event_log');
    writeTx(deps, (tx) => {
      expect(() =>
        tx.transaction((inner) => {
          createTransactionIn(inner, deps.clock(), f.owner, expense(60_00));
          throw new Error('inner');
        }),
      ).toThrow('inner');
      createTransactionIn(tx, deps.clock(), f.owner, expense(25_00));
    });
    expect(count(deps, 'transactions')).toBe(transactionsBefore + 1);
    expect(count(deps, 'event_log')).toBe(eventsBefore + 1);
    expect(balanceOf(deps, f.cashId)).toBe(75_00);
  });

  it('each connection has its own statements: closing one leaves the other working', () => {
    fund(deps, f, f.cashId, 100_00);
    const other = t.open();
    const otherDeps: CoreDeps = { ...deps, db: other.db };
    createTransaction(otherDeps, f.owner, expense(10_00));
    createTransaction(deps, f.owner, expense(10_00));
    other.close();
    createTransaction(deps, f.owner, expense(10_00));
    expect(balanceOf(deps, f.cashId)).toBe(70_00);
  });
});
