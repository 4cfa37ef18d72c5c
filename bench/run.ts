// `npm run bench`: every performance figure of the app next to its baseline,
// measured in the same run on this machine, printed as Markdown with the
// machine's description. Figures are printed, never asserted.
//
//   npm run bench                   print everything
//   npm run bench -- --readme       also write the tables into README.md (between the bench markers)
//   npm run bench -- core http      only some parts (core, http, bot, history, reports, startup)
// Tuning: BENCH_ROUNDS, BENCH_ROUND_MS, BENCH_SYNC, BENCH_HTTP_SECONDS, BENCH_HTTP_ROUNDS, BENCH_HTTP_WARMUP_SECONDS, BENCH_CONNECTIONS, BENCH_BOT_USERS, BENCH_BOT_POLL_UPDATES, BENCH_BOT_RATE, BENCH_BOT_RATE_SECONDS, BENCH_HISTORY_ROWS, BENCH_REPORT_ROWS, BENCH_DIR, BENCH_DIST.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { fmt, runCoreBench } from './core.js';
import { runBotBench } from './bot.js';
import { runHistoryBench } from './history.js';
import { reportLines, runReportsBench } from './reports.js';
import { HTTP_SETTINGS, httpSettings, runHttpBench, type Load } from './http.js';
import { pairedRatio } from './measure.js';
import { runStartupBench } from './startup.js';

const args = process.argv.slice(2);
const writeReadme = args.includes('--readme');
const parts = args.filter((a) => !a.startsWith('--'));
const want = (p: string) => parts.length === 0 || parts.includes(p);
const DIR = mkdtempSync(join(process.env['BENCH_DIR'] ?? os.tmpdir(), 'finance-bench-'));

function machine(): string[] {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  const probe = openDatabase(join(DIR, 'probe.db'));
  const sqliteVersion = (probe.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  probe.close();
  const cpus = os.cpus();
  return [
    `- Machine: ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} (${os.arch()}),` +
      ` load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at start`,
    `- Node ${process.version}, fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, SQLite ${sqliteVersion}, autocannon ${version('autocannon')}`,
  ];
}

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const pct = (x: number) => `${Math.round(x * 100)} %`;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : Math.round(x).toString());
/** A figure over its baseline: paired by round when both ran in the same alternating rounds, else their rates. */
const ratioOf = (l: Load, base: Load) =>
  l.rounds && base.rounds && l.rounds.length === base.rounds.length ? pairedRatio(l.rounds, base.rounds) : l.rps / base.rps;
const row = (path: string, l: Load, base: string, baseline: Load, target: string, unit = 'req/s') =>
  `| ${path} | ${fmt(l.rps)} ${unit} | ${base} | ${pct(ratioOf(l, baseline))} | ${ms(l.p99)} ms | ${target} |${l.errors || l.non2xx ? ` ${l.errors} errors, ${l.non2xx} non-2xx` : ''}`;

const atRate = (path: string, l: Load, rate: number) =>
  `| ${path} | ${fmt(rate)}/s | ${fmt(l.rps)}/s | ${ms(l.p50)} ms | ${ms(l.p99)} ms | p99 < 50 ms |${l.errors || l.non2xx ? ` ${l.errors} errors, ${l.non2xx} non-2xx` : ''}`;

