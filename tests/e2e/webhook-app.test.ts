// Webhook mode of the whole program in the `bot` role: the HTTP server starts
// only for the webhook route (src/app.ts mounts it at WEBHOOK_URL's path),
// setWebhook is called with the secret, Telegram's POSTs are answered, and a
// POST without the secret changes nothing. Nothing but Telegram's POST with
// the secret can tell the webhook's path exists: every other request there
// (any method, no or a wrong secret, a broken body) is answered, and logged,
// exactly as the same request to an unknown path, and /docs never names it.
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
        // CORS on, so a preflight to the path is compared too.
        CORS_ORIGINS: 'https://app.example',
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
      expect(res.status).toBe(404);
    }
    const side: Connection = openDatabase(join(dir, 'finance.db'));
    try {
      expect(findUserByChat({ db: side.db, clock: Date.now }, 8200)).toBeUndefined();
    } finally {
      side.close();
    }
  });

  it('answers anything but Telegram\'s POST with the secret as an unknown path, and logs it so', { timeout: 30_000 }, async () => {
    const hook = '/telegram/webhook';
    // The same length, so even Content-Length cannot differ.
    const unknown = '/telegram/webhoox';
    const json = { 'content-type': 'application/json' };
    const update = JSON.stringify({ update_id: 999_002, message: { message_id: 1, date: 0, chat: { id: 8300, type: 'private', first_name: 'Eve' }, text: '/start' } });
    const wrong = { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' };
    const cases: Array<{ method: string; headers?: Record<string, string>; body?: string; query?: string }> = [
      { method: 'GET' },
      { method: 'HEAD' },
      { method: 'PUT', headers: { ...json, 'x-telegram-bot-api-secret-token': SECRET }, body: update },
      { method: 'PATCH', headers: json, body: update },
      { method: 'DELETE' },
      { method: 'GET', headers: { 'x-telegram-bot-api-secret-token': SECRET } },
      { method: 'OPTIONS' },
      { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } },
      { method: 'POST', headers: json, body: update },
      { method: 'POST', headers: { ...json, ...wrong }, body: update },
      { method: 'POST', headers: { ...json, 'x-telegram-bot-api-secret-token': SECRET.slice(0, -1) }, body: update },
      { method: 'POST', headers: { ...json, 'x-telegram-bot-api-secret-token': `${SECRET}x` }, body: update },
      { method: 'POST', headers: { ...json, ...wrong }, body: '{"update_id":' },
      // Bodies the API's JSON checks refuse (an inexact number, a repeated key): the same refusal on both paths.
      { method: 'POST', headers: { ...json, ...wrong }, body: '{"update_id":0.1000000000000000055511151231257827}' },
      { method: 'POST', headers: json, body: '{"update_id":1,"update_id":2}' },
      { method: 'POST', headers: { 'content-type': 'text/plain', ...wrong }, body: 'hello' },
      { method: 'POST', headers: { ...json, ...wrong }, body: update, query: '?secret=1' },
    ];
    const answer = async (path: string, c: (typeof cases)[number]) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}${c.query ?? ''}`, { method: c.method, ...(c.headers ? { headers: c.headers } : {}), ...(c.body ? { body: c.body } : {}) });
      const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
      return { status: res.status, headers, body: (await res.text()).replaceAll(path, 'PATH') };
    };
    for (const c of cases) {
      const there = await answer(hook, c);
      expect(there, `${c.method} ${JSON.stringify(c.headers ?? {})}`).toEqual(await answer(unknown, c));
      expect(there.status).not.toBe(405);
      expect(there.headers['allow']).toBeUndefined();
    }
    // Never listed by the API's own description.
    const docs = await fetch(`http://127.0.0.1:${port}/docs/json`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toContain('webhook');

    // Logged as the unknown path's requests are: one 404 row per request, the path as endpoint.
    const side: Connection = openDatabase(join(dir, 'finance.db'));
    try {
      // Telegram's own deliveries (200) aside.
      const rows = (endpoint: string) =>
        side.sqlite.prepare('SELECT method, status_code AS status FROM access_log WHERE endpoint = ? AND status_code <> 200 ORDER BY id').all(endpoint) as Array<{
          method: string;
          status: number;
        }>;
      // The log is written in batches: wait for the row of the last request, /docs/json's.
      for (let i = 0; side.sqlite.prepare("SELECT 1 FROM access_log WHERE endpoint = '/docs/*'").get() === undefined; i++) {
        expect(i, 'access_log rows never came').toBeLessThan(200);
        await new Promise((r) => setTimeout(r, 50));
      }
      // Every case but the two OPTIONS (CORS's catch-all route answers them, wherever they go).
      const others = rows(unknown);
      expect(others).toHaveLength(cases.length - 2);
      // The forged POSTs of the case above came first.
      expect(rows(hook).slice(-others.length)).toEqual(others);
    } finally {
      side.close();
    }
    // No update was ever handed to the bot.
    expect(tg.calls('sendMessage').filter((c) => (c.params as { chat_id?: number }).chat_id === 8300)).toHaveLength(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exitCode(child, () => output), output.slice(-2000)).toBe(0);
  });
});
