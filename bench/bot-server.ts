// A bot for the webhook benchmark, in its own process with a minimal stand-in
// for the Bot API (every method answers at once):
//   tsx bench/bot-server.ts bare|real|bare-polling|real-polling <dir> <users> [updates] [rate] [warm]
// In polling mode the stand-in's getUpdates hands out <updates> new updates
// (Telegram's semantics: every unconfirmed update from the offset on) and
// times each one from its first hand-out to the bot's sendMessage in its chat;
// a second JSON line gives the rate and the latencies once all are answered.
// With a [rate] (updates/s), the updates arrive at that rate instead, from the
// first getUpdates on: a getUpdates finding nothing new waits for the next
// arrival (long polling), and each update is timed from its arrival. The first
// [warm] updates warm the bot up and are left out of the figures.
// bare: a grammY bot answering every message "ok" (the baseline). real: the
// app's bot (createBot) over a migrated database (synchronous=FULL, group
// commit on) where each of <users> chats owns a funded family, so "5 coffee"
// is a quick entry: a durable transaction and its confirmation.
// Both are mounted on Fastify like src/app.ts does. Prints one JSON line.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { Bot, webhookCallback } from 'grammy';
import { createBot } from '../src/bot/index.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { createFamily, createGroupCommit, createTransaction, ensureTelegramUser, listCategories, listWallets, type CoreDeps } from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { quantile } from './measure.js';

const kind = process.argv[2] ?? 'real';
const dir = process.argv[3] ?? '.';
const users = Number(process.argv[4] ?? 1000);
const TOKEN = '123456:bench-token-for-the-local-stand-in';
const SECRET = 'bench-webhook-secret';
const polling = kind.endsWith('-polling');
const TOTAL = Number(process.argv[5] ?? 3000);
/** Arrivals per second in polling mode; 0: all updates are there from the start. */
const RATE = Number(process.argv[6] ?? 0);
/** Polling: the first WARM updates warm the bot up (the JIT's first seconds) and are not counted; the figures start with the next. */
const WARM = Number(process.argv[7] ?? 0);
/** When update `id` reaches the stand-in (rate mode), from the first getUpdates. */
const arrival = (id: number) => poll.firstAt + ((id - 1) * 1000) / RATE;

/** Polling mode: the updates handed out, and when each chat's waiting updates were first handed out. */
const poll = { handedOut: 0, firstAt: 0, countFrom: 0, answered: 0, waiting: new Map<number, Array<{ at: number; counted: boolean }>>(), latencies: [] as number[] };

function pollUpdate(id: number): unknown {
  const chat = 1 + (id % users);
  return {
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: `User ${chat}` }, from: { id: chat, is_bot: false, first_name: `User ${chat}`, language_code: 'en' }, text: '5 coffee' },
  };
}

/**
 * getUpdates: every update from the offset on (up to the limit), new ones made
 * as needed; an empty answer when all were handed out. In rate mode only the
 * updates that have arrived, waiting for the next arrival when none has.
 */
async function getUpdates(body: string): Promise<unknown[]> {
  const p = (body ? JSON.parse(body) : {}) as { offset?: number; limit?: number };
  const offset = Math.max(1, p.offset ?? 1);
  let end = Math.min(offset + (p.limit ?? 100), TOTAL + 1);
  const out: unknown[] = [];
  if (poll.firstAt === 0) {
    poll.firstAt = performance.now();
    setTimeout(report, POLL_LIMIT_MS).unref();
  }
  if (RATE > 0 && offset <= TOTAL) {
    const wait = arrival(offset) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    end = Math.min(end, 1 + Math.floor(((performance.now() - poll.firstAt) * RATE) / 1000) + 1);
  }
  const now = performance.now();
  for (let id = offset; id < end; id++) {
    if (id > poll.handedOut) {
      poll.handedOut = id;
      const chat = 1 + (id % users);
      const q = poll.waiting.get(chat) ?? [];
      const at = RATE > 0 ? arrival(id) : now;
      if (id === WARM + 1) poll.countFrom = at;
      q.push({ at, counted: id > WARM });
      poll.waiting.set(chat, q);
    }
    out.push(pollUpdate(id));
  }
  return out;
}

/** Polling gives up after this long from the first hand-out; the updates never answered by then are counted as errors. */
const POLL_LIMIT_MS = 120_000;
let reported = false;

