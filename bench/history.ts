// The database at scale: BENCH_HISTORY_ROWS (default 1,000,000) transactions in
// one family over about three years, then the history pages, an expense with
// two budgets (CPU per expense) and the approval-reminder scan (how long it
// holds the write lock).
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import {
  createBudget,
  createFamily,
  createTransaction,
  ensureTelegramUser,
  listCategories,
  listTransactions,
  listWallets,
  remindPendingApprovals,
  type CoreDeps,
} from '../src/domain/index.js';

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
};

/** Mean milliseconds of `fn` over `n` runs after one warm-up. */
function meanMs(n: number, fn: () => unknown): number {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

/** Mean CPU milliseconds (user + system) of `fn` over `n` runs. */
function cpuMs(n: number, fn: (i: number) => unknown): number {
  fn(-1);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i);
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000 / n;
}

export function runHistoryBench(dir: string): HistoryFigures {
  // NORMAL: this part measures reads and CPU, not fsync.
  const conn = openDatabase(join(dir, 'history.db'), { synchronous: 'NORMAL' });
  try {
    runMigrations(conn.db);
    const now = Date.now();
    const deps: CoreDeps = { db: conn.db, clock: () => now };
    const owner = ensureTelegramUser(deps, { chatId: 1, firstName: 'Bench' }).user.id;
    const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'USD' }).id;
    const walletId = listWallets(deps, owner, familyId)[0]!.id;
    const cats = listCategories(deps, owner, familyId);
    const expenseId = cats.find((c) => c.kind === 'expense')!.id;
    createTransaction(deps, owner, { familyId, toWalletId: walletId, amountMinor: 1_000_000_000_000, categoryId: cats.find((c) => c.kind === 'income')!.id });

    process.stderr.write(`history: seeding ${ROWS.toLocaleString('en-US')} transactions…\n`);
    const seedStart = Date.now();
    const span = 3 * 365 * DAY;
    // One in a thousand waits for approval (already reminded, as after a long-running app): the reminder scan must skip them cheaply.
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
      .run(ROWS, familyId, walletId, expenseId, owner, now, span, span, ROWS, now, now, span, span, ROWS, now, span, span, ROWS);
    conn.sqlite.exec('ANALYZE');
    const seedSeconds = (Date.now() - seedStart) / 1000;

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
    return { rows: ROWS, firstPageMs, middlePageMs, lastPageMs, walletPageMs, expenseCpuMs, expenseNoBudgetCpuMs, reminderLockMs, seedSeconds };
  } finally {
    conn.close();
  }
}
