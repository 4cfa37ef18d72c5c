// Reports at scale: BENCH_REPORT_ROWS (default 1,000,000) transactions over
// three years in one family — expenses in eight categories, incomes,
// transfers, three people, three wallets, a few reversed — then a month's
// report, the 12-month trend, the first and the 1,000th page of history
// (keyset), and the whole CSV export streamed (time and memory), with the
// query plans of the report's queries.
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Connection } from '../src/db/connection.js';
import {
  createFamily,
  createInvite,
  createWallet,
  ensureTelegramUser,
  exportTransactionsCsv,
  joinFamily,
  listCategories,
  listTransactions,
  listWallets,
  monthlyReport,
  trendReport,
} from '../src/domain/index.js';
import { meanMs } from './measure.js';
import { openScaleDatabase, seedInBulk } from './scale-seed.js';

const ROWS = Number(process.env['BENCH_REPORT_ROWS'] ?? 1_000_000);
const DAY = 24 * 3600 * 1000;

export type ReportFigures = {
  rows: number;
  seedSeconds: number;
  monthMs: number;
  monthColdMs: number;
  trendMs: number;
  firstPageMs: number;
  page1000Ms: number;
  exportSeconds: number;
  exportBytes: number;
  exportHeapGrowthMiB: number;
  exportRssGrowthMiB: number;
  plans: string[];
};

export function runReportsBench(dir: string): ReportFigures {
  const now = Date.UTC(2026, 10, 25, 12);
  const { conn, deps, owner } = openScaleDatabase(join(dir, 'reports.db'), now, 'Olga');
  try {
    const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'EUR', timezone: 'Europe/Berlin' }).id;
    const people = [owner];
    for (const name of ['Ivan', 'Masha']) {
      const id = ensureTelegramUser(deps, { chatId: people.length + 1, firstName: name }).user.id;
      joinFamily(deps, id, createInvite(deps, owner, { familyId, role: 'admin' }).code);
      people.push(id);
    }
    const cash = listWallets(deps, owner, familyId)[0]!.id;
    const card = createWallet(deps, owner, { familyId, name: 'Card', type: 'card', currency: 'EUR', allowNegative: true }).id;
    const savings = createWallet(deps, owner, { familyId, name: 'Savings', type: 'savings', currency: 'EUR', allowNegative: true }).id;
    const cats = listCategories(deps, owner, familyId);
    const exp = cats.filter((c) => c.kind === 'expense').map((c) => c.id);
    const inc = cats.filter((c) => c.kind === 'income').map((c) => c.id);

    const span = 3 * 365 * DAY;
    // x % 20: 0 income, 1 transfer, else expense; x % 500 = 7 reversed (its reversal is not seeded: the report leaves both out anyway).
    const seedSeconds = seedInBulk(conn, 'reports', ROWS, () =>
      conn.sqlite
        .prepare(
          `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < :rows)
           INSERT INTO transactions (family_id, kind, from_wallet_id, to_wallet_id, amount_minor, currency, category_id, description, status, source, created_by, executed_at, created_at, updated_at)
           SELECT :family,
                  CASE x % 20 WHEN 0 THEN 'income' WHEN 1 THEN 'transfer' ELSE 'expense' END,
                  CASE x % 20 WHEN 0 THEN NULL WHEN 1 THEN :cash ELSE (CASE x % 3 WHEN 0 THEN :cash ELSE :card END) END,
                  CASE x % 20 WHEN 0 THEN :cash WHEN 1 THEN :savings ELSE NULL END,
                  CASE x % 20 WHEN 0 THEN 150000 + x % 90000 ELSE 100 + (x * 7919) % 9000 END,
                  'EUR',
                  CASE x % 20 WHEN 0 THEN :inc0 WHEN 1 THEN NULL ELSE (SELECT value FROM json_each(:exp) WHERE key = x % json_array_length(:exp)) END,
                  'seed ' || x,
                  CASE WHEN x % 500 = 7 THEN 'reversed' ELSE 'executed' END,
                  'api',
                  (SELECT value FROM json_each(:people) WHERE key = x % 3),
                  :now - :span + x * :span / :rows, :now - :span + x * :span / :rows, :now - :span + x * :span / :rows
           FROM n`,
        )
        .run({ rows: ROWS, family: familyId, cash, card, savings, inc0: inc[0]!, exp: JSON.stringify(exp), people: JSON.stringify(people), now, span }),
    );

    const coldStart = process.hrtime.bigint();
    monthlyReport(deps, owner, { familyId, month: '2025-06' });
    const monthColdMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
    const monthMs = meanMs(20, () => monthlyReport(deps, owner, { familyId, month: '2026-10' }));
    const trendMs = meanMs(20, () => trendReport(deps, owner, { familyId, months: 12 }));

    const maxId = (conn.sqlite.prepare('SELECT max(id) AS m FROM transactions').get() as { m: number }).m;
    const firstPageMs = meanMs(50, () => listTransactions(deps, owner, { familyId, limit: 20 }));
    // The 1,000th page of 20 continues below the id the 999th page ended with (keyset, no OFFSET).
    const page1000Ms = meanMs(50, () => listTransactions(deps, owner, { familyId, limit: 20, beforeId: maxId - 999 * 20 }));

    const plans = [
      'month report',
      ...explain(conn, `SELECT kind, currency, category_id, created_by, coalesce(from_wallet_id, to_wallet_id), cast(sum(amount_minor) AS text), count(*) FROM transactions
        WHERE family_id = ? AND executed_at >= ? AND executed_at < ? AND kind IN ('expense','income') AND status = 'executed' AND reversal_of IS NULL
        GROUP BY 3, 4, 5, 1, 2`, [familyId, now - 60 * DAY, now]),
      'month before and trend: incomes (expenses only at the edges of the whole UTC days)',
      ...explain(conn, `SELECT currency, category_id, cast(sum(amount_minor) AS text) FROM transactions
        WHERE family_id = ? AND executed_at >= ? AND executed_at < ? AND kind = 'income' AND status = 'executed' AND reversal_of IS NULL GROUP BY 1, 2`, [familyId, now - 60 * DAY, now]),
      'month before and trend: expenses of the whole UTC days (expense_days)',
      ...explain(conn, `SELECT nullif(category_id, 0), cast(sum(spent_minor) AS text) FROM expense_days WHERE family_id = ? AND currency = ? AND day >= ? AND day < ? GROUP BY 1`, [familyId, 'EUR', Math.floor((now - 60 * DAY) / DAY), Math.floor(now / DAY)]),
      'export batch',
      ...explain(conn, `SELECT * FROM transactions WHERE family_id = ? AND executed_at IS NOT NULL AND executed_at >= ? AND (executed_at > ? OR id > ?) ORDER BY executed_at, id LIMIT 1000`, [familyId, now - 60 * DAY, now - 60 * DAY, 5]),
    ];

    // A full collection before sampling: what the export keeps, not the garbage it has not yet collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let heapMax = heap0;
    let rssMax = rss0;
    let bytes = 0;
    let chunks = 0;
    const exportStart = Date.now();
    for (const chunk of exportTransactionsCsv(deps, owner, { familyId })) {
      bytes += Buffer.byteLength(chunk);
      if (++chunks % 10 === 0) {
        gc();
        const m = process.memoryUsage();
        heapMax = Math.max(heapMax, m.heapUsed);
        rssMax = Math.max(rssMax, m.rss);
      }
    }
    const exportSeconds = (Date.now() - exportStart) / 1000;
    return {
      rows: ROWS,
      seedSeconds,
      monthMs,
      monthColdMs,
      trendMs,
      firstPageMs,
      page1000Ms,
      exportSeconds,
      exportBytes: bytes,
      exportHeapGrowthMiB: (heapMax - heap0) / 2 ** 20,
      exportRssGrowthMiB: (rssMax - rss0) / 2 ** 20,
      plans,
    };
  } finally {
    conn.close();
  }
}

