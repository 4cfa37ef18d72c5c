// Start-up and memory of the built app (`npm run build` first): time from
// spawning the process to "HTTP API listening" and to "finance-bot started"
// (every part, the bot's first getMe and polling included), and its resident
// memory once idle: 2 s after it started, and once more after V8's idle-time
// GC (the memory reducer runs ~8 s after the last full GC; read at 15 s). For
// `api`, `all` without a bot token, `all` with the bot polling a fake Bot API
// (tests/support/fake-telegram), `all` with the Docker image's
// --max-semi-space-size=4, and the single executable's `api` and `all` when
// dist/finance-bot exists (`npm run build:binary`); next to a bare Fastify 5
// server started the same way (the baseline). Medians of BENCH_STARTUP_RUNS
// (3) starts; the late reading is taken on the last one. The image runs
// Node 24: BENCH_IMAGE_NODE=<node 24 binary> with BENCH_IMAGE_DIST=<a tree
// built and installed by it> adds the image's row on that Node.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { rssMb } from './measure.js';
import { startFakeTelegram } from '../tests/support/fake-telegram.js';

/** idleAnonMb: the anonymous part of the idle RSS (heaps, stacks); the rest are pages of mapped files (the Node binary, the executable). */
export type StartupRun = { what: string; readyMs: number; startedMs: number; idleRssMb: number; idleAnonMb: number; lateRssMb: number };
export type StartupFigures = { runs: StartupRun[]; bare: StartupRun; lateMs: number } | undefined;

const BARE_FASTIFY = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ ok: true }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('HTTP API listening');
console.log('finance-bot started');`;

const IDLE_MS = 2000;
const LATE_MS = 15_000;

type Start = { what: string; command: string; args: string[]; env?: Record<string, string> };

export async function runStartupBench(dir: string): Promise<StartupFigures> {
  // BENCH_DIST: another built tree (default dist).
  const dist = process.env['BENCH_DIST'] ?? 'dist';
  const main = join(dist, 'main.js');
  if (!existsSync(main)) {
    process.stderr.write('startup: dist/main.js is missing (npm run build); skipped\n');
    return undefined;
  }
  const runs = Math.max(1, Number(process.env['BENCH_STARTUP_RUNS'] ?? 3));
  const node = process.execPath;
  const tg = await startFakeTelegram();
  try {
    const bot = { BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };
    const bare = await measure(dir, { what: 'bare Fastify 5 (baseline)', command: node, args: ['--input-type=module', '-e', BARE_FASTIFY] }, runs);
    const starts: Start[] = [
      { what: '`node dist/main.js api`', command: node, args: [main, 'api'] },
      { what: '`node dist/main.js all`, no bot token', command: node, args: [main, 'all'] },
      { what: '`node dist/main.js all`, bot polling (fake Bot API)', command: node, args: [main, 'all'], env: bot },
      { what: "`node --max-semi-space-size=4 dist/main.js all`, bot polling (the Docker image's flags)", command: node, args: ['--max-semi-space-size=4', main, 'all'], env: bot },
    ];
    const imageNode = process.env['BENCH_IMAGE_NODE'];
    if (imageNode) {
      // Not dist: its better-sqlite3 is built for the Node running this script.
      const imageDist = process.env['BENCH_IMAGE_DIST'];
      if (!imageDist) throw new Error('BENCH_IMAGE_NODE needs BENCH_IMAGE_DIST, a tree built and installed by that Node');
      const imageMain = join(imageDist, 'main.js');
      const version = execFileSync(imageNode, ['--version'], { encoding: 'utf8' }).trim();
      starts.push({ what: `the same on Node ${version.slice(1)} (the Docker image's Node)`, command: imageNode, args: ['--max-semi-space-size=4', imageMain, 'all'], env: bot });
    }
    const binary = join(dist, 'finance-bot');
    if (existsSync(binary)) {
      starts.push(
        { what: '`dist/finance-bot api` (single executable)', command: binary, args: ['api'] },
        { what: '`dist/finance-bot all`, bot polling (single executable)', command: binary, args: ['all'], env: bot },
      );
    } else process.stderr.write('startup: dist/finance-bot is missing (npm run build:binary); the single executable is not measured\n');
    const measured: StartupRun[] = [];
    for (const s of starts) measured.push(await measure(dir, s, runs));
    return { runs: measured, bare, lateMs: LATE_MS };
  } finally {
    await tg.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(dir: string, start: Start, runs: number): Promise<StartupRun> {
  process.stderr.write(`startup: ${start.what}…\n`);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await startOnce(dir, start, i === runs - 1));
  return {
    what: start.what,
    readyMs: median(results.map((r) => r.readyMs)),
    startedMs: median(results.map((r) => r.startedMs)),
    idleRssMb: median(results.map((r) => r.idleRssMb)),
    idleAnonMb: median(results.map((r) => r.idleAnonMb)),
    lateRssMb: results.at(-1)?.lateRssMb ?? NaN,
  };
}

