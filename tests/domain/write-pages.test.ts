// What one executed expense writes: the pages of which tables and indexes
// reach the WAL. Each is a WAL frame (two writes, and a share of the fsync) on
// every posting, so an index on a hot table must earn its keep by a query that
// reads it. This pins the set: a new index on these tables fails here until it
// is added below, with the query it serves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { treesWrittenSince, walSize } from '../support/wal-pages.js';

let t: TestDb;
let f: FamilyFixture;

beforeEach(() => {
  t = createTestDb();
  t.conn.sqlite.pragma('wal_autocheckpoint = 0');
  f = makeFamily(t.deps);
  fund(t.deps, f, f.cashId, 1_000_000);
});
afterEach(() => t.cleanup());

const expense = (amountMinor: number) => createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId, description: 'coffee' });

describe('an executed expense', () => {
  it('writes the pages of the transaction, the balance, the audit event and the day total, and no others', () => {
    expense(100); // the first one may split or create pages
    const before = walSize(t.path);
    expense(250);
    expect(treesWrittenSince(t.conn.sqlite, t.path, before)).toEqual(
      [
        'sqlite_sequence', // AUTOINCREMENT of transactions
        'transactions',
        'transactions_family_id_idx', // history pages
        'transactions_family_executed_cover_idx', // month sums of reports and budget alerts
        // Not transactions_family_status_idx: it holds every status but executed (migration 0024, below).
        // Lookups by reference and the foreign keys' checks (schema.ts; partial where the column is often NULL):
        'transactions_from_wallet_idx',
        'transactions_category_idx',
        'transactions_created_by_idx',
        // No postings: a view of the transactions (migration 0021, schema.ts).
        'wallets', // the cached balance
        'event_log', // rowid family_id * 2^32 + id: the family's audit log is a range of it, no index (migration 0022)
        'expense_days', // budget alerts' day totals: WITHOUT ROWID, one b-tree (migration 0024)
      ].sort(),
    );
  });
});

describe('the index by status', () => {
  it('serves a family’s entries of every status but executed, newest first; executed ones read the history index', () => {
    const plan = (status: string) =>
      (t.conn.sqlite.prepare('EXPLAIN QUERY PLAN SELECT * FROM transactions WHERE family_id = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT 21').all(f.familyId, status, 1e9) as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('; ');
    for (const status of transactions.status.enumValues) {
      expect(plan(status)).toBe(
        status === 'executed'
          ? 'SEARCH transactions USING INDEX transactions_family_id_idx (family_id=? AND id<?)'
          : 'SEARCH transactions USING INDEX transactions_family_status_idx (family_id=? AND status=? AND id<?)',
      );
    }
  });
});
