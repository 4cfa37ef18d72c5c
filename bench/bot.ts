// Bot quick entry over the webhook, through the real bot, next to a bare grammY
// bot under the same load generator (autocannon; each request a new update
// from one of BENCH_BOT_USERS chats, "5 coffee"); and by long polling, the
// real bot next to a bare grammY runner bot, each fetching BENCH_BOT_POLL_UPDATES
// updates from the stand-in Bot API as fast as it takes them. Then the latency
// at a given load: updates offered at BENCH_BOT_RATE a second (the target's
// 1,000), over the webhook (paced, open loop) and by polling, each timed from
// when it is due (its arrival at the stand-in, for polling) to the bot's answer.
// With a built tree, the shipped app (`node dist/main.js all`, its bot on the
// webhook) gets the same webhook loads beside them: its figures and RSS are the
// app's as deployed, without tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { alternate, type Load } from './http.js';
import { quantile, rssMb } from './measure.js';
import { postUpdate, quickEntries } from './webhook-load.js';

const USERS = Number(process.env['BENCH_BOT_USERS'] ?? 1000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const POLL_UPDATES = Number(process.env['BENCH_BOT_POLL_UPDATES'] ?? 3000);
/** The offered load of the latency figures (updates/s) and how long it is held. */
const RATE = Number(process.env['BENCH_BOT_RATE'] ?? 1000);
const RATE_SECONDS = Number(process.env['BENCH_BOT_RATE_SECONDS'] ?? 10);
/** Warm-up of each bot before it is measured: V8 still compiles its hot code for the first ~10 s under load. */
const WARMUP_S = Number(process.env['BENCH_BOT_WARMUP_SECONDS'] ?? 10);

/** A bot server (bench/bot-server.ts); `pid` is the shipped app's process when kind is built. */
async function start(
  kind: string,
  dir: string,
  updates = POLL_UPDATES,
  rate = 0,
  warm = 0,
): Promise<{ child: ChildProcess; port: number; secret: string; apiPort: number; pid?: number; lines: AsyncIterator<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-server.ts', kind, dir, String(USERS), String(updates + warm), String(rate), String(warm)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`bench/bot-server.ts ${kind} exited before listening`);
  return { child, lines, ...(JSON.parse(first.value) as { port: number; secret: string; apiPort: number; pid?: number }) };
}

/**
 * A polling bot's figures: printed by its server once every update was
 * answered. With a rate, the updates arrive at it. The first WARMUP_S seconds'
 * worth of updates (at the rate, or at 1,000/s) warm it up and are not counted.
 */
async function polled(kind: string, dir: string, updates = POLL_UPDATES, rate = 0): Promise<Load> {
  const warm = Math.round(WARMUP_S * (rate || 1000));
  process.stderr.write(`bot: ${kind} (${fmtInt(warm)} updates to warm up, then ${fmtInt(updates)}${rate ? ` arriving at ${fmtInt(rate)}/s` : ''})…\n`);
  const s = await start(kind, dir, updates, rate, warm);
  try {
    const r = await s.lines.next();
    if (r.done) throw new Error(`bench/bot-server.ts ${kind} exited before answering every update`);
    return (JSON.parse(r.value) as { result: Load }).result;
  } finally {
    s.child.kill('SIGTERM');
    await once(s.child, 'exit');
  }
}

const fmtInt = (n: number) => n.toLocaleString('en-US');

const updates = quickEntries(USERS);

/** Webhook load: as fast as CONNECTIONS connections go. */
async function load(port: number, secret: string, seconds: number): Promise<Load> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/telegram/webhook`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    requests: [{ setupRequest: (req) => ({ ...req, body: updates.next() }) }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** The stand-in's sendMessage arrival times by chat since the last call (ms since the epoch); it forgets them. */
async function takeReplies(apiPort: number): Promise<Record<string, number[]>> {
  const res = await fetch(`http://127.0.0.1:${apiPort}/bench/replies`);
  return (await res.json()) as Record<string, number[]>;
}

/** A paced webhook run's two latencies: to the webhook's HTTP answer, and to the reply in the chat. */
export type PacedLoad = { answer: Load; reply: Load };

/**
 * Webhook load at a steady rate (open loop): update i is due at start + i / rate
 * and is sent then over up to CONNECTIONS keep-alive connections (waiting for a
 * free one when all are busy). Two latencies from when it was due: to the
 * webhook's HTTP answer (Telegram's acknowledgement, sent once everything the
 * update wrote, the bot's own bookkeeping after its reply included, is on disk)
 * and to the bot's reply reaching the stand-in Bot API (what the person sees,
 * the figure the polling run measures): the stand-in notes each sendMessage's
 * arrival per chat, and a chat's k-th reply answers its k-th update (the bot
 * handles a chat's updates in order, one reply each; a chat whose counts differ
 * is counted as errors). (autocannon's rate limit sends each connection's share
 * of a second at once at the start of the second: bursts at full speed, not a rate.)
 */