/**
 * The environment of the built app in a benchmark: production, on 127.0.0.1
 * at a free port, logging at info (the benchmarks read its lines), fresh
 * secrets, no Redis, and `extra` on top.
 */
export function shippedAppEnv(databasePath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_PATH: databasePath,
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://bench.example',
    JWT_SECRET_KEY: randomBytes(48).toString('base64'),
    HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
    REDIS_URL: '',
    ...extra,
  };
}

/**
 * Starts the built app (`node $BENCH_DIST/main.js <role>`, default dist/) on a
 * database with the benchmarks' environment and `extra`; resolves with its port
 * and pid once it has started. It is stopped when this process exits.
 */
export async function startShippedApp(role: string, databasePath: string, extra: Record<string, string>): Promise<{ port: number; pid: number }> {
  const main = join(process.env['BENCH_DIST'] ?? 'dist', 'main.js');
  const child = spawn(process.execPath, [main, role], { env: shippedAppEnv(databasePath, extra), stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill('SIGTERM'));
  let port: number | undefined;
  const log = createInterface({ input: child.stdout! });
  for await (const line of log) {
    const url = /"url":"http:\/\/[^:"]+:(\d+)"/.exec(line);
    if (url) port = Number(url[1]);
    if (line.includes('finance-bot started') && port !== undefined) {
      // Its later lines are read and dropped: a full pipe would stop its logger, and so the app.
      log.close();
      child.stdout!.resume();
      return { port, pid: child.pid! };
    }
  }
  throw new Error(`${main} ${role} exited before it started`);
}

async function startOnce(dir: string, start: Start, late: boolean): Promise<Omit<StartupRun, 'what'>> {
  const started = process.hrtime.bigint();
  const child = spawn(start.command, start.args, {
    env: shippedAppEnv(join(dir, `startup-${randomBytes(4).toString('hex')}.db`), start.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const at: Record<string, number> = {};
  const lines = new Promise<void>((resolve, reject) => {
    const check = () => {
      for (const line of ['HTTP API listening', 'finance-bot started']) {
        if (at[line] === undefined && output.includes(line)) at[line] = Number(process.hrtime.bigint() - started) / 1e6;
      }
      if (at['finance-bot started'] !== undefined) resolve();
    };
    child.stdout!.on('data', (d: Buffer) => ((output += d.toString()), check()));
    child.stderr!.on('data', (d: Buffer) => ((output += d.toString()), check()));
    child.once('exit', (code) => reject(new Error(`${start.what} exited (${String(code)}):\n${output.slice(-2000)}`)));
  });
  try {
    await lines;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idleRssMb = rssMb(child.pid!);
    const idleAnonMb = rssMb(child.pid!, 'RssAnon');
    let lateRssMb = NaN;
    if (late) {
      await new Promise((r) => setTimeout(r, LATE_MS - IDLE_MS));
      lateRssMb = rssMb(child.pid!);
    }
    return { readyMs: at['HTTP API listening'] ?? NaN, startedMs: at['finance-bot started'] ?? NaN, idleRssMb, idleAnonMb, lateRssMb };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}
