// Bot quick entry over the webhook, through the real bot, next to a bare grammY
// bot under the same load generator (autocannon; each request a new update
// from one of BENCH_BOT_USERS chats, "5 coffee").
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { Load } from './http.js';

const USERS = Number(process.env['BENCH_BOT_USERS'] ?? 1000);
const DURATION_S = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);

async function start(kind: string, dir: string): Promise<{ child: ChildProcess; port: number; secret: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-server.ts', kind, dir, String(USERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, ...(JSON.parse(line) as { port: number; secret: string }) };
}

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

export type BotFigures = { bare: Load; real: Load; users: number };

export async function runBotBench(dir: string): Promise<BotFigures> {
  const results: Partial<Record<'bare' | 'real', Load>> = {};
  for (const kind of ['bare', 'real'] as const) {
    process.stderr.write(`bot: ${kind} bot over the webhook…\n`);
    const s = await start(kind, dir);
    await load(s.port, s.secret, 1);
    results[kind] = await load(s.port, s.secret, DURATION_S);
    s.child.kill('SIGTERM');
    await once(s.child, 'exit');
  }
  return { bare: results.bare!, real: results.real!, users: USERS };
}
