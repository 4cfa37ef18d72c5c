// HTTP load through autocannon against 127.0.0.1 only, each server in its own
// process (bench/server.ts), bounded in time: the app's hot read and durable
// write next to a bare Fastify route, in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { rawInsertRunner } from './core.js';
import { median, rssMb } from './measure.js';

const DURATION_S = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 3);
const WARMUP_S = Number(process.env['BENCH_HTTP_WARMUP_SECONDS'] ?? 3);

export type Load = { rps: number; p99: number; p50: number; errors: number; non2xx: number; rounds?: number[] };
type Started = { child: ChildProcess; port: number; pid?: number; token?: string; familyId?: number; walletId?: number; categoryId?: number; rss(): number };

async function startServer(kind: string, dir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', kind, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(line) as Omit<Started, 'child' | 'rss'>;
  // built: the shipped app is a process of its own, whose pid the server prints.
  return { ...info, child, rss: () => rssMb(info.pid ?? child.pid!) };
}

async function stop(s: Started): Promise<void> {
  s.child.kill('SIGTERM');
  await once(s.child, 'exit');
}

async function loadFor(opts: autocannon.Options, seconds: number): Promise<Load> {
  const r = await autocannon({ ...opts, duration: seconds, connections: CONNECTIONS });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Medians of rounds (rate, p50, p99); errors summed; the rates of the rounds kept for the record. */
export function combine(loads: Load[]): Load {
  return {
    rps: median(loads.map((l) => l.rps)),
    p99: median(loads.map((l) => l.p99)),
    p50: median(loads.map((l) => l.p50)),
    errors: loads.reduce((a, l) => a + l.errors, 0),
    non2xx: loads.reduce((a, l) => a + l.non2xx, 0),
    rounds: loads.map((l) => l.rps),
  };
}

/**
 * Runs each subject for ROUNDS rounds, alternating (a, b, c, a, b, c…), after a
 * warm-up of each: a figure and its baseline see the same drift of the machine
 * (this VM's speed moves by 2× within minutes), and the JIT has settled.
 */
export async function alternate<K extends string>(subjects: Record<K, (seconds: number) => Promise<Load>>, rounds = ROUNDS, warmupS = WARMUP_S): Promise<Record<K, Load>> {
  const keys = Object.keys(subjects) as K[];
  for (const k of keys) await subjects[k](warmupS);
  const got = Object.fromEntries(keys.map((k) => [k, [] as Load[]])) as Record<K, Load[]>;
  for (let r = 0; r < rounds; r++) for (const k of keys) got[k].push(await subjects[k](DURATION_S));
  return Object.fromEntries(keys.map((k) => [k, combine(got[k])])) as Record<K, Load>;
}

export type HttpFigures = { bare: Load; get: Load; postGroup: Load; postSingle: Load; rawFull: Load; getShipped: Load; postShipped: Load; idleRss: number; loadRss: number; shippedIdleRss: number; shippedLoadRss: number };

export async function runHttpBench(dir: string): Promise<HttpFigures> {
  process.stderr.write(`http: bare Fastify, GET /api/v1/wallets, POST /api/v1/transactions (group commit, one COMMIT each, the shipped app) and raw inserts, ${ROUNDS} alternating rounds…\n`);
  const [bare, app, single, built] = await Promise.all([startServer('bare', dir), startServer('app', dir), startServer('app-single', dir), startServer('built', dir)]);
  try {
    const idleRss = app.rss();
    const shippedIdleRss = built.rss();
    const auth = (s: Started) => ({ authorization: `Bearer ${s.token!}` });
    const get = (s: Started) => ({ url: `http://127.0.0.1:${s.port}/api/v1/wallets?family_id=${s.familyId!}`, headers: auth(s) });
    const post = (s: Started) => ({
      url: `http://127.0.0.1:${s.port}/api/v1/transactions`,
      method: 'POST' as const,
      headers: { ...auth(s), 'content-type': 'application/json' },
      body: JSON.stringify({ family_id: s.familyId, from_wallet_id: s.walletId, amount: '1.25', category_id: s.categoryId, description: 'bench' }),
    });
    const raw = rawInsertRunner(dir, 'FULL');
    const figures = await alternate({
      bare: (sec) => loadFor({ url: `http://127.0.0.1:${bare.port}/api/v1/wallets` }, sec),
      get: (sec) => loadFor(get(app), sec),
      getShipped: (sec) => loadFor(get(built), sec),
      // The raw durable insert rate, measured between the POST rounds: the POSTs' baseline under the same drift.
      rawFull: async (sec) => {
        const rps = raw.measure(Math.min(sec, 2) * 1000);
        return { rps, p99: NaN, p50: NaN, errors: 0, non2xx: 0 };
      },
      postGroup: (sec) => loadFor(post(app), sec),
      postShipped: (sec) => loadFor(post(built), sec),
      postSingle: (sec) => loadFor(post(single), sec),
    });
    raw.close();
    return { ...figures, idleRss, loadRss: app.rss(), shippedIdleRss, shippedLoadRss: built.rss() };
  } finally {
    await Promise.all([stop(bare), stop(app), stop(single), stop(built)]);
  }
}

/** How the alternating rounds were run, for the tables' notes. */
export const httpSettings = (warmupS = WARMUP_S) =>
  `autocannon, ${CONNECTIONS} connections, 127.0.0.1, each server in its own process (tsx); after a ${warmupS} s warm-up of each, ${ROUNDS} alternating rounds of ${DURATION_S} s, medians`;
export const HTTP_SETTINGS = httpSettings();
