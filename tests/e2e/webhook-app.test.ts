// Webhook mode of the whole program in the `bot` role: the HTTP server starts
// only for the webhook route (src/app.ts mounts it at WEBHOOK_URL's path),
// setWebhook is called with the secret, Telegram's POSTs are answered, and a
// POST without the secret changes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { findUserByChat } from '../../src/domain/index.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { exitCode, freePort, listeningPort } from '../support/net.js';

const SECRET = 'webhook-secret-0123456789';

describe('the bot role in webhook mode', () => {
  let tg: FakeTelegram;
  let child: ChildProcess;
  let dir: string;
  let port: number;
  let output = '';

  beforeAll(async () => {
    tg = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'fb-webhook-'));
    // The webhook URL names the port, so it is chosen before the start.
    const wanted = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'bot'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'info',
        BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DATABASE_PATH: join(dir, 'finance.db'),
        PORT: String(wanted),
        HOST: '127.0.0.1',
        WEBHOOK_URL: `http://127.0.0.1:${wanted}/telegram/webhook`,
        WEBHOOK_SECRET: SECRET,
        JWT_SECRET_KEY: 'j'.repeat(48),
        HMAC_SECRET_KEY: 'h'.repeat(48),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    port = await listeningPort(child, () => output);
    await tg.waitForCall('setWebhook', undefined, { timeoutMs: 30_000, includeExisting: true });
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exitCode(child, () => output);
    }
    await tg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers the webhook with its secret and never polls', () => {
    expect(tg.lastCall('setWebhook')?.params).toMatchObject({ url: `http://127.0.0.1:${port}/telegram/webhook`, secret_token: SECRET });
    expect(tg.calls('getUpdates')).toHaveLength(0);
  });

  it('answers updates Telegram posts with the secret', async () => {
    const ann = tg.user({ id: 8100, first_name: 'Ann', language_code: 'en' });
    ann.send('/start');
    await ann.waitForMessage(/What should we call it/, { timeoutMs: 15_000 });
    // No getUpdates ever: the reply came through the webhook route.
    expect(tg.calls('getUpdates')).toHaveLength(0);
  });

  it('refuses a forged update without the secret, and nothing happens', async () => {
    const forged = { update_id: 999_001, message: { message_id: 1, date: 0, chat: { id: 8200, type: 'private', first_name: 'Mallory' }, from: { id: 8200, is_bot: false, first_name: 'Mallory' }, text: '/start' } };
    const variants: Array<Record<string, string>> = [{}, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong-secret-0123456789' }];
    for (const headers of variants) {
      const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(forged) });
      expect(res.status).toBe(401);
    }
    const side: Connection = openDatabase(join(dir, 'finance.db'));
    try {
      expect(findUserByChat({ db: side.db, clock: Date.now }, 8200)).toBeUndefined();
    } finally {
      side.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exitCode(child, () => output), output.slice(-2000)).toBe(0);
  });
});
