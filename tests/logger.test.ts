// No log line, at any level up to trace, carries a password, a token, a code,
// a ticket, a signature or a cookie: not in a log call's fields, not nested in
// an error that carries the request, not in a raw packet, not inside a message.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Bot, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../src/api/index.js';
import { signRequest } from '../src/api/hmac-sign.js';
import { loadConfig } from '../src/config.js';
import { createBindingCode } from '../src/domain/auth/binding.js';
import { createLogger, lazyChild } from '../src/logger.js';
import { createTestDb } from './support/db.js';
import { freePort } from './support/net.js';

function capture(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ level, destination: sink }), lines, text: () => lines.join('') };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('logger', () => {
  it('redacts secrets wherever they appear in a log call', async () => {
    const { log, text } = capture('info');
    log.info({ password: 'hunter2-secret', body: { refresh_token: 'rt-secret', code: 'c-secret' }, req: { headers: { authorization: 'Bearer tok-secret' } } }, 'login');
    await settle();
    const out = text();
    expect(out).toContain('"msg":"login"');
    for (const s of ['hunter2-secret', 'rt-secret', 'c-secret', 'tok-secret']) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
  });

  it('a lazy child logs with its bindings, redacted, and is made only when first used', async () => {
    const { log, text } = capture('info');
    let made = 0;
    const child = log.child.bind(log);
    log.child = ((...a: Parameters<typeof child>) => (made++, child(...a))) as typeof log.child;
    const lazy = lazyChild(log, { update_id: 42, token: 'bindings-secret' });
    expect(made).toBe(0);
    lazy.info({ password: 'pw-secret' }, 'update line');
    lazy.warn('second line');
    expect(made).toBe(1);
    await settle();
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['update_id'], l['msg']])).toEqual([[42, 'update line'], [42, 'second line']]);
    expect(text()).not.toContain('pw-secret');
    expect(text()).not.toContain('bindings-secret');
    expect(lazy.isLevelEnabled('debug')).toBe(false);
  });

  it('scrubs deep nesting, errors carrying a request, raw packets and secrets inside strings, at trace', async () => {
    const { log, text } = capture('trace');
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNlY3JldA';
    const err = Object.assign(new Error(`request failed with Authorization: Bearer ${jwt}`), {
      code: 'K7QM2XPA',
      request: { method: 'POST', url: '/api/v1/auth/login?code=K7QM2XPA', headers: { authorization: `Bearer ${jwt}`, cookie: 'sid=cookie-secret', 'x-signature': 'sig-secret' }, body: { password: 'pw-secret' } },
      rawPacket: Buffer.from('POST / HTTP/1.1\r\nAuthorization: Bearer raw-secret\r\n\r\n'),
    });
    log.trace({ deep: { a: { b: { c: { password: 'deep-secret', ticket: '1.2.tk-secret' } } } } }, 'deep');
    log.debug(err, 'failed');
    log.warn({ err }, 'failed again');
    log.info(`refresh_token=rt-in-a-string and code: ABCD2345 and ${jwt}`);
    await settle();
    const out = text();
    for (const s of ['deep-secret', 'tk-secret', 'cookie-secret', 'sig-secret', 'pw-secret', 'raw-secret', 'rt-in-a-string', 'ABCD2345', 'K7QM2XPA', jwt, 'c2lnbmF0dXJlLXNlY3JldA']) {
      expect(out, s).not.toContain(s);
    }
    // Still useful: the message, the route, the error type.
    expect(out).toMatch(/request failed with Authorization: Bearer \[redacted/);
    expect(out).toContain('"url":"/api/v1/auth/login"');
    expect(out).toContain('"type":"Error"');
  });

  it('hides a bot token that a failed Telegram call carries in its URL, and other secrets inside strings', async () => {
    // A real grammY failure: nothing listens on the port, so node-fetch's error (kept in HttpError.error)
    // says "request to http://…/bot<token>/sendMessage failed". The outbox dispatcher and the poller log such errors.
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    const bot = new Bot(token, { client: { apiRoot: `http://127.0.0.1:${await freePort()}` } });
    const err = await bot.api.sendMessage(1, 'x').then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(HttpError);
    const { log, text } = capture('trace');
    log.warn({ err, retryInMs: 1000 }, 'outbox job failed; will retry');
    log.error(err);
    log.info(`refused: token ${token}`);
    log.info('GET /api/v1/x?refreshToken=rt-camel-secret&accessToken=at-camel-secret');
    log.info('redis://:redis-pass-secret@redis:6379 and https://ann:proxy-pass-secret@proxy:8080');
    log.info('password: "two words-secret"');
    log.info({ body: { init_data: 'query_id=1&hash=initdata-secret' } });
    await settle();
    const out = text();
    for (const s of [token, 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 'rt-camel-secret', 'at-camel-secret', 'redis-pass-secret', 'proxy-pass-secret', 'words-secret', 'initdata-secret']) {
      expect(out, s).not.toContain(s);
    }
    // Still useful: which call failed, why, and where.
    expect(out).toContain("Network request for 'sendMessage' failed!");
    expect(out).toMatch(/ECONNREFUSED/);
    expect(out).toContain('/bot[redacted bot token]/sendMessage');
    expect(out).toContain('redis://:[redacted]@redis:6379');
  });

  it('keeps error codes that are not secrets', async () => {
    const { log, text } = capture('info');
    log.info({ err: Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), domain: { code: 'not_found' }, errno: { code: 'ECONNRESET' } }, 'codes');
    await settle();
    for (const c of ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'not_found', 'ECONNRESET']) expect(text()).toContain(c);
  });
});

