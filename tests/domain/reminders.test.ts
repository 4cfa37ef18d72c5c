// Approval reminders at scale: the candidates are found on a partial index
// outside the write transaction, so a run with nobody to remind takes no write
// lock at all, and each waiting transaction is reminded once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit, createTransaction, remindPendingApprovals, type CoreDeps } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { outboxRows } from './support/inspect.js';

let t: TestDb;
let f: FamilyFixture;
let deps: CoreDeps;
const DAY = 24 * 3600 * 1000;

beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
  fund(t.deps, f, f.cashId, 1_000_000);
  deps = { ...t.deps, commits: createGroupCommit(t.conn.sqlite) };
});
afterEach(() => t.cleanup());

describe('approval reminders', () => {
  it('reminds a transaction waiting longer than the limit once, and takes no write lock when nobody waits', () => {
    const waiting = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 900_000, categoryId: f.expenseCategoryId });
    expect(waiting.transaction.status).toBe('pending_approval');

    // Not old enough yet: nothing to do, and no transaction was opened for it.
    expect(remindPendingApprovals(deps, { olderThanMs: DAY })).toEqual([]);
    expect(deps.commits!.stats().members).toBe(0);
    expect(t.conn.sqlite.inTransaction).toBe(false);

    t.clock.advance(DAY + 1);
    expect(remindPendingApprovals(deps, { olderThanMs: DAY })).toEqual([waiting.transaction.id]);
    deps.commits!.flush();
    expect(outboxRows(t.deps, 'approval.reminder').map((r) => r.data['transactionId'])).toEqual([waiting.transaction.id]);

    // Reminded already: the partial index no longer holds it.
    expect(remindPendingApprovals(deps, { olderThanMs: DAY })).toEqual([]);
    expect(deps.commits!.stats().members).toBe(1);
  });

  it('finds its candidates on the partial index, not by scanning the table', () => {
    const plan = t.conn.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM transactions WHERE status = 'pending_approval' AND reminded_at IS NULL AND created_at <= ? ORDER BY id LIMIT ?")
      .all(0, 200) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('transactions_unreminded_idx');
  });
});