function explain(conn: Connection, query: string, params: unknown[]): string[] {
  return (conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => `  ${r.detail}`);
}

/** The figures as Markdown lines for `npm run bench`. */
export function reportLines(r: ReportFigures): string[] {
  const ms = (x: number) => (x < 10 ? x.toFixed(2) : Math.round(x).toString());
  return [
    `${r.rows.toLocaleString('en-US')} transactions over three years in one family (seeded in ${r.seedSeconds.toFixed(1)} s).`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| month report (categories, members, wallets, previous month), warm | ${ms(r.monthMs)} ms | < 100 ms |`,
    `| month report, first read of a month | ${ms(r.monthColdMs)} ms | < 100 ms |`,
    `| 12-month trend | ${ms(r.trendMs)} ms | < 100 ms |`,
    `| history, first page (20 rows) | ${ms(r.firstPageMs)} ms | < 20 ms |`,
    `| history, 1,000th page (keyset) | ${ms(r.page1000Ms)} ms | < 20 ms |`,
    `| CSV export of everything | ${r.exportSeconds.toFixed(1)} s, ${(r.exportBytes / 2 ** 20).toFixed(0)} MiB | constant memory |`,
    `| memory kept during the export (after full GCs, every 10 batches) | heap +${r.exportHeapGrowthMiB.toFixed(1)} MiB, RSS +${r.exportRssGrowthMiB.toFixed(1)} MiB | independent of the row count |`,
    '',
    'Query plans (EXPLAIN QUERY PLAN):',
    '',
    '```',
    ...r.plans,
    '```',
  ];
}
