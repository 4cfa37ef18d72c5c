// The bot in a child process: a restart in the middle of a conversation
// resumes it, and a kill -9 between fetching and handling loses nothing
// (at-least-once polling + idempotent handling; see src/bot/runtime/polling.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet, listTransactions } from '../../src/domain/index.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, tooManyRequests, type FakeTelegram } from '../support/fake-telegram.js';
import { TEST_SECRETS } from './support/harness.js';
import { familyWithFundedCash } from './support/seed.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ tg: FakeTelegram; db: TestDb }> {
  const tg = await startFakeTelegram();
  const db = createTestDb();
  cleanups.push(() => db.cleanup(), () => tg.close());
  return { tg, db };
}

/** Starts the bot process and resolves once it polls. */
async function startBotProcess(tg: FakeTelegram, db: TestDb): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bot/support/bot-process.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_PATH: db.path,
      ...TEST_SECRETS,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bot process exited early (${code}): ${out}`)));
  });
  return child;
}

describe('the bot process', () => {
  it('resumes a conversation after a restart', async () => {
    const { tg, db } = await setup();
    const alice = tg.user({ id: 1001, first_name: 'Alice', language_code: 'en' });
    familyWithFundedCash(db.deps, alice, 10_000);

    const first = await startBotProcess(tg, db);
    alice.send('/menu');
    await alice.waitForMessage('what would you like to do', { timeoutMs: 10_000 });
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    alice.send('25');
    await alice.waitForMessage('Which category?');
    const exited = once(first, 'exit');
    first.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);

    await startBotProcess(tg, db);
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?', { timeoutMs: 10_000 });
    alice.press('Skip');
    await alice.waitForMessage('Record this expense?');
    alice.press('✅ Save');
    const done = await alice.waitForMessage('Cash: $75.00');
    expect(done.text).toBe('➖ $25.00 from Cash · ☕ Cafes\nCash: $75.00');
  });

  it('after kill -9 during a handler, handles the update again after the restart, and records it once', async () => {
    const { tg, db } = await setup();
    const alice = tg.user({ id: 1001, first_name: 'Alice', language_code: 'en' });
    const f = familyWithFundedCash(db.deps, alice, 10_000);
    const owner = f.userOf(alice);

    const first = await startBotProcess(tg, db);
    // The reply gets a 429 with a long retry_after: the handler has written the
    // expense and now waits inside auto-retry when the process is killed.
    tg.failNext('sendMessage', tooManyRequests(8));
    const updateId = alice.send('30 taxi');
    await tg.waitForCall('sendMessage', (c) => c.error?.error_code === 429, { timeoutMs: 10_000 });
    const killed = once(first, 'exit');
    first.kill('SIGKILL');
    await killed;
    expect(listTransactions(db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick')).toHaveLength(1);

    // Nothing confirmed the update: Telegram hands it out again, and this time it is answered.
    const confirmed = tg.waitForConfirmation(updateId, { timeoutMs: 10_000 });
    await startBotProcess(tg, db);
    const reply = await alice.waitForMessage('Cash: $70.00', { timeoutMs: 10_000 });
    expect(reply.text).toBe('➖ $30.00 from Cash · 🚌 Transport · taxi\nCash: $70.00');
    await confirmed;
    expect(listTransactions(db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick')).toHaveLength(1);
    expect(getWallet(db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(7_000);
  });
});