describe('the API at trace level', () => {
  it('logs no password, token, code, ticket, signature or cookie while people register, log in, refresh, bind and fail', async () => {
    const db = createTestDb();
    const { log, lines, text } = capture('trace');
    const HMAC = 'Hq9Vn2xLr7TzK4pWm9bYc3HsDf6GjA1uE5oRk0iNv8tQy';
    const config = loadConfig({
      env: { NODE_ENV: 'test', DATABASE_PATH: db.path, JWT_SECRET_KEY: 'Jq8Vn2xLr7TzK4pWm9bYc3HsDf6GjA1uE5oRk0iNv8tQy', HMAC_SECRET_KEY: HMAC, LOG_LEVEL: 'trace' },
      dotenvPath: false,
    });
    // A route that fails with an error carrying the whole request, as some libraries' errors do.
    const failing = (app: FastifyInstance) =>
      app.post('/boom', async (req) => {
        throw Object.assign(new Error('downstream failed'), { request: req.raw, headers: req.headers, body: req.body });
      });
    const app = buildServer({ core: db.deps, config, log, routes: [failing] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'session=cookie-value-secret', ...headers }, body: raw });
      return { status: res.status, text: await res.text() };
    };
    try {
      const password = 'Correct-Horse-Battery-Secret';
      expect((await post('/api/v1/auth/register', { email: 'ann@example.com', password, name: 'Ann' })).status).toBe(201);
      expect((await post('/api/v1/auth/login', { email: 'ann@example.com', password: 'Wrong-Password-Secret' })).status).toBe(401);
      const login = JSON.parse((await post('/api/v1/auth/login', { email: 'ann@example.com', password })).text) as { access_token: string; refresh_token: string };
      const refreshed = JSON.parse((await post('/api/v1/auth/refresh', { refresh_token: login.refresh_token })).text) as { access_token: string; refresh_token: string };
      const startBody = JSON.stringify({ chat_id: 4242, first_name: 'Ann' });
      const signed = signRequest({ clientId: 'telegram_bot', secret: HMAC, method: 'POST', path: '/api/v1/auth/telegram/start', body: startBody, timestamp: Math.floor(db.clock() / 1000) });
      const start = await post('/api/v1/auth/telegram/start', startBody, signed);
      const code = (JSON.parse(start.text) as { code: string }).code;
      const bearer = { authorization: `Bearer ${refreshed.access_token}` };
      expect((await post('/api/v1/auth/telegram/confirm', { code, chat_id: 4242, confirm: true }, bearer)).status).toBe(200);
      const pageCode = createBindingCode(db.deps, { chatId: 4343 }).code;
      const page = await fetch(`${base}/bind`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: pageCode, email: 'ann@example.com', password }) });
      const ticket = /name="ticket" value="([^"]+)"/.exec(await page.text())![1]!;
      await fetch(`${base}/bind/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: pageCode, ticket }) });
      expect((await post('/boom', { password, refresh_token: refreshed.refresh_token }, bearer)).status).toBe(500);
      // A packet Node's parser refuses, with a token in it.
      await new Promise<void>((resolve) => {
        const s = connect(Number(new URL(base).port), '127.0.0.1', () => s.write(`GET / HTTP/1.1\r\nAuthorization: Bearer ${login.access_token}\r\nBad Header\r\n\r\n`));
        s.on('close', () => resolve());
        s.on('data', () => undefined);
      });
      await app.close();
      await settle();

      expect(lines.length).toBeGreaterThan(0);
      expect(text()).toContain('downstream failed');
      const secrets = [password, 'Wrong-Password-Secret', login.access_token, login.refresh_token, refreshed.access_token, refreshed.refresh_token, code, pageCode, ticket, signed['X-Signature'], 'cookie-value-secret', HMAC, config.secrets.jwt];
      for (const s of secrets) expect(text(), `a secret reached the log: ${s.slice(0, 12)}…`).not.toContain(s);
    } finally {
      if (app.server.listening) await app.close();
      db.cleanup();
    }
  });
});
