// The Mini App over real HTTP: signed initData buys a short access token for
// the Telegram user's account; that token is an ordinary API token (same
// family scoping and roles); the page is served with its own CSP that lets
// Telegram Web frame /app and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransaction, type CoreDeps } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { BOT_TOKEN, builtWebapp, chatOf, initDataFor } from './miniapp-support.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let webappDir: string;

beforeAll(() => {
  webappDir = builtWebapp();
});
afterEach(async () => {
  await api?.close();
});

const start = (env: Record<string, string> = { BOT_TOKEN }) => startApi({ env, webappDir });

async function miniAppLogin(userId: number, opts: { token?: string } = {}) {
  return api.request<{ access_token: string; expires_in: number; session_expires_in: number; user_id: number; locale: string | null; error?: { reason: string } }>(
    'POST',
    '/api/v1/miniapp/session',
    { body: { init_data: initDataFor(chatOf(api.db.deps, userId), api.db.clock(), opts) } },
  );
}

function pendingBy(deps: CoreDeps, f: FamilyFixture, amountMinor = 90_000): number {
  fund(deps, f, f.cashId, 200_000);
  return createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId }).transaction.id;
}

describe('Mini App login', () => {
  it('trades valid initData for an access token of the Telegram user\'s account', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const res = await miniAppLogin(f.owner);
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(f.owner);
    expect(res.body.expires_in).toBe(900);
    expect(res.body.session_expires_in).toBe(3600);
    const me = await api.request<{ user_id: number; families: Array<{ id: number; role: string; can_approve: boolean; members: unknown[] }> }>('GET', '/api/v1/miniapp/me', {
      token: res.body.access_token,
    });
    expect(me.status).toBe(200);
    expect(me.body.families).toEqual([expect.objectContaining({ id: f.familyId, role: 'owner', can_approve: true })]);
    expect(me.body.families[0]?.members).toHaveLength(4);
    // The login is audited like any other.
    expect(api.db.conn.sqlite.prepare("select count(*) n from event_log where action = 'session.started' and payload like '%miniapp%'").get()).toEqual({ n: 1 });
  });

  it('refuses tampered, foreign-bot, stale and unsigned initData, and people the bot never met, changing nothing', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const chat = chatOf(api.db.deps, f.owner);
    const before = snapshot(api);
    const send = (init_data: string) => api.request<{ error: { code: string; reason: string } }>('POST', '/api/v1/miniapp/session', { body: { init_data } });

    const tampered = new URLSearchParams(initDataFor(chat, api.db.clock()));
    tampered.set('user', JSON.stringify({ id: chatOf(api.db.deps, f.members.admin), first_name: 'Test', language_code: 'en' }));
    for (const [data, reason] of [
      [tampered.toString(), 'bad_signature'],
      [initDataFor(chat, api.db.clock(), { token: '999999:AAE-some-other-bot-token-0000000000' }), 'bad_signature'],
      [initDataFor(chat, api.db.clock() - 3601_000), 'stale'],
      [new URLSearchParams({ user: JSON.stringify({ id: chat }), auth_date: String(Math.floor(api.db.clock() / 1000)) }).toString(), 'missing_hash'],
      [initDataFor(424242, api.db.clock()), 'unknown_telegram_user'],
    ] as const) {
      const res = await send(data);
      expect(res.status, reason).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', reason });
    }
    expect(snapshot(api)).toEqual(before);
  });

  it('is unavailable without a bot token, and the window comes from MINIAPP_AUTH_MAX_AGE_SECONDS', async () => {
    api = await start({});
    const f = makeFamily(api.db.deps);
    const res = await miniAppLogin(f.owner);
    expect(res.status).toBe(503);
    await api.close();

    api = await start({ BOT_TOKEN, MINIAPP_AUTH_MAX_AGE_SECONDS: '120' });
    const g = makeFamily(api.db.deps);
    const old = await api.request('POST', '/api/v1/miniapp/session', { body: { init_data: initDataFor(chatOf(api.db.deps, g.owner), api.db.clock() - 121_000) } });
    expect(old.status).toBe(401);
    expect((await miniAppLogin(g.owner)).body.session_expires_in).toBe(120);
  });

  it('ends the session when the initData goes stale: the token stops working', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const { access_token } = (await miniAppLogin(f.owner)).body;
    api.db.clock.advance(10 * 60_000);
    expect((await api.request('GET', '/api/v1/miniapp/me', { token: access_token })).status).toBe(200);
    api.db.clock.advance(51 * 60_000);
    const late = await api.request<{ error: { reason: string } }>('GET', '/api/v1/miniapp/me', { token: access_token });
    expect(late.status).toBe(401);
  });
});

