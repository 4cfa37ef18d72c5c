// Telegram refusing the bot while it runs: a token revoked in @BotFather (401)
// or another program taking the bot's updates (409) ended the polling loop
// with one log line while the process went on, its heartbeat and healthcheck
// saying healthy, with no bot behind them until someone read the logs. Now the
// process stops as a refused token at start does: one sentence, exit 78.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enqueueOutbox, writeTx } from '../../src/domain/index.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb } from '../support/db.js';
import { startFakeTelegram } from '../support/fake-telegram.js';
import { freePort } from '../support/net.js';
import { runApp, type AppProcess } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const cleanups = cleanupsAfterEach();

async function started(role: string, env: Record<string, string> = {}) {
  const dir = cleanups.tempDir('fb-tg-lost-');
  const tg = await startFakeTelegram();
  cleanups.push(() => tg.close());
  const app: AppProcess = runApp([role], { DATABASE_PATH: join(dir, 'finance.db'), BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, ...env });
  cleanups.push(() => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });
  await app.waitFor(/finance-bot started/);
  return { tg, app };
}

describe('Telegram refuses the running bot', () => {
  for (const role of ['bot', 'all']) {
    it(`a token revoked while polling stops the ${role} role with one sentence and exit 78`, { timeout: 120_000 }, async () => {
      const { tg, app } = await started(role, { PORT: String(await freePort()) });
      tg.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' }, 1000);
      // The long poll in progress returns with this message; the next getUpdates is refused.
      tg.user({ id: 501, first_name: 'Ann' }).send('/help');
      expect(await app.exit(60_000)).toBe(78);
      expect(app.output()).toMatch(/Telegram refused BOT_TOKEN \(401 Unauthorized\) while the bot was running/);
      expect(app.output()).toMatch(/"msg":"stopped"/);
      expect(app.output()).not.toMatch(/\n\s+at /);
    });
  }

  it('another program taking the updates (409) stops the bot with one sentence naming BOT_TOKEN', { timeout: 120_000 }, async () => {
    const { tg, app } = await started('bot');
    tg.failNext('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }, 1000);
    tg.user({ id: 502, first_name: 'Bob' }).send('/help');
    expect(await app.exit(60_000)).toBe(78);
    expect(app.output()).toMatch(/another program receives this bot's updates \(409 Conflict: terminated by other getUpdates request.*\).*BOT_TOKEN/);
    expect(app.output()).not.toMatch(/\n\s+at /);
  });

  it('a token revoked while the worker sends notifications stops the worker the same way, the notice kept for later', { timeout: 120_000 }, async () => {
    // A notice waiting for the owner (a failed backup), in a database the worker then starts on.
    const t = createTestDb();
    cleanups.push(() => t.cleanup());
    makeFamily(t.deps);
    writeTx(t.deps, (tx) => enqueueOutbox(tx, { topic: 'backup.failed', payload: { reason: 'disk_full', folder: '/backups', at: t.clock.now } }, t.clock.now));
    t.conn.close();
    const tg = await startFakeTelegram();
    cleanups.push(() => tg.close());
    tg.failNext('*', { error_code: 401, description: 'Unauthorized' }, 1000);
    const worker: AppProcess = runApp(['worker'], { DATABASE_PATH: t.path, BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot });
    cleanups.push(() => {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    });
    // Before: 'outbox job failed; will retry' for every notice until each was given up, the worker healthy.
    expect(await worker.exit(60_000)).toBe(78);
    expect(worker.output()).toMatch(/Telegram refused BOT_TOKEN \(401 Unauthorized\)/);
    expect(worker.output()).toMatch(/"msg":"stopped"/);
    const db = t.open();
    expect(db.sqlite.prepare("SELECT status FROM outbox WHERE topic = 'backup.failed'").get()).not.toEqual({ status: 'failed' });
    db.close();
  });

  it('in webhook mode, a reply Telegram refuses for the token stops the bot the same way', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const { tg, app } = await started('bot', {
      PORT: String(port),
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
      WEBHOOK_SECRET: 'a-webhook-secret-of-ours',
    });
    // A revoked token: Telegram still posts the updates, every answer is refused.
    tg.failNext('*', { error_code: 401, description: 'Unauthorized' }, 1000);
    tg.user({ id: 503, first_name: 'Cleo' }).send('/help');
    expect(await app.exit(60_000)).toBe(78);
    expect(app.output()).toMatch(/Telegram refused BOT_TOKEN \(401 Unauthorized\) while the bot was running/);
    expect(app.output()).toMatch(/"msg":"stopped"/);
  });
});
