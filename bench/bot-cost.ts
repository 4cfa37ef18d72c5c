// What one quick entry costs the shipped app's process, under the paced
// webhook load of `npm run bench -- bot` (1,000 updates/s over up to 50
// connections, the stand-in Bot API in a process of its own): CPU time (user +
// system from /proc) and bytes allocated on V8's heap (the sum of each GC's
// `allocated=` from --trace-gc-nvp) over a fixed number of updates, divided by
// that number. Unlike a latency these hardly depend on what else loads the
// machine, so two builds can be compared on a busy one: give several built trees
// and they are measured side by side, each in a fresh process per round, under
// the same load at the same time (the figure of each against the first tree is
// the median of the rounds' ratios).
//   tsx bench/bot-cost.ts [--rounds 3] [--seconds 10] [--warm 10] [--rate 1000] [--inflight n] [--prof dir] [--heap-prof dir] <dist>...
// --prof writes a V8 CPU profile of each measured process (--cpu-prof) into dir.
// --heap-prof dir: a sampling heap profile of each measured process (every 4 KB allocated, collected objects
// included: bench/heap-sample.mjs), written into dir at its exit.
// --sql-times dir: the app's SQL timed by statement (bench/sql-times.mjs) over the measured updates,
// printed per update after each round (files in dir).
// A tree given as `<dist>:no-send-http` is that tree with its sendMessage calls answered at once,
// without HTTP (bench/no-send-http.mjs): beside `<dist>`, what the card's sendMessage costs over HTTP.
// `<dist>:node=<path>` runs that tree with another Node binary (default: the one running this script),
// e.g. a tree whose node_modules were installed by Node 24, beside one of Node 20; both suffixes may be given.
// --inflight n: a closed loop with n updates always in flight, as many updates
// as --rate × --seconds: on a machine too busy for the paced rate the bot
// falls behind, and a backlog of seconds changes what an update costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { CPU_TICK_S, cpuTicks, quantile, median } from './measure.js';
import { restartSqlTimes, sqlTimesProcess, sqlTimesReport } from './sql-report.js';
import { shippedAppEnv } from './startup.js';
import { postUpdate, quickEntries } from './webhook-load.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const [v] = args.splice(i, 2).slice(1);
  return v!;
};
const ROUNDS = Number(opt('rounds', '3'));
const SECONDS = Number(opt('seconds', '10'));
const WARM = Number(opt('warm', '10'));
const RATE = Number(opt('rate', '1000'));
const PROF = opt('prof', '');
const HEAP_PROF = opt('heap-prof', '');
const SQL_TIMES = opt('sql-times', '');
/** Closed loop instead: this many updates always in flight (0: the paced load at --rate). */
const INFLIGHT = Number(opt('inflight', '0'));
const USERS = 1000;
/** The trees as given, `<dist>[:no-send-http][:node=<path>]`: the labels of the figures (treeOf reads each). */
const dists = args;
const treeOf = (spec: string) => {
  const [dir = '', ...options] = spec.split(':');
  const node = options.find((o) => o.startsWith('node='))?.slice('node='.length);
  const unknown = options.filter((o) => o !== 'no-send-http' && !o.startsWith('node='));
  if (unknown.length > 0) throw new Error(`${spec}: unknown option ${unknown.join(', ')}`);
  return { dir: resolve(dir), noSendHttp: options.includes('no-send-http'), node: node ? resolve(node) : process.execPath };
};
if (dists.length === 0) throw new Error('usage: tsx bench/bot-cost.ts [--rounds n] [--seconds s] [--warm s] [--rate r] [--inflight n] [--prof dir] [--heap-prof dir] [--sql-times dir] <dist>[:no-send-http][:node=<path>]...');
/** Each tree read once, before anything starts: a misspelt option stops the run at once. */
const trees = new Map(dists.map((spec) => [spec, treeOf(spec)]));

const TOKEN = '123456:bench-token-for-the-local-stand-in';
const SECRET = 'bench-webhook-secret';

/** The stand-in Bot API (webhook mode); its port. */
async function standIn(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-api.ts', 'webhook', String(USERS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  return { child, port: (JSON.parse(first.value as string) as { port: number }).port };
}

/** A seeded database (bench/bot-server.ts's: 1,000 chats, each owning a funded family), copied per run. */
async function seed(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-seed.ts', join(dir, 'seed.db'), String(USERS)], { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error('seeding failed');
  return join(dir, 'seed.db');
}

type App = { child: ChildProcess; port: number; allocated: () => number };