async function paced(port: number, secret: string, apiPort: number, rate: number, seconds: number): Promise<PacedLoad> {
  await takeReplies(apiPort); // the earlier loads' replies
  /** When each chat's updates were due, in order (ms since the epoch). */
  const dueByChat = new Map<number, number[]>();
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let done = 0;
    const finish = () => {
      if (++done === total) resolve();
    };
    const send = (due: number) => {
      const chat = updates.chat();
      const dues = dueByChat.get(chat) ?? [];
      dues.push(performance.timeOrigin + due);
      dueByChat.set(chat, dues);
      postUpdate(agent, port, secret, updates.next(), {
        answered(status) {
          if (status >= 300) non2xx++;
          latencies.push(performance.now() - due);
          finish();
        },
        failed() {
          errors++;
          finish();
        },
      });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) send(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const answer = { rps: latencies.length / elapsed, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors, non2xx };
  // Every webhook answer is in: each reply went out before its update's answer.
  const replies = await takeReplies(apiPort);
  const replyLatencies: number[] = [];
  let unmatched = 0;
  for (const [chat, dues] of dueByChat) {
    const arrivals = replies[String(chat)] ?? [];
    if (arrivals.length !== dues.length) unmatched += dues.length;
    else dues.forEach((due, k) => replyLatencies.push(arrivals[k]! - due));
  }
  const replySorted = replyLatencies.sort((a, b) => a - b);
  const reply = { rps: replyLatencies.length / elapsed, p50: quantile(replySorted, 0.5), p99: quantile(replySorted, 0.99), errors: unmatched, non2xx: 0 };
  return { answer, reply };
}

export type BotFigures = {
  bare: Load;
  real: Load;
  barePolling: Load;
  realPolling: Load;
  /** At RATE updates/s offered: the real bot over the webhook and by polling. */
  realAtRate: PacedLoad;
  realPollingAtRate: Load;
  /** The shipped app (`node dist/main.js all`) over the webhook, at full speed and at RATE; absent without a built tree. */
  built?: Load;
  builtAtRate?: PacedLoad;
  /** RSS (MB) of each bot's process after its webhook loads (the paced one included). */
  rss: { bare: number; real: number; built?: number };
  users: number;
  pollUpdates: number;
  rate: number;
  rateSeconds: number;
  warmupSeconds: number;
};

export async function runBotBench(dir: string): Promise<BotFigures> {
  const withBuilt = existsSync(join(process.env['BENCH_DIST'] ?? 'dist', 'main.js'));
  if (!withBuilt) process.stderr.write('bot: dist/main.js is missing (npm run build); the shipped app is not measured\n');
  process.stderr.write(`bot: bare${withBuilt ? ', real and shipped' : ' and real'} bot over the webhook, alternating rounds…\n`);
  const [bare, real, built] = await Promise.all([start('bare', dir), start('real', dir), withBuilt ? start('built', dir) : undefined]);
  const servers = built ? [bare, real, built] : [bare, real];
  let webhook: Record<string, Load>;
  let realAtRate: PacedLoad;
  let builtAtRate: PacedLoad | undefined;
  let rss: BotFigures['rss'];
  try {
    const subjects: Record<string, (sec: number) => Promise<Load>> = { bare: (sec) => load(bare.port, bare.secret, sec), real: (sec) => load(real.port, real.secret, sec) };
    if (built) subjects['built'] = (sec) => load(built.port, built.secret, sec);
    webhook = await alternate(subjects, undefined, WARMUP_S);
    process.stderr.write(`bot: real${built ? ' and shipped' : ''} bot over the webhook at ${fmtInt(RATE)} updates/s for ${RATE_SECONDS} s…\n`);
    realAtRate = await paced(real.port, real.secret, real.apiPort, RATE, RATE_SECONDS);
    if (built) builtAtRate = await paced(built.port, built.secret, built.apiPort, RATE, RATE_SECONDS);
    rss = { bare: rssMb(bare.child.pid!), real: rssMb(real.child.pid!), ...(built ? { built: rssMb(built.pid!) } : {}) };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => once(s.child, 'exit')));
  }
  const barePolling = await polled('bare-polling', dir);
  const realPolling = await polled('real-polling', dir);
  const realPollingAtRate = await polled('real-polling', dir, RATE * RATE_SECONDS, RATE);
  return { bare: webhook['bare']!, real: webhook['real']!, built: webhook['built'], builtAtRate, barePolling, realPolling, realAtRate, realPollingAtRate, rss, users: USERS, pollUpdates: POLL_UPDATES, rate: RATE, rateSeconds: RATE_SECONDS, warmupSeconds: WARMUP_S };
}
