// The database at scale: BENCH_HISTORY_ROWS (default 1,000,000) transactions in
// one family over about three years, then the history pages, an expense with
// two budgets (CPU per expense), a month's budget spending next to the
// brute-force month sum it replaced, and the approval-reminder scan (how long it
// holds the write lock).
import { join } from 'node:path';
import {
  createBudget,
  createFamily,
  createTransaction,
  listCategories,
  listTransactions,
  listWallets,
  remindPendingApprovals,
} from '../src/domain/index.js';
import { budgetSpent } from '../src/domain/budgets/alerts.js';
import { monthBounds } from '../src/domain/reports/reports.js';
import { meanMs } from './measure.js';
import { openScaleDatabase, seedInBulk } from './scale-seed.js';

const ROWS = Number(process.env['BENCH_HISTORY_ROWS'] ?? 1_000_000);
const DAY = 24 * 3600 * 1000;

export type HistoryFigures = {
  rows: number;
  firstPageMs: number;
  middlePageMs: number;
  lastPageMs: number;
  walletPageMs: number;
  expenseCpuMs: number;
  expenseNoBudgetCpuMs: number;
  reminderLockMs: number;
  seedSeconds: number;
  /** A month's spending of the family-wide budget: from the daily totals (and edge days), and the brute-force sum it replaced. */
  monthSpentMs: number;
  monthSumBruteMs: number;
  budgetPlans: string[];
};

/** Mean CPU milliseconds (user + system) of `fn` over `n` runs. */
function cpuMs(n: number, fn: (i: number) => unknown): number {
  fn(-1);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i);
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000 / n;
}

export function runHistoryBench(dir: string): HistoryFigures {
  const now = Date.now();
  const { conn, deps, owner } = openScaleDatabase(join(dir, 'history.db'), now, 'Bench');
  try {
    const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'USD' }).id;
    const walletId = listWallets(deps, owner, familyId)[0]!.id;
    const cats = listCategories(deps, owner, familyId);
    const expenseId = cats.find((c) => c.kind === 'expense')!.id;
    createTransaction(deps, owner, { familyId, toWalletId: walletId, amountMinor: 1_000_000_000_000, categoryId: cats.find((c) => c.kind === 'income')!.id });

    const span = 3 * 365 * DAY;
    // One in a thousand waits for approval (already reminded, as after a long-running app): the reminder scan must skip them cheaply.
    const seedSeconds = seedInBulk(conn, 'history', ROWS, () =>
      conn.sqlite
        .prepare(
          `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?)
           INSERT INTO transactions (family_id, kind, from_wallet_id, amount_minor, currency, category_id, description, status, source, created_by, executed_at, reminded_at, created_at, updated_at)
           SELECT ?, 'expense', ?, 100 + x % 5000, 'USD', ?, 'seed ' || x,
                  CASE WHEN x % 1000 = 0 THEN 'pending_approval' ELSE 'executed' END, 'api', ?,
                  CASE WHEN x % 1000 = 0 THEN NULL ELSE ? - ? + x * ? / ? END,
                  CASE WHEN x % 1000 = 0 THEN ? ELSE NULL END,
                  ? - ? + x * ? / ?, ? - ? + x * ? / ?
           FROM n`,
        )
        .run(ROWS, familyId, walletId, expenseId, owner, now, span, span, ROWS, now, now, span, span, ROWS, now, span, span, ROWS),
    );

    const page = (beforeId?: number, wallet?: number) =>
      listTransactions(deps, owner, { familyId, limit: 20, ...(beforeId ? { beforeId } : {}), ...(wallet ? { walletId: wallet } : {}) });
    const firstPageMs = meanMs(50, () => page());
    const middlePageMs = meanMs(50, () => page(Math.floor(ROWS / 2)));
    const lastPageMs = meanMs(50, () => page(30));
    const walletPageMs = meanMs(50, () => page(undefined, walletId));

    let n = 0;
    const expense = () => createTransaction(deps, owner, { familyId, fromWalletId: walletId, amountMinor: 100 + (n++ % 100), categoryId: expenseId });
    const expenseNoBudgetCpuMs = cpuMs(200, expense);
    createBudget(deps, owner, { familyId, amountMinor: 1_000_000_000 });
    createBudget(deps, owner, { familyId, categoryId: expenseId, amountMinor: 1_000_000_000 });
    const expenseCpuMs = cpuMs(200, expense);

    const reminderLockMs = meanMs(5, () => remindPendingApprovals(deps, { olderThanMs: DAY, now }));

    // A zone whose month starts inside a UTC day, so the edge days are summed too.
    const { from, to } = monthBounds(now, 'America/New_York');
    const scope = { familyId, currency: 'USD', categoryId: null };
    const monthSpentMs = meanMs(200, () => budgetSpent(conn.db, scope, from, to));
    const brute = conn.sqlite.prepare(
      `SELECT coalesce(sum(amount_minor), 0) AS s FROM transactions WHERE family_id = ? AND kind = 'expense' AND status = 'executed' AND reversal_of IS NULL AND currency = 'USD' AND executed_at >= ? AND executed_at < ?`,
    );
    const monthSumBruteMs = meanMs(20, () => brute.get(familyId, from, to));
    if (BigInt((brute.get(familyId, from, to) as { s: number }).s) !== budgetSpent(conn.db, scope, from, to)) throw new Error('budgetSpent differs from the brute-force month sum');
    const plan = (label: string, q: string) =>
      `${label}: ${(conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join('; ')}`;
    const budgetPlans = [
      plan('whole days, family', `SELECT sum(spent_minor) FROM expense_days WHERE family_id = 1 AND currency = 'USD' AND day >= 1 AND day < 2`),
      plan('whole days, category', `SELECT sum(spent_minor) FROM expense_days WHERE family_id = 1 AND currency = 'USD' AND category_id = 1 AND day >= 1 AND day < 2`),
      plan(
        'edge days',
        `SELECT sum(amount_minor) FROM transactions WHERE family_id = 1 AND kind = 'expense' AND status = 'executed' AND reversal_of IS NULL AND currency = 'USD' AND category_id = 1 AND executed_at >= 1 AND executed_at < 2`,
      ),
    ];
    return { rows: ROWS, firstPageMs, middlePageMs, lastPageMs, walletPageMs, expenseCpuMs, expenseNoBudgetCpuMs, reminderLockMs, seedSeconds, monthSpentMs, monthSumBruteMs, budgetPlans };
  } finally {
    conn.close();
  }
}
