// Group commit (src/domain/group-commit.ts): use cases that run together share
// one SQLite transaction; each stays atomic on its own (a savepoint), nothing is
// visible to another connection before the shared COMMIT, and durable()
// resolves only after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit, createTransaction, durable, writeStatement, writeTx, type CoreDeps, type CreateTransactionInput } from '../../src/domain/index.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, domainError, ledgerViolations } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;

beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
  fund(t.deps, f, f.cashId, 10_000);
  deps = { ...t.deps, commits: createGroupCommit(t.conn.sqlite) };
});
afterEach(() => {
  deps.commits?.flush();
  expect(ledgerViolations(t.deps)).toEqual([]);
  t.cleanup();
});

const expense = (amountMinor: number, key?: string): CreateTransactionInput => ({
  familyId: f.familyId,
  fromWalletId: f.cashId,
  amountMinor,
  categoryId: f.expenseCategoryId,
  ...(key ? { idempotencyKey: key } : {}),
});

describe('group commit', () => {
  it('commits the use cases of one event-loop turn together, visible elsewhere only once durable', async () => {
    const other = t.open();
    const before = count(t.deps, 'transactions');
    const countElsewhere = () => (other.sqlite.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;

    createTransaction(deps, f.owner, expense(100));
    createTransaction(deps, f.owner, expense(200));
    createTransaction(deps, f.owner, expense(300));
    // Not committed yet: another connection does not see them.
    expect(countElsewhere()).toBe(before);
    const done = durable(deps);
    await done;
    expect(countElsewhere()).toBe(before + 3);
    expect(deps.commits!.stats()).toMatchObject({ batches: 1, members: 3, failures: 0 });
    expect(balanceOf(t.deps, f.cashId)).toBe(10_000 - 600);
  });

  it('rolls back only the use case that failed; the others of the batch commit', async () => {
    createTransaction(deps, f.owner, expense(100, 'a'));
    // Insufficient funds: this one fails inside the shared transaction.
    const err = domainError(() => createTransaction(deps, f.owner, expense(1_000_000)));
    expect(err.code).toBe('insufficient_funds');
    createTransaction(deps, f.owner, expense(200, 'b'));
    await durable(deps);
    const other = t.open();
    const keys = other.sqlite.prepare("SELECT idempotency_key AS k FROM transactions WHERE idempotency_key IS NOT NULL ORDER BY id").all() as Array<{ k: string }>;
    expect(keys.map((r) => r.k)).toEqual(['a', 'b']);
    expect(balanceOf(t.deps, f.cashId)).toBe(10_000 - 300);
  });

  it('joins a single write statement to the batch without a savepoint; a failing one undoes only itself', async () => {
    const sqlite = t.conn.sqlite;
    sqlite.exec('CREATE TABLE marks (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = sqlite.prepare<[number, string | null]>('INSERT INTO marks (id, v) VALUES (?, ?)');
    createTransaction(deps, f.owner, expense(100, 'a'));
    writeStatement(deps, () => insert.run(1, 'one'));
    expect(() => writeStatement(deps, () => insert.run(2, null))).toThrow(/NOT NULL/);
    expect(() => writeStatement(deps, () => insert.run(1, 'again'))).toThrow(/UNIQUE/);
    writeStatement(deps, () => insert.run(3, 'three'));
    const other = t.open();
    expect(other.sqlite.prepare('SELECT count(*) AS n FROM marks').get()).toEqual({ n: 0 });
    await durable(deps);
    expect(other.sqlite.prepare('SELECT id, v FROM marks ORDER BY id').all()).toEqual([
      { id: 1, v: 'one' },
      { id: 3, v: 'three' },
    ]);
    expect(balanceOf(t.deps, f.cashId)).toBe(10_000 - 100);
    expect(deps.commits!.stats()).toMatchObject({ batches: 1, members: 5, failures: 0 });
  });

  it('commits at once when the batch is full', () => {
    const small = { ...t.deps, commits: createGroupCommit(t.conn.sqlite, { maxBatch: 2 }) };
    createTransaction(small, f.owner, expense(1));
    expect(t.conn.sqlite.inTransaction).toBe(true);
    createTransaction(small, f.owner, expense(2));
    expect(t.conn.sqlite.inTransaction).toBe(false);
    expect(small.commits.stats()).toMatchObject({ batches: 1, members: 2 });
  });

  it('never commits in the middle of a use case that wraps another (a route around the core)', () => {
    const small = { ...t.deps, commits: createGroupCommit(t.conn.sqlite, { maxBatch: 1 }) };
    writeTx(small, () => {
      createTransaction(small, f.owner, expense(1));
      // The inner use case filled the batch, but the outer one is still open.
      expect(t.conn.sqlite.inTransaction).toBe(true);
      createTransaction(small, f.owner, expense(2));
    });
    expect(t.conn.sqlite.inTransaction).toBe(false);
    expect(small.commits.stats()).toMatchObject({ batches: 1, members: 1 });
  });

  it('is durable at once when nothing is pending', async () => {
    await expect(durable(deps)).resolves.toBeUndefined();
    expect(deps.commits!.stats().batches).toBe(0);
  });

  it('rejects the waiters of a batch whose commit fails, and starts clean afterwards', async () => {
    createTransaction(deps, f.owner, expense(100));
    const waiting = durable(deps);
    // Something rolled the shared transaction back under us (as SQLite does on a full disk).
    t.conn.sqlite.exec('ROLLBACK');
    deps.commits!.flush();
    await expect(waiting).rejects.toThrow(/rolled back/);
    expect(balanceOf(t.deps, f.cashId)).toBe(10_000);
    createTransaction(deps, f.owner, expense(50));
    await durable(deps);
    expect(balanceOf(t.deps, f.cashId)).toBe(10_000 - 50);
  });
});