function report(): void {
  if (reported) return;
  reported = true;
  const seconds = (performance.now() - poll.countFrom) / 1000;
  const sorted = poll.latencies.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ result: { rps: poll.answered / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors: TOTAL - WARM - poll.answered, non2xx: 0 } })}\n`);
}

function answered(chatId: number | undefined): void {
  const next = poll.waiting.get(chatId ?? 0)?.shift();
  if (next === undefined || !next.counted) return;
  poll.latencies.push(performance.now() - next.at);
  if (++poll.answered === TOTAL - WARM) report();
}

/** Answers every Bot API call with a plausible result, at once. */
async function fakeBotApi(): Promise<number> {
  let messageId = 1;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      let result: unknown = true;
      if (method === 'getUpdates') result = polling ? await getUpdates(body) : [];
      else if (method === 'getMe') result = { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
      else if (method === 'sendMessage' || method === 'editMessageText') {
        const p = (body ? JSON.parse(body) : {}) as { chat_id?: number; text?: string };
        result = { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: p.chat_id, type: 'private' }, text: p.text };
        if (polling && method === 'sendMessage') answered(p.chat_id);
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

const apiPort = await fakeBotApi();
const apiRoot = `http://127.0.0.1:${apiPort}`;
const app = Fastify();

if (kind === 'bare-polling') {
  // The baseline of polling: grammY's runner (concurrent, its own fetcher) replying "ok".
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  bot.on('message', (ctx) => ctx.reply('ok'));
  await bot.init();
  const { run } = await import('@grammyjs/runner');
  run(bot);
} else if (kind === 'bare') {
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  bot.on('message', (ctx) => ctx.reply('ok'));
  await bot.init();
  const cb = webhookCallback(bot, 'fastify', { secretToken: SECRET });
  app.post('/telegram/webhook', (req, reply) => cb(req, reply));
} else {
  // One database per run: the webhook run's update ids would be duplicates to the polling run's update ledger.
  const dbPath = join(dir, `${kind}${RATE > 0 ? `-at-${RATE}` : ''}.db`);
  const conn = openDatabase(dbPath, { synchronous: 'FULL' });
  runMigrations(conn.db);
  const deps: CoreDeps = { db: conn.db, clock: Date.now };
  conn.sqlite.exec('BEGIN');
  for (let i = 1; i <= users; i++) {
    const owner = ensureTelegramUser(deps, { chatId: i, telegramUserId: i, firstName: `User ${i}`, languageCode: 'en' }).user.id;
    const family = createFamily(deps, owner, { name: `Family ${i}`, baseCurrency: 'USD', locale: 'en' });
    const income = listCategories(deps, owner, family.id, { kind: 'income' })[0]!;
    createTransaction(deps, owner, { familyId: family.id, toWalletId: listWallets(deps, owner, family.id)[0]!.id, amountMinor: 1_000_000_000, categoryId: income.id });
  }
  conn.sqlite.exec('COMMIT');
  deps.commits = createGroupCommit(conn.sqlite);
  const config = loadConfig({
    env: {
      NODE_ENV: 'production',
      DATABASE_PATH: dbPath,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      ...(polling ? { BOT_MODE: 'polling' } : { BOT_MODE: 'webhook', WEBHOOK_URL: 'https://bench.example/telegram/webhook', WEBHOOK_SECRET: SECRET }),
      JWT_SECRET_KEY: randomBytes(48).toString('base64'),
      HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
      PUBLIC_URL: 'https://bench.example',
      LOG_LEVEL: 'warn',
    },
    dotenvPath: false,
  });
  const bot = createBot({ core: deps, config, log: createLogger({ level: 'warn' }) });
  if (polling) await bot.startPolling();
  else await bot.startWebhook();
  // Answered only once the update's writes are durable, as src/api/plugins/durable.ts does for the app's server.
  app.addHook('onSend', async (_req, _reply, payload) => {
    await deps.commits?.durable();
    return payload;
  });
  app.post('/telegram/webhook', (req, reply) => bot.webhookCallback(req, reply));
}
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port, secret: SECRET })}\n`);
// A plain exit on SIGTERM (profilers and coverage write their files on exit).
process.on('SIGTERM', () => process.exit(0));