/** `node <dist>/main.js all` with the bot on the webhook; its GC trace summed as it comes. */
async function startApp(spec: string, db: string, apiPort: number, prof: string | undefined): Promise<App> {
  const { dir: dist, noSendHttp, node } = trees.get(spec)!;
  const flags = [
    ...(noSendHttp ? ['--import', pathToFileURL(resolve('bench/no-send-http.mjs')).href] : []),
    '--trace-gc-nvp',
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
    ...(HEAP_PROF ? ['--import', pathToFileURL(resolve('bench/heap-sample.mjs')).href] : []),
    ...(SQL_TIMES ? sqlTimesProcess(SQL_TIMES).flags : []),
  ];
  const env = shippedAppEnv(db, {
    BACKUP_DIR: join(db, '..', 'backups'),
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}`,
    BOT_MODE: 'webhook',
    WEBHOOK_URL: 'https://bench.example/telegram/webhook',
    WEBHOOK_SECRET: SECRET,
    ...(HEAP_PROF ? { HEAP_PROF_DIR: resolve(HEAP_PROF) } : {}),
    ...(SQL_TIMES ? sqlTimesProcess(SQL_TIMES).env : {}),
  });
  const child = spawn(node, [...flags, join(dist, 'main.js'), 'all'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => child.kill('SIGTERM');
  process.on('exit', stop);
  child.once('exit', () => process.off('exit', stop));
  let allocated = 0;
  let port: number | undefined;
  let started: () => void;
  const ready = new Promise<void>((r) => (started = r));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const a = / allocated=(\d+)/.exec(line);
    if (a) allocated += Number(a[1]);
    const url = /"url":"http:\/\/[^:"]+:(\d+)"/.exec(line);
    if (url) port = Number(url[1]);
    if (line.includes('finance-bot started')) started();
    // The app's warnings and errors (pino levels 40 and up): a figure of a process that fails is no figure.
    if (/^\{"level":[4-6]\d,/.test(line)) process.stderr.write(`${line}\n`);
  });
  await ready;
  if (port === undefined) throw new Error('the app did not say where it listens');
  return { child, port, allocated: () => allocated };
}

const updates = quickEntries(USERS);

/** Paced open-loop webhook load (bench/bot.ts's paced()), or a closed loop (--inflight); the answers' p50 and p99 in ms. */
async function paced(port: number, seconds: number): Promise<{ p50: number; p99: number; bad: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: INFLIGHT || 50 });
  const total = Math.round(RATE * seconds);
  const latencies: number[] = [];
  let bad = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    let answered = 0;
    const finish = () => {
      if (++answered === total) done();
      else if (INFLIGHT && sent < total) send(performance.now(), sent++);
    };
    const send = (due: number, _i: number) => {
      postUpdate(agent, port, SECRET, updates.next(), {
        answered(status) {
          if (status >= 300) bad++;
          latencies.push(performance.now() - due);
          finish();
        },
        failed: () => (bad++, finish()),
      });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / RATE <= now) send(start + (sent * 1000) / RATE, sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    if (INFLIGHT) while (sent < Math.min(INFLIGHT, total)) send(performance.now(), sent++);
    else tick();
  });
  agent.destroy();
  const s = latencies.sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), bad };
}

const dir = mkdtempSync(join(tmpdir(), 'bot-cost-'));
mkdirSync(join(dir, 'backups'));
const api = await standIn();
const seedDb = await seed(dir);
const results = new Map<string, Array<{ cpuMs: number; allocKb: number; p50: number; p99: number }>>();
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Every tree's process at once, under the same load: they share the machine's speed of the moment, which on
    // a busy machine moves more within a minute than a change of a few per cent does.
    process.stderr.write(`round ${round + 1}…\n`);
    const apps: App[] = [];
    for (const [i, dist] of dists.entries()) {
      const db = join(dir, `run-${round}-${i}.db`);
      copyFileSync(seedDb, db);
      apps.push(await startApp(dist, db, api.port, PROF || undefined));
    }
    await Promise.all(apps.map((app) => paced(app.port, WARM)));
    if (SQL_TIMES) for (const app of apps) restartSqlTimes(app.child.pid!);
    const before = apps.map((app) => ({ cpu: cpuTicks(app.child.pid!), alloc: app.allocated() }));
    const lats = await Promise.all(apps.map((app) => paced(app.port, SECONDS)));
    const n = RATE * SECONDS;
    for (const [i, app] of apps.entries()) {
      const cpuMs = ((cpuTicks(app.child.pid!) - before[i]!.cpu) * CPU_TICK_S * 1000) / n;
      const allocKb = (app.allocated() - before[i]!.alloc) / 1024 / n;
      const lat = lats[i]!;
      const dist = dists[i]!;
      (results.get(dist) ?? results.set(dist, []).get(dist)!).push({ cpuMs, allocKb, p50: lat.p50, p99: lat.p99 });
      process.stdout.write(`round ${round + 1} ${dist}: ${cpuMs.toFixed(3)} ms CPU/update, ${allocKb.toFixed(1)} KB/update, answer p50 ${lat.p50.toFixed(1)} p99 ${lat.p99.toFixed(1)} ms${lat.bad ? `, ${lat.bad} failed` : ''}\n`);
    }
    for (const app of apps) app.child.kill('SIGTERM');
    await Promise.all(apps.map((app) => once(app.child, 'exit')));
    if (SQL_TIMES) for (const [i, app] of apps.entries()) process.stdout.write(`${dists[i]}:\n${sqlTimesReport(SQL_TIMES, app.child.pid!, n, 'update').join('\n')}\n`);
  }
  const first = results.get(dists[0]!)!;
  for (const [dist, rs] of results) {
    const ratio = (k: 'cpuMs' | 'allocKb') => median(rs.map((r, i) => r[k] / first[i]![k]));
    process.stdout.write(`${dist}: CPU ${(100 * ratio('cpuMs')).toFixed(1)} %, alloc ${(100 * ratio('allocKb')).toFixed(1)} % of the first tree (medians of the rounds' ratios)\n`);
    process.stdout.write(
      `${dist}: CPU ${median(rs.map((r) => r.cpuMs)).toFixed(3)} ms/update [${rs.map((r) => r.cpuMs.toFixed(3)).join(', ')}], alloc ${median(rs.map((r) => r.allocKb)).toFixed(1)} KB/update [${rs.map((r) => r.allocKb.toFixed(1)).join(', ')}], answer p99 [${rs.map((r) => r.p99.toFixed(0)).join(', ')}] ms\n`,
    );
  }
} finally {
  api.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
