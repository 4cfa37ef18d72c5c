// Bot quick entry over the webhook, through the real bot, next to a bare grammY
// bot under the same load generator (autocannon; each request a new update
// from one of BENCH_BOT_USERS chats, "5 coffee"); and by long polling, the
// real bot next to a bare grammY runner bot, each fetching BENCH_BOT_POLL_UPDATES
// updates from the stand-in Bot API as fast as it takes them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { alternate, type Load } from './http.js';

const USERS = Number(process.env['BENCH_BOT_USERS'] ?? 1000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const POLL_UPDATES = Number(process.env['BENCH_BOT_POLL_UPDATES'] ?? 3000);

async function start(kind: string, dir: string): Promise<{ child: ChildProcess; port: number; secret: string; lines: AsyncIterator<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-server.ts', kind, dir, String(USERS), String(POLL_UPDATES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`bench/bot-server.ts ${kind} exited before listening`);
  return { child, lines, ...(JSON.parse(first.value) as { port: number; secret: string }) };
}

/** A polling bot's figures: printed by its server once every update was answered. */
async function polled(kind: string, dir: string): Promise<Load> {
  process.stderr.write(`bot: ${kind} (${fmtInt(POLL_UPDATES)} updates)…\n`);
  const s = await start(kind, dir);
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

let updateId = 1;
function update(): string {
  const chat = 1 + (updateId % USERS);
  const id = updateId++;
  return JSON.stringify({
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: `User ${chat}` }, from: { id: chat, is_bot: false, first_name: `User ${chat}`, language_code: 'en' }, text: '5 coffee' },
  });
}

async function load(port: number, secret: string, seconds: number): Promise<Load> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/telegram/webhook`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    requests: [{ setupRequest: (req) => ({ ...req, body: update() }) }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export type BotFigures = { bare: Load; real: Load; barePolling: Load; realPolling: Load; users: number; pollUpdates: number };

export async function runBotBench(dir: string): Promise<BotFigures> {
  process.stderr.write('bot: bare and real bot over the webhook, alternating rounds…\n');
  const [bare, real] = await Promise.all([start('bare', dir), start('real', dir)]);
  let webhook: { bare: Load; real: Load };
  try {
    webhook = await alternate({ bare: (sec) => load(bare.port, bare.secret, sec), real: (sec) => load(real.port, real.secret, sec) });
  } finally {
    for (const s of [bare, real]) s.child.kill('SIGTERM');
    await Promise.all([once(bare.child, 'exit'), once(real.child, 'exit')]);
  }
  const barePolling = await polled('bare-polling', dir);
  const realPolling = await polled('real-polling', dir);
  return { ...webhook, barePolling, realPolling, users: USERS, pollUpdates: POLL_UPDATES };
}
