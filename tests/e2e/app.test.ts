// The whole program as one process (`src/main.ts all`): bot, API and the job
// worker together against the fake Bot API — a family created in Telegram,
// an approval that travels through the outbox, and the same family used from
// the HTTP API after /link.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { createInvite, findUserByChat, getActiveFamilyId, listWallets } from '../../src/domain/index.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { exitCode, listeningPort } from '../support/net.js';


describe('the whole app in one process', () => {
  let tg: FakeTelegram;
  let child: ChildProcess;
  let dir: string;
  let base: string;
  let side: Connection;
  let output = '';

  beforeAll(async () => {
    tg = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'fb-app-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'all'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DATABASE_PATH: join(dir, 'finance.db'),
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'http://finance.example.test',
        JWT_SECRET_KEY: 'Jq8Vn2xLr7TzK4pWm9bYc3HsDf6GjA1uE5oRk0iNv8tQy2Lw',
        HMAC_SECRET_KEY: 'Hr4Mx9Lp2Wq7Tn3Kv8Bc1Yd6Hf5Gs0Ja4Ue7Oi2Pk9Rl3Zx',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    // Ready when the bot polls and the API answers.
    base = `http://127.0.0.1:${await listeningPort(child, () => output)}`;
    // The bot starts after the HTTP server listens: once it removes the webhook, both are up.
    await tg.waitForCall('deleteWebhook', undefined, { timeoutMs: 30_000, includeExisting: true });
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    side = openDatabase(join(dir, 'finance.db'));
  }, 60_000);

  afterAll(async () => {
    side?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await tg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sideDeps = () => ({ db: side.db, clock: Date.now });

  it('health reports the environment and version', async () => {
    const body = (await (await fetch(`${base}/health`)).json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'ok', environment: 'production', version: '0.1.0' });
  });

  it('runs a family from onboarding through an approval delivered by the worker', async () => {
    const alice = tg.user({ id: 7001, first_name: 'Alice', language_code: 'en' });
    const bob = tg.user({ id: 7002, first_name: 'Bob', language_code: 'en' });
    alice.send('/start');
    await alice.waitForMessage(/What should we call it/);
    alice.send('Smiths');
    await alice.waitForMessage(/which currency/);
    alice.press('USD');
    await alice.waitForMessage(/How much cash/);
    alice.send('1000');
    await alice.waitForMessage(/Smiths: what would you like to do/);

    const aliceId = findUserByChat(sideDeps(), 7001)!.id;
    const familyId = getActiveFamilyId(sideDeps(), aliceId)!;
    const { code } = createInvite(sideDeps(), aliceId, { familyId, role: 'member' });
    bob.send(`/start ${code}`);
    await bob.waitForMessage(/You joined “Smiths” as member/);
    // The worker tells the owner someone joined.
    await alice.waitForMessage(/Bob/, { includeExisting: true });

    // A member's expense above the 500.00 threshold waits…
    bob.send('600 new tv');
    await bob.waitForMessage(/waits for approval/i);
    // …the in-process worker sends the owner an approval request with buttons…
    const request = await alice.waitForMessage(/asks for approval/, { includeExisting: true, timeoutMs: 15_000 });
    expect(alice.buttons(request.message_id)).toEqual(expect.arrayContaining([expect.stringMatching(/Approve/), expect.stringMatching(/Reject/)]));
    const cash = () => listWallets(sideDeps(), aliceId, familyId)[0]!.balanceMinor;
    expect(cash()).toBe(100000);
    // …Alice approves; a second press changes nothing.
    const first = alice.press(/Approve/, { messageId: request.message_id });
    await tg.waitForCallbackAnswer(first);
    await bob.waitForMessage(/approved your request/, { includeExisting: true, timeoutMs: 15_000 });
    expect(cash()).toBe(40000);
    expect(alice.buttons(request.message_id)).toEqual([]);
  });

  it('links the Telegram account to an email login, and both channels see the same money', async () => {
    const alice = tg.user({ id: 7001, first_name: 'Alice', language_code: 'en' });
    alice.send('/link');
    const linkMsg = await alice.waitForMessage(/one-time code/);
    const code = /code: (\S+)/.exec(linkMsg.text ?? '')![1]!;
    expect(linkMsg.text).toContain(`http://finance.example.test/bind?code=${code}`);

    const json = { 'Content-Type': 'application/json' };
    const reg = await fetch(`${base}/api/v1/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'alice@example.com', password: 'a long family passphrase', name: 'Alice' }) });
    expect(reg.status).toBe(201);
    const login = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'alice@example.com', password: 'a long family passphrase' }) })).json()) as { access_token: string };
    const confirm = await fetch(`${base}/api/v1/auth/telegram/confirm`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${login.access_token}` },
      body: JSON.stringify({ code, chat_id: 7001, confirm: true }),
    });
    expect(confirm.status).toBe(200);
    const bound = (await confirm.json()) as { success: boolean; user_id: number; jwt_token: string };
    // Alice's Telegram account owns the family, so it survives the merge.
    expect(bound).toMatchObject({ success: true, user_id: findUserByChat(sideDeps(), 7001)!.id });
    await alice.waitForMessage(/Connected/i, { includeExisting: true, timeoutMs: 15_000 });

    const auth = { Authorization: `Bearer ${bound.jwt_token}` };
    const families = (await (await fetch(`${base}/api/v1/families`, { headers: auth })).json()) as { families: Array<{ id: number }> };
    const familyId = families.families[0]!.id;
    const wallets = (await (await fetch(`${base}/api/v1/wallets?family_id=${familyId}`, { headers: auth })).json()) as { wallets: Array<{ id: number; balance: string }> };
    expect(wallets.wallets[0]!.balance).toBe('400.00');

    const post = await fetch(`${base}/api/v1/transactions`, {
      method: 'POST',
      headers: { ...json, ...auth, 'Idempotency-Key': 'e2e-1' },
      body: JSON.stringify({ family_id: familyId, from_wallet_id: wallets.wallets[0]!.id, amount: '25.50', description: 'Bakery' }),
    });
    expect(post.status).toBe(201);
    expect(await post.json()).toMatchObject({ status: 'executed', amount: '25.50' });

    alice.send('/balance');
    await alice.waitForMessage(/\$374\.50/);
  });

  it('stops gracefully on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exitCode(child, () => output), output.slice(-2000)).toBe(0);
    expect(output).toContain('stopped');
  });
});
