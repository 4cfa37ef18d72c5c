// Budget spending is kept incrementally (expense_days, maintained by triggers on
// transactions) instead of summing the month on every expense. Property: after
// any random sequence of creates, approvals, rejections, withdrawals, reversals
// and corrections, moving the clock across months, in time zones whose months
// do not start at a UTC midnight, what a budget counts as spent equals the
// brute-force sum over the month's transactions, and the daily totals equal a
// GROUP BY over the transactions.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { families } from '../../src/db/schema.js';
import { budgetSpent } from '../../src/domain/budgets/alerts.js';
import {
  approveTransaction,
  correctTransaction,
  createCategory,
  createTransaction,
  rejectTransaction,
  reverseTransaction,
  setApprovalThreshold,
  withdrawTransaction,
} from '../../src/domain/index.js';
import { monthBounds } from '../../src/domain/reports/reports.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb } from '../support/db.js';

const HOUR = 3600_000;

type Cmd =
  | { t: 'create'; byMember: boolean; kind: 'expense' | 'income'; cat: 0 | 1 | 2; amount: number }
  | { t: 'decide'; approve: boolean; pick: number }
  | { t: 'withdraw'; pick: number }
  | { t: 'reverse'; pick: number }
  | { t: 'correct'; pick: number; amount: number | null; cat: 0 | 1 | 2 | null }
  | { t: 'clock'; hours: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('create' as const), byMember: fc.boolean(), kind: fc.constantFrom('expense' as const, 'expense' as const, 'income' as const), cat: fc.constantFrom(0 as const, 1 as const, 2 as const), amount: fc.integer({ min: 1, max: 9_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('decide' as const), approve: fc.boolean(), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('withdraw' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('correct' as const), pick: fc.nat(), amount: fc.option(fc.integer({ min: 1, max: 9_000 })), cat: fc.option(fc.constantFrom(0 as const, 1 as const, 2 as const)) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 30 }) }) },
);

type Row = { id: number; status: string; created_by: number; kind: string };

describe('budget spending kept incrementally', () => {
  it('always equals the brute-force month sum, for the family and for each category', () => {
    fc.assert(
      fc.property(fc.constantFrom('UTC', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham'), fc.array(cmd, { minLength: 1, maxLength: 40 }), (tz, cmds) => {
        const t = createTestDb();
        try {
          // Starts a few hours before November begins in these zones (Chatham's at 10:15 UTC, Kolkata's at 18:30,
          // New York's at 04:00 the next day): entries land on both sides of a month's start and in its partial first UTC day.
          t.clock.set(Date.UTC(2026, 9, 31, 6, 0));
          const f = makeFamily(t.deps);
          t.deps.db.update(families).set({ timezone: tz }).where(sql`${families.id} = ${f.familyId}`).run();
          fund(t.deps, f, f.cashId, 10_000_000);
          const second = createCategory(t.deps, f.owner, { familyId: f.familyId, name: 'Second', kind: 'expense' }).id;
          // A member's expense over 50.00 waits for approval.
          setApprovalThreshold(t.deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: 5_000 });
          const catOf = (c: 0 | 1 | 2) => [null, f.expenseCategoryId, second][c];
          const all = () => t.conn.sqlite.prepare('SELECT id, status, created_by, kind FROM transactions WHERE reversal_of IS NULL ORDER BY id').all() as Row[];
          const pickOf = (list: Row[], n: number) => list[n % list.length];
          const instants: number[] = [];

          for (const c of cmds) {
            try {
              if (c.t === 'create') {
                const by = c.byMember ? f.members.member : f.owner;
                const input = c.kind === 'expense' ? { fromWalletId: f.cashId, categoryId: catOf(c.cat) } : { toWalletId: f.cashId, categoryId: f.incomeCategoryId };
                createTransaction(t.deps, by, { familyId: f.familyId, amountMinor: c.amount, ...input });
              } else if (c.t === 'decide') {
                const p = pickOf(all().filter((r) => r.status === 'pending_approval'), c.pick);
                if (p && c.approve) approveTransaction(t.deps, f.owner, p.id);
                else if (p) rejectTransaction(t.deps, f.owner, p.id, 'no');
              } else if (c.t === 'withdraw') {
                const p = pickOf(all().filter((r) => r.status === 'pending_approval'), c.pick);
                if (p) withdrawTransaction(t.deps, p.created_by, p.id);
              } else if (c.t === 'reverse') {
                const p = pickOf(all().filter((r) => r.status === 'executed'), c.pick);
                if (p) reverseTransaction(t.deps, f.owner, { transactionId: p.id, reason: 'test' });
              } else if (c.t === 'correct') {
                const p = pickOf(all().filter((r) => r.kind === 'expense' && (r.status === 'executed' || r.status === 'pending_approval')), c.pick);
                if (p) correctTransaction(t.deps, p.created_by, { transactionId: p.id, ...(c.amount !== null ? { amountMinor: c.amount } : {}), ...(c.cat !== null ? { categoryId: catOf(c.cat) } : {}) });
              } else {
                t.clock.advance(c.hours * HOUR);
              }
            } catch (e) {
              // A refused command (funds, permissions, state) changes nothing: fine for this property.
              if (!(e instanceof Error && 'code' in e)) throw e;
            }
            instants.push(t.clock.now);

            const days = t.conn.sqlite.prepare('SELECT family_id, currency, category_id, day, spent_minor FROM expense_days WHERE spent_minor <> 0 ORDER BY 1, 2, 3, 4').all();
            const brute = t.conn.sqlite
              .prepare(
                `SELECT family_id, currency, coalesce(category_id, 0) AS category_id, executed_at / 86400000 AS day, sum(amount_minor) AS spent_minor FROM transactions
                 WHERE kind = 'expense' AND status = 'executed' AND reversal_of IS NULL AND executed_at IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING sum(amount_minor) <> 0 ORDER BY 1, 2, 3, 4`,
              )
              .all();
            expect(days).toEqual(brute);
          }

          const months = new Map(instants.map((at) => [monthBounds(at, tz).label, monthBounds(at, tz)]));
          for (const { from, to } of months.values()) {
            for (const categoryId of [null, f.expenseCategoryId, second]) {
              const expected = (
                t.conn.sqlite
                  .prepare(
                    `SELECT coalesce(sum(amount_minor), 0) AS s FROM transactions WHERE family_id = ? AND kind = 'expense' AND status = 'executed' AND reversal_of IS NULL
                     AND currency = 'USD' AND (? IS NULL OR category_id = ?) AND executed_at >= ? AND executed_at < ?`,
                  )
                  .get(f.familyId, categoryId, categoryId, from, to) as { s: number }
              ).s;
              expect(Number(budgetSpent(t.deps.db, { familyId: f.familyId, currency: 'USD', categoryId }, from, to))).toBe(expected);
            }
          }
        } finally {
          t.cleanup();
        }
      }),
      { numRuns: 60 },
    );
  });
});
