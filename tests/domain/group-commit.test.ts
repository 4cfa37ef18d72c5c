// Group commit (src/domain/group-commit.ts): use cases that run together share
// one SQLite transaction; each stays atomic on its own (a savepoint), nothing is
// visible to another connection before the shared COMMIT, and durable()
// resolves only after it.
import { fstatSync, statSync } from 'node:fs';
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

// The fsync of a batch runs off the event loop (libuv's thread pool), and
// nothing of the batch is acknowledged before it returns. A held sync stands
// in for a slow disk: the test decides when "the disk" answers.
describe('group commit: the fsync off the event loop', () => {
  type Held = { fd: number; done: (err: Error | null) => void };
  let held: Held[];
  const holding = () => ({ ...t.deps, commits: createGroupCommit(t.conn.sqlite, { offThreadSync: true, syncWal: (fd, done) => held.push({ fd, done }) }) });
  const settled = async (p: Promise<unknown>) => {
    let state = 'pending';
    p.then(() => (state = 'resolved'), () => (state = 'rejected'));
    // Microtasks and a few turns of the event loop: a resolution could not hide in them.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    return state;
  };
  const level = () => Number(t.conn.sqlite.pragma('synchronous', { simple: true }));

  beforeEach(() => {
    held = [];
    // As the app opens its database (the test database runs at NORMAL for speed).
    t.conn.sqlite.pragma('synchronous = FULL');
  });

  it('answers a batch only after the WAL file is synced; committed rows are visible before', async () => {
    const d = holding();
    createTransaction(d, f.owner, expense(100));
    const waiting = durable(d);
    d.commits.flush();
    // Committed (another connection sees it) but not yet on disk: nothing may be acknowledged.
    expect((t.open().sqlite.prepare('SELECT count(*) AS n FROM transactions WHERE amount_minor = 100').get() as { n: number }).n).toBe(1);
    expect(held).toHaveLength(1);
    expect(await settled(waiting)).toBe('pending');
    expect(d.commits.pending()).toBe(true);
    // The synced file is the database's WAL.
    expect(fstatSync(held[0]!.fd).ino).toBe(statSync(`${t.conn.sqlite.name}-wal`).ino);
    held[0]!.done(null);
    expect(await settled(waiting)).toBe('resolved');
    expect(d.commits.pending()).toBe(false);
    expect(d.commits.stats()).toMatchObject({ batches: 1, syncs: 1, failures: 0 });
    await d.commits.close();
  });

  it('commits a batch at NORMAL and is back at FULL outside it, so a write outside a batch is synced by SQLite', async () => {
    const d = holding();
    expect(level()).toBe(2);
    writeStatement(d, () => {
      expect(level()).toBe(1);
      t.conn.sqlite.prepare("INSERT INTO processed_updates (update_id, processed_at) VALUES (424242, 0)").run();
    });
    d.commits.flush();
    expect(level()).toBe(2);
    held[0]!.done(null);
    await d.commits.close();
    expect(level()).toBe(2);
  });

  it('a commit made while an fsync runs waits for the next one; one fsync at a time', async () => {
    const d = holding();
    createTransaction(d, f.owner, expense(1));
    const first = durable(d);
    d.commits.flush();
    createTransaction(d, f.owner, expense(2));
    const second = durable(d);
    d.commits.flush();
    // A read answered now (no batch open) may have seen the second batch: it waits for its fsync.
    const read = durable(d);
    expect(held).toHaveLength(1);
    held[0]!.done(null);
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
    expect(await settled(read)).toBe('pending');
    expect(held).toHaveLength(2);
    held[1]!.done(null);
    expect(await settled(second)).toBe('resolved');
    expect(await settled(read)).toBe('resolved');
    await d.commits.close();
  });

  it('holds the next batch open while an fsync runs and commits it, as one, when the fsync returns', async () => {
    const d = holding();
    createTransaction(d, f.owner, expense(1));
    d.commits.flush();
    expect(held).toHaveLength(1);
    createTransaction(d, f.owner, expense(2));
    const second = durable(d);
    await settled(second);
    // Idle turns went by: the batch waits for the disk instead of committing alone.
    createTransaction(d, f.owner, expense(3));
    await settled(second);
    expect(t.conn.sqlite.inTransaction).toBe(true);
    expect(d.commits.stats()).toMatchObject({ batches: 1, syncs: 1 });
    held[0]!.done(null);
    expect(t.conn.sqlite.inTransaction).toBe(false);
    expect(d.commits.stats()).toMatchObject({ batches: 2, members: 3, syncs: 2 });
    expect(await settled(second)).toBe('pending');
    held[1]!.done(null);
    expect(await settled(second)).toBe('resolved');
    await d.commits.close();
  });

  it('without offThreadSync the COMMIT syncs, at the connection\'s own level', async () => {
    const d = { ...t.deps, commits: createGroupCommit(t.conn.sqlite) };
    writeStatement(d, () => {
      expect(level()).toBe(2);
      t.conn.sqlite.prepare('INSERT INTO processed_updates (update_id, processed_at) VALUES (434343, 0)').run();
    });
    await durable(d);
    expect(d.commits.stats()).toMatchObject({ batches: 1, syncs: 0 });
    await d.commits.close();
  });

  it('a failed fsync refuses its batch; the next batch is synced anew', async () => {
    const d = holding();
    createTransaction(d, f.owner, expense(1));
    const first = durable(d);
    d.commits.flush();
    held[0]!.done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(first).rejects.toThrow(/EIO/);
    createTransaction(d, f.owner, expense(2));
    const second = durable(d);
    d.commits.flush();
    held[1]!.done(null);
    await expect(second).resolves.toBeUndefined();
    expect(d.commits.stats()).toMatchObject({ batches: 2, syncs: 2, failures: 1 });
    await d.commits.close();
  });

  it('close() resolves once the last batch is on disk', async () => {
    const d = holding();
    createTransaction(d, f.owner, expense(1));
    const closing = d.commits.close();
    expect(await settled(closing)).toBe('pending');
    held[0]!.done(null);
    expect(await settled(closing)).toBe('resolved');
  });

  it('syncs through the real fsync by default', async () => {
    const d = { ...t.deps, commits: createGroupCommit(t.conn.sqlite, { offThreadSync: true }) };
    createTransaction(d, f.owner, expense(7));
    await durable(d);
    expect(d.commits.stats()).toMatchObject({ batches: 1, syncs: 1, failures: 0 });
    await d.commits.close();
  });

  it('leaves COMMIT to SQLite for a connection the caller set to NORMAL (no fsync of its own)', async () => {
    t.conn.sqlite.pragma('synchronous = NORMAL');
    const d = holding();
    createTransaction(d, f.owner, expense(3));
    const waiting = durable(d);
    d.commits.flush();
    expect(await settled(waiting)).toBe('resolved');
    expect(held).toHaveLength(0);
    expect(level()).toBe(1);
    await d.commits.close();
  });
});