describe('a Mini App token is scoped like any API token', () => {
  it('cannot read or decide on another family\'s books', async () => {
    api = await start();
    const mine = makeFamily(api.db.deps);
    const theirs = makeFamily(api.db.deps);
    const theirPending = pendingBy(api.db.deps, theirs);
    const { access_token: token } = (await miniAppLogin(mine.owner)).body;
    const before = snapshot(api);

    for (const path of [
      `/api/v1/wallets?family_id=${theirs.familyId}`,
      `/api/v1/categories?family_id=${theirs.familyId}`,
      `/api/v1/transactions?family_id=${theirs.familyId}&status=pending_approval`,
      `/api/v1/transactions/${theirPending}`,
    ]) {
      const res = await api.request<{ error: { code: string } }>('GET', path, { token });
      expect(res.status, path).toBe(404);
    }
    for (const action of ['confirm', 'reject']) {
      const res = await api.request<{ error: { code: string } }>('POST', `/api/v1/transactions/${theirPending}/${action}`, { token, body: {} });
      expect(res.status, action).toBe(404);
    }
    expect(snapshot(api)).toEqual(before);
  });

  it('keeps roles: a member\'s Mini App cannot approve, an admin\'s can', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const waiting = pendingBy(api.db.deps, f);
    const member = (await miniAppLogin(f.members.viewer)).body.access_token;
    const refused = await api.request<{ error: { code: string } }>('POST', `/api/v1/transactions/${waiting}/confirm`, { token: member, body: {} });
    expect(refused.status).toBe(403);
    const admin = (await miniAppLogin(f.members.admin)).body.access_token;
    const ok = await api.request<{ status: string }>('POST', `/api/v1/transactions/${waiting}/confirm`, { token: admin, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('executed');
  });

  it('filters history by member, category, kind and words, keyset-paged', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const d = api.db.deps;
    createTransaction(d, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100_000, categoryId: f.incomeCategoryId, description: 'Salary' });
    for (let i = 0; i < 5; i++) {
      createTransaction(d, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1000 + i, categoryId: f.expenseCategoryId, description: `Coffee 100%_${i}` });
    }
    const token = (await miniAppLogin(f.owner)).body.access_token;
    const list = (q: string) => api.request<{ transactions: Array<{ id: number; description: string }>; next_cursor: string | null }>('GET', `/api/v1/transactions?family_id=${f.familyId}&${q}`, { token });
    expect((await list(`created_by=${f.members.member}`)).body.transactions).toHaveLength(5);
    expect((await list('kind=income')).body.transactions.map((t) => t.description)).toEqual(['Salary']);
    expect((await list(`category_id=${f.expenseCategoryId}&q=coffee`)).body.transactions).toHaveLength(5);
    expect((await list('q=100%25_3')).body.transactions.map((t) => t.description)).toEqual(['Coffee 100%_3']);
    expect((await list('q=%25')).body.transactions).toHaveLength(5);
    const first = await list('q=coffee&limit=3');
    expect(first.body.transactions).toHaveLength(3);
    const second = await list(`q=coffee&limit=3&cursor=${first.body.next_cursor}`);
    expect(second.body.transactions.map((t) => t.description)).toEqual(['Coffee 100%_1', 'Coffee 100%_0']);
    expect(second.body.next_cursor).toBeNull();
  });
});

describe('what waits for approval, as the Mini App reads it', () => {
  it('is keyset-paged past 100: every waiting request once, newest first, a decision between pages moving nothing', async () => {
    api = await start();
    const f = makeFamily(api.db.deps);
    const d = api.db.deps;
    fund(d, f, f.cashId, 20_000_000);
    const waiting = Array.from({ length: 130 }, (_, i) =>
      createTransaction(d, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 90_000 + i, categoryId: f.expenseCategoryId }).transaction.id,
    );
    const token = (await miniAppLogin(f.members.admin)).body.access_token;
    type Page = { transactions: Array<{ id: number; status: string }>; next_cursor: string | null };
    const list = (q: string) => api.request<Page>('GET', `/api/v1/transactions?family_id=${f.familyId}&status=pending_approval&${q}`, { token });

    const first = await list('limit=100');
    expect(first.status).toBe(200);
    expect(first.body.transactions).toHaveLength(100);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    // The admin approves the newest one (on the first page): the next page still starts after the last one shown.
    expect((await api.request('POST', `/api/v1/transactions/${waiting[129]}/confirm`, { token, body: {} })).status).toBe(200);
    const second = await list(`limit=100&cursor=${first.body.next_cursor}`);
    expect(second.body.transactions).toHaveLength(30);
    expect(second.body.next_cursor).toBeNull();
    expect([...first.body.transactions, ...second.body.transactions].map((t) => t.id)).toEqual([...waiting].reverse());
    expect(second.body.transactions.every((t) => t.status === 'pending_approval')).toBe(true);
    // Read again from the start: the decided one is gone, 129 wait (100 + 29).
    const again = await list('limit=100');
    const rest = await list(`limit=100&cursor=${again.body.next_cursor}`);
    expect(again.body.transactions[0]?.id).toBe(waiting[128]);
    expect(rest.body.transactions).toHaveLength(29);
    // A page is at most 100; a cursor that is not one is refused.
    expect((await list('limit=101')).status).toBe(400);
    expect((await list('cursor=bm9wZQ')).status).toBe(400);
  });
});

describe('the page under /app', () => {
  it('is served with a strict CSP that only Telegram\'s web clients may frame', async () => {
    api = await start();
    const bare = await fetch(`${api.url}/app`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('app/');
    const page = await api.request('GET', '/app/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/frame-ancestors https:\/\/web\.telegram\.org /);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBeNull();
    // No inline script or style, nothing from another host.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc="\.\/app-)/);
    expect(page.text).not.toMatch(/<style|style=|https?:\/\//);
    const assets = [...page.text.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/app/${m[1] as string}`);
    expect(assets).toHaveLength(2);
    for (const a of assets) {
      const res = await api.request('GET', a);
      expect(res.status, a).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(res.text).not.toMatch(/https?:\/\/(?!web\.telegram\.org|core\.telegram\.org|t\.me|telegram\.org|www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\//i);
    }
    expect((await api.request('GET', '/app/nope.js')).status).toBe(404);
    // What a phone downloads on first open: JS + CSS under 150 KB gzipped.
    const gzipped = assets.reduce((n, a) => n + gzipSync(readFileSync(join(webappDir, a.replace('/app/', '')))).length, 0);
    expect(gzipped).toBeLessThan(150 * 1024);

    // Everything else keeps refusing to be framed.
    const health = await api.request('GET', '/health');
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
