// A bot for the webhook benchmark, in its own process with a minimal stand-in
// for the Bot API (every method answers at once):
//   tsx bench/bot-server.ts bare|real <dir> <users>
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

const kind = process.argv[2] ?? 'real';
const dir = process.argv[3] ?? '.';
const users = Number(process.argv[4] ?? 1000);
const TOKEN = '123456:bench-token-for-the-local-stand-in';
const SECRET = 'bench-webhook-secret';

/** Answers every Bot API call with a plausible result, at once. */
async function fakeBotApi(): Promise<number> {
  let messageId = 1;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      let result: unknown = true;
      if (method === 'getMe') result = { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
      else if (method === 'sendMessage' || method === 'editMessageText') {
        const p = (body ? JSON.parse(body) : {}) as { chat_id?: number; text?: string };
        result = { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: p.chat_id, type: 'private' }, text: p.text };
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

if (kind === 'bare') {
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  bot.on('message', (ctx) => ctx.reply('ok'));
  await bot.init();
  const cb = webhookCallback(bot, 'fastify', { secretToken: SECRET });
  app.post('/telegram/webhook', (req, reply) => cb(req, reply));
} else {
  const dbPath = join(dir, 'bot.db');
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
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bench.example/telegram/webhook',
      WEBHOOK_SECRET: SECRET,
      JWT_SECRET_KEY: randomBytes(48).toString('base64'),
      HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
      PUBLIC_URL: 'https://bench.example',
      LOG_LEVEL: 'warn',
    },
    dotenvPath: false,
  });
  const bot = createBot({ core: deps, config, log: createLogger({ level: 'warn' }) });
  await bot.startWebhook();
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
