// A WEBHOOK_URL Telegram refuses (a host it cannot resolve, a certificate it
// does not trust, a port it does not post to) is a configuration problem: the
// start stops with one sentence naming WEBHOOK_URL and Telegram's reason, exit
// 78 as for a refused BOT_TOKEN. It was "finance-bot failed to start:
// GrammyError: Call to 'setWebhook' failed!" and a stack trace, exit 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { freePort } from '../support/net.js';
import { runApp } from '../ops/support/app-process.js';

let tg: FakeTelegram | undefined;
let dir: string | undefined;
afterEach(async () => {
  await tg?.close();
  tg = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a webhook Telegram refuses', () => {
  it('stops the start naming WEBHOOK_URL and the reason, without a stack trace or the secret', { timeout: 60_000 }, async () => {
    tg = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'fb-webhook-refused-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/webhook`;
    tg.failNext('setWebhook', { error_code: 400, description: 'Bad Request: bad webhook: Failed to resolve host: Name or service not known' });
    const app = runApp(['bot'], {
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_PATH: join(dir, 'finance.db'),
      PORT: String(port),
      HOST: '127.0.0.1',
      WEBHOOK_URL: url,
      WEBHOOK_SECRET: 'webhook-secret-0123456789',
    });
    expect(await app.exit(30_000)).toBe(78);
    const out = app.output();
    expect(out).toContain(`Telegram refused WEBHOOK_URL ${url} (400 Bad Request: bad webhook: Failed to resolve host`);
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).not.toContain('failed to start');
    expect(out).not.toContain('webhook-secret-0123456789');
    expect(out).not.toContain(tg.token.split(':')[1]);
  });
});
