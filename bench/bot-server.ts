// A bot for the bot benchmarks, in its own process, with a stand-in for the
// Bot API in another (bench/bot-api.ts: every method answers at once; in
// polling mode it hands out the updates and times each one to its answer):
//   tsx bench/bot-server.ts bare|real|bare-polling|real-polling|built <dir> <users> [updates] [rate] [warm]
// bare: a grammY bot answering every message "ok" (the baseline). real: the
// app's bot (createBot) over a migrated database (synchronous=FULL, group
// commit on) where each of <users> chats owns a funded family, so "5 coffee"
// is a quick entry: a durable transaction and its confirmation.
// Both are mounted on Fastify like src/app.ts does. built: the shipped app
// itself, `node dist/main.js all` with the bot on the webhook, over the same
// seeded database (BENCH_DIST: another built tree). Prints one JSON line (its
// port, the stand-in's, and for built the app's pid), then passes on the
// stand-in's later lines (polling: the figures).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { Bot, webhookCallback } from 'grammy';
import { createBot } from '../src/bot/index.js';
import { loadConfig } from '../src/config.js';
import { createGroupCommit, type CoreDeps } from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { registerDurableReplies } from '../src/api/plugins/durable.js';
import { limitHeapGrowth } from '../src/runtime/heap-growth.js';
import { seedBotDatabase } from './bot-seed.js';
import { startShippedApp } from './startup.js';

const kind = process.argv[2] ?? 'real';
const dir = process.argv[3] ?? '.';
const users = Number(process.argv[4] ?? 1000);
const TOKEN = '123456:bench-token-for-the-local-stand-in';
const SECRET = 'bench-webhook-secret';
const polling = kind.endsWith('-polling');
/** Arrivals per second in polling mode (0: all at once); names the database of a run at a rate. */
const RATE = Number(process.argv[6] ?? 0);

/** Starts the stand-in Bot API; its port, and its later lines passed on to this process's stdout. */
async function standIn(): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot-api.ts', polling ? 'polling' : 'webhook', String(users), ...process.argv.slice(5)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('bench/bot-api.ts exited before listening');
  void (async () => {
    for (let r = await lines.next(); !r.done; r = await lines.next()) process.stdout.write(`${r.value}\n`);
  })();
  process.on('exit', () => child.kill('SIGTERM'));
  return (JSON.parse(first.value) as { port: number }).port;
}

/**
 * The seeded database (bench/bot-seed.ts). One database per run: the webhook
 * run's update ids would be duplicates to the polling run's update ledger.
 */
function seeded(): { conn: ReturnType<typeof seedBotDatabase>['conn']; deps: CoreDeps; dbPath: string } {
  const dbPath = join(dir, `${kind}${RATE > 0 ? `-at-${RATE}` : ''}.db`);
  return { ...seedBotDatabase(dbPath, users), dbPath };
}

/** Starts `node dist/main.js all` on the database, its bot on the webhook; resolves once it has started. */
function builtApp(dbPath: string): Promise<{ port: number; pid: number }> {
  return startShippedApp('all', dbPath, {
    BACKUP_DIR: join(dir, 'backups'),
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    BOT_MODE: 'webhook',
    WEBHOOK_URL: 'https://bench.example/telegram/webhook',
    WEBHOOK_SECRET: SECRET,
  });
}

const apiPort = await standIn();
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
} else if (kind === 'built') {
  const { conn, dbPath } = seeded();
  conn.close();
  const shipped = await builtApp(dbPath);
  process.stdout.write(`${JSON.stringify({ port: shipped.port, secret: SECRET, pid: shipped.pid, apiPort })}\n`);
} else {
  const { conn, deps, dbPath } = seeded();
  deps.commits = createGroupCommit(conn.sqlite, { offThreadSync: true, checkpoints: {} }); // as the app's `all` role does
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
  // Answered only once the update's writes are durable: the app server's own hook.
  registerDurableReplies(app, { core: deps });
  // As src/app.ts mounts it: returning the reply tells Fastify that grammY's adapter has answered. Without
  // it (before 2026-12-01 here) Fastify answered a second time once the handler's promise settled while the
  // first answer still waited in the hook above: the hooks ran twice per update and the second answer threw
  // ERR_HTTP_HEADERS_SENT into the error handler, work the shipped app never did, counted against this bot.
  app.post('/telegram/webhook', async (req, reply) => {
    await bot.webhookCallback(req, reply);
    return reply;
  });
  // As the app does once started (src/cli.ts).
  limitHeapGrowth();
}
if (kind !== 'built') {
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port, secret: SECRET, apiPort })}\n`);
}
// A plain exit on SIGTERM (profilers and coverage write their files on exit).
process.on('SIGTERM', () => process.exit(0));
