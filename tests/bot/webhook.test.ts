// Webhook mode: the bot's handler mounted on a tiny Fastify app (as src/app.ts
// does through buildServer's routes). Telegram's secret header is required.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type RunningBot } from '../../src/bot/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb } from '../support/db.js';
import { startFakeTelegram } from '../support/fake-telegram.js';
import { testConfig } from './support/harness.js';

const SECRET = 'webhook-secret-0123456789';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function webhookSetup() {
  const tg = await startFakeTelegram({ webhookMaxAttempts: 1 });
  const db = createTestDb();
  cleanups.push(() => db.cleanup(), () => tg.close());
  // The route exists before the port is known; the bot (whose config needs the URL) is created after.
  const hook: { handler?: RunningBot['webhookCallback'] } = {};
  const server = Fastify();
  server.post('/telegram/webhook', (req, reply) => hook.handler!(req, reply));
  await server.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => server.close());
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/telegram/webhook`;
  const config = testConfig(tg, db.path, { BOT_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
  const app = createBot({ core: db.deps, config, log: createLogger({ level: 'silent' }) });
  hook.handler = app.webhookCallback;
  cleanups.push(() => app.stop());
  await app.start();
  return { tg, app, url };
}

const post = (url: string, update: Update, secret?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });

describe('webhook mode', () => {
  it('sets the webhook with the secret and answers updates Telegram posts', async () => {
    const { tg, app, url } = await webhookSetup();
    expect(app.webhookPath).toBe('/telegram/webhook');
    expect(tg.webhookInfo()).toMatchObject({ url });
    expect(tg.lastCall('setWebhook')?.params).toMatchObject({ url, secret_token: SECRET });
    const alice = tg.user({ id: 1001, first_name: 'Alice', language_code: 'en' });
    const id = alice.send('/help');
    await alice.waitForMessage('I keep your family');
    await tg.waitForConfirmation(id);
    expect(tg.webhookDeliveries()).toMatchObject([{ update_id: id, status: 200 }]);
  });

  it('refuses updates without the right secret header, and ignores a repeated update_id', async () => {
    const { tg, url } = await webhookSetup();
    const alice = tg.user({ id: 1001, first_name: 'Alice', language_code: 'en' });
    const update: Update = {
      update_id: 900,
      message: { message_id: 1, date: 1, chat: { id: 1001, type: 'private', first_name: 'Alice' }, from: alice.user, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] },
    };
    expect((await post(url, update)).status).toBe(401);
    expect((await post(url, update, 'wrong-secret-0123456789')).status).toBe(401);
    expect(tg.calls('sendMessage')).toHaveLength(0);

    expect((await post(url, update, SECRET)).status).toBe(200);
    expect(alice.messages().at(-1)?.text).toContain('I keep your family');
    expect((await post(url, update, SECRET)).status).toBe(200);
    expect(tg.calls('sendMessage')).toHaveLength(1);
  });
});