async function main(): Promise<void> {
  const out: string[] = ['### Measured by `npm run bench`', '', ...machine(), ''];
  if (want('core')) {
    const r = runCoreBench(DIR);
    out.push('#### Core write path', '', ...r.lines, '');
  }
  if (want('http')) {
    const h = await runHttpBench(DIR);
    const rawText = `raw FULL insert ${fmt(h.rawFull.rps)}/s`;
    out.push(
      '#### HTTP',
      '',
      '| path | figure | baseline | ratio | p99 | target |',
      '|---|---:|---|---:|---:|---|',
      `| bare Fastify 5 route (baseline) | ${fmt(h.bare.rps)} req/s | — | — | ${ms(h.bare.p99)} ms | |`,
      row('`GET /api/v1/wallets` (JWT, access log, security headers)', h.get, `bare Fastify ${fmt(h.bare.rps)}/s`, h.bare, '≥ 50 %, p99 < 20 ms'),
      row('`POST /api/v1/transactions`, group commit (FULL)', h.postGroup, rawText, h.rawFull, '≥ 2×, p99 < 50 ms'),
      row('`POST /api/v1/transactions`, one COMMIT per request (FULL; not how the app runs)', h.postSingle, rawText, h.rawFull, 'reference: what group commit buys'),
      row('`GET /api/v1/wallets`, the shipped app (`node dist/main.js api`)', h.getShipped, `bare Fastify ${fmt(h.bare.rps)}/s`, h.bare, '≥ 50 %, p99 < 20 ms'),
      row('`POST /api/v1/transactions`, the shipped app (group commit, FULL)', h.postShipped, rawText, h.rawFull, '≥ 2×, p99 < 50 ms'),
      '',
      `- ${HTTP_SETTINGS} (a ratio is the median of each round's figure over its baseline of that round). POSTs are executed expenses by the owner, each answered only after its COMMIT returned (synchronous=FULL).`,
      '  The app always group-commits (src/app.ts), so its POSTs are the group-commit rows, which the targets ≥ 1× and ≥ 2× are for; one COMMIT per request is the same server without it.',
      `  The raw FULL insert (one row per BEGIN IMMEDIATE … COMMIT, as in the core table) is measured in the same rounds, between the GET and the POSTs.`,
      `- Rounds (req/s): ${(['bare', 'get', 'getShipped', 'rawFull', 'postGroup', 'postShipped', 'postSingle'] as const).map((k) => `${k} [${(h[k].rounds ?? []).map(fmt).join(', ')}]`).join('; ')}.`,
      '- The shipped app is the built tree as deployed (`node dist/main.js api`: the API and the jobs that write the outbox) over a database seeded the same way;',
      '  the other app rows run `buildServer` in a server of the benchmark, from TypeScript through tsx.',
      `- RSS of the app server: ${Math.round(h.idleRss)} MB idle (after start-up), ${Math.round(h.loadRss)} MB after the GET and POST loads; of the shipped app`,
      `  ${Math.round(h.shippedIdleRss)} MB and ${Math.round(h.shippedLoadRss)} MB (target < 200 MB under load; tsx's compiler stays resident in the first).`,
      '',
    );
  }
  if (want('bot')) {
    const b = await runBotBench(DIR);
    out.push(
      '#### Bot quick entry (webhook)',
      '',
      '| path | figure | baseline | ratio | p99 | target |',
      '|---|---:|---|---:|---:|---|',
      `| bare grammY bot replying "ok" (baseline) | ${fmt(b.bare.rps)} updates/s | — | — | ${ms(b.bare.p99)} ms | |`,
      row('quick entry "5 coffee" through the real bot', b.real, `bare grammY ${fmt(b.bare.rps)}/s`, b.bare, '≥ 1,000/s and ≥ 25 %, p99 < 50 ms', 'updates/s'),
      ...(b.built ? [row('the same through the shipped app (`node dist/main.js all`)', b.built, `bare grammY ${fmt(b.bare.rps)}/s`, b.bare, '≥ 1,000/s and ≥ 25 %, p99 < 50 ms', 'updates/s')] : []),
      '',
      `- ${httpSettings(b.warmupSeconds)} (the ratio: the median of each round's); rounds (updates/s): bare [${(b.bare.rounds ?? []).map(fmt).join(', ')}], real [${(b.real.rounds ?? []).map(fmt).join(', ')}]${b.built ? `, shipped [${(b.built.rounds ?? []).map(fmt).join(', ')}]` : ''}.`,
      `- ${fmt(b.users)} chats, each owning a funded family; every update a new update_id. The real bot records a durable`,
      '  transaction (synchronous=FULL, group commit) and replies; the webhook is answered once its writes are committed.',
      "  The Bot API is a stand-in in a process of its own (Telegram is not in the bot's process), answering every call at once.",
      `- The shipped app is the built tree as deployed: \`node dist/main.js all\` (the API, the jobs and the bot on the webhook) over the same seeded database.`,
      `- RSS after these loads and the paced one below (target < 200 MB under load): ${b.rss.built !== undefined ? `the shipped app ${fmt(b.rss.built)} MB; ` : ''}bare ${fmt(b.rss.bare)} MB, real ${fmt(b.rss.real)} MB,`,
      '  both run from TypeScript through tsx, whose loader and compiled modules stay resident (~47 MB on an idle `node`).',
      '',
      '#### Bot quick entry (long polling)',
      '',
      '| path | figure | baseline | ratio | p99 | target |',
      '|---|---:|---|---:|---:|---|',
      `| bare grammY runner bot replying "ok" (baseline) | ${fmt(b.barePolling.rps)} updates/s | — | — | ${ms(b.barePolling.p99)} ms | |`,
      row('quick entry "5 coffee" through the real bot (at-least-once runner)', b.realPolling, `bare runner ${fmt(b.barePolling.rps)}/s`, b.barePolling, '≥ 1,000/s and ≥ 25 %, p99 < 50 ms', 'updates/s'),
      '',
      `- ${fmt(b.pollUpdates)} updates from the same ${fmt(b.users)} chats, handed out by the stand-in's getUpdates as fast as the bot asks (up to 100 a call),`,
      `  after ${b.warmupSeconds} s worth of updates (at 1,000/s) that warm each bot up and are not counted;`,
      '  the figure is updates over the time from the first hand-out to the last reply; a latency runs from an update\'s first hand-out to its reply.',
      '',
      `#### Bot quick entry at ${fmt(b.rate)} updates/s`,
      '',
      '| path | offered | answered | p50 | p99 | target |',
      '|---|---:|---:|---:|---:|---|',
      atRate(`webhook (one update due every ${1000 / b.rate} ms, up to ${CONNECTIONS} connections): the reply in the chat`, b.realAtRate.reply, b.rate),
      atRate('the same: the webhook\'s answer to Telegram', b.realAtRate.answer, b.rate),
      ...(b.builtAtRate
        ? [atRate('webhook, the shipped app (`node dist/main.js all`): the reply in the chat', b.builtAtRate.reply, b.rate), atRate('the same: the webhook\'s answer to Telegram', b.builtAtRate.answer, b.rate)]
        : []),
      atRate('long polling (updates arrive at the stand-in at this rate)', b.realPollingAtRate, b.rate),
      '',
      `- The tables above drive the bot as hard as it goes: with ${CONNECTIONS} updates always in flight the mean latency is ${CONNECTIONS} / throughput`,
      '  (Little\'s law), so their p99 measures the queue, not the bot. Here the same real bot gets the target\'s load, 1,000 updates a second',
      `  from the same ${fmt(b.users)} chats, for ${b.rateSeconds} s after the warm-up, at a steady pace (open loop: an update is sent when it is due,`,
      '  whether or not earlier ones were answered). A latency runs from when an update is due (webhook: sent, or waiting for a free connection;',
      '  polling: its arrival at the stand-in, the wait for the next getUpdates included) to the bot\'s reply in the chat (its sendMessage reaching',
      '  the stand-in Bot API: what the person waits for, in both modes) and, over the webhook, also to the HTTP answer that tells Telegram the',
      '  update is done. That answer waits for the bot\'s bookkeeping written after its reply (the card\'s message id, the update marked handled)',
      '  to be on disk too: one more group commit and fsync, as polling\'s next getUpdates (its acknowledgement) waits for them, untimed there.',
      '',
    );
  }
  if (want('history')) {
    const s = runHistoryBench(DIR);
    out.push(
      `#### At ${fmt(s.rows)} transactions in one family`,
      '',
      '| what | figure | target |',
      '|---|---:|---|',
      `| history, first page (20 rows) | ${ms(s.firstPageMs)} ms | < 5 ms |`,
      `| history, a page in the middle | ${ms(s.middlePageMs)} ms | < 5 ms |`,
      `| history, the last page | ${ms(s.lastPageMs)} ms | < 5 ms |`,
      `| history of one wallet, first page | ${ms(s.walletPageMs)} ms | < 5 ms |`,
      `| an expense with two budgets, CPU | ${ms(s.expenseCpuMs)} ms (without budgets ${ms(s.expenseNoBudgetCpuMs)} ms) | < 1 ms |`,
      `| approval-reminder scan, write lock held | ${ms(s.reminderLockMs)} ms | a few ms |`,
      `| a month's spending of a budget (daily totals + edge days) | ${ms(s.monthSpentMs)} ms (brute-force month sum ${ms(s.monthSumBruteMs)} ms, ${pct(s.monthSpentMs / s.monthSumBruteMs)}) | |`,
      '',
      ...s.budgetPlans.map((p) => `- Plan, ${p}`),
      `- Seeded in ${s.seedSeconds.toFixed(1)} s; synchronous=NORMAL for this part (it measures reads and CPU, not fsync).`,
      '',
    );
  }
  if (want('reports')) {
    out.push('#### Reports, history and export at scale', '', ...reportLines(runReportsBench(DIR)), '');
  }
  if (want('startup')) {
    const s = await runStartupBench(DIR);
    out.push(
      '#### Start-up (built tree)',
      '',
      ...(s
        ? [
            '| process | spawn to "HTTP API listening" | ratio to bare Fastify | to "finance-bot started" | idle RSS (2 s) | of it anonymous | RSS ratio | RSS after V8\'s idle GC |',
            '|---|---:|---:|---:|---:|---:|---:|---:|',
            `| ${s.bare.what} | ${Math.round(s.bare.readyMs)} ms | — | — | ${Math.round(s.bare.idleRssMb)} MB | ${Math.round(s.bare.idleAnonMb)} MB | — | ${Math.round(s.bare.lateRssMb)} MB |`,
            ...s.runs.map(
              (r) =>
                `| ${r.what} | ${Math.round(r.readyMs)} ms | ${(r.readyMs / s.bare.readyMs).toFixed(1)}× | ${Math.round(r.startedMs)} ms | ${Math.round(r.idleRssMb)} MB | ${Math.round(r.idleAnonMb)} MB | ${(r.idleRssMb / s.bare.idleRssMb).toFixed(1)}× | ${Math.round(r.lateRssMb)} MB |`,
            ),
            '',
            `- Targets: ready < 1 s, idle RSS < 100 MB. Medians of ${process.env['BENCH_STARTUP_RUNS'] ?? 3} starts; idle RSS is read 2 s after "finance-bot started" (anonymous: heaps and stacks; the rest are pages of the mapped Node binary or executable, which depend on how the file sits in the page cache), the last column once, ${s.lateMs / 1000} s after it (V8 shrinks the heap about 8 s after its last full GC when the process is idle).`,
          ]
        : ['- Skipped: run `npm run build` first.']),
      '',
    );
  }
  const text = out.join('\n');
  process.stdout.write(`${text}\n`);
  if (writeReadme) {
    const begin = '<!-- bench:begin (written by npm run bench -- --readme) -->';
    const end = '<!-- bench:end -->';
    const readme = readFileSync('README.md', 'utf8');
    const a = readme.indexOf(begin);
    const b = readme.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${begin} … ${end} markers`);
    writeFileSync('README.md', `${readme.slice(0, a + begin.length)}\n${text}\n${readme.slice(b)}`);
    process.stderr.write('README.md updated\n');
  }
}

try {
  await main();
} finally {
  rmSync(DIR, { recursive: true, force: true });
}
