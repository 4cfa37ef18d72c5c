// The built tree (`npm run build`: esbuild's bundle of the app in dist/, see
// scripts/build.mjs) runs the same program as the sources: every part that is
// loaded lazily from its own chunk (the API with its schema compilers, /docs,
// the bot with its locales, the chart renderer with its WebAssembly and fonts,
// the Mini App's page) works from it, in the Docker image's layout (dist/,
// drizzle/, locales/, package.json and node_modules beside each other), and a
// worker in Redis mode loads bullmq and ioredis from node_modules.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis } from '../jobs/support/redis.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { listeningPort } from '../support/net.js';
import { buildImageLayout, runApp, type AppProcess } from './support/app-process.js';
import { expectBotInRussian, expectDocsAndMiniApp } from './support/served.js';

describe('the built tree', () => {
  let app: string;
  let tg: FakeTelegram;
  let running: AppProcess | undefined;

  beforeAll(async () => {
    app = buildImageLayout('fb-built-');
    tg = await startFakeTelegram();
  }, 120_000);

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exit();
    }
    running = undefined;
  });

  afterAll(async () => {
    await tg?.close();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  /**
   * The image's environment: production, fresh secrets, the bot on the fake Bot API. Node's
   * pending deprecations are on: what this Node only announces, a later one prints as a warning
   * (the punycode module, DEP0040, is a warning from Node 21, and the image runs Node 24).
   */
  const start = (role: string, env: Record<string, string>): AppProcess =>
    (running = runApp(
      [role],
      { HOME: app, NODE_ENV: 'production', NODE_PENDING_DEPRECATION: '1', JWT_SECRET_KEY: randomBytes(48).toString('base64'), HMAC_SECRET_KEY: randomBytes(48).toString('base64'), BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, ...env },
      undefined,
      app,
    ));

  /** A clean stop: exit code 0, no error logged, no Node warning. */
  async function stop(p: AppProcess): Promise<void> {
    p.child.kill('SIGTERM');
    expect(await p.exit(20_000), p.output().slice(-2000)).toBe(0);
    expect(p.output()).not.toMatch(/"level":50|Warning:/);
  }

  it('serves the API, its docs, a chart and the Mini App, and runs the bot in Russian, then stops on SIGTERM', { timeout: 90_000 }, async () => {
    const p = start('all', { PORT: '0', DATABASE_PATH: join(app, 'data', 'finance.db') });
    const base = `http://127.0.0.1:${await listeningPort(p.child, p.output)}`;
    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(20_000),
      });
      return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const json = (r: { bytes: Buffer }) => JSON.parse(r.bytes.toString('utf8')) as Record<string, unknown>;

    const health = await call('GET', '/health');
    expect(health.status, p.output().slice(-2000)).toBe(200);
    expect(json(health)).toMatchObject({ status: 'ok', version: '0.1.0' });

    // Request validation and response serialization (the compilers' chunk, loaded by the first request).
    const refused = await call('POST', '/api/v1/auth/register', { email: 'not an email', password: 'x', name: '' });
    expect(refused.status).toBe(400);
    expect(json(refused)).toMatchObject({ error: { code: 'validation' } });
    expect((await call('POST', '/api/v1/auth/register', { email: 'ann@example.com', password: 'correct horse battery', name: 'Ann' })).status).toBe(201);
    const login = await call('POST', '/api/v1/auth/login', { email: 'ann@example.com', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const token = json(login)['access_token'] as string;
    const family = await call('POST', '/api/v1/families', { name: 'Ann', base_currency: 'EUR' }, token);
    expect(family.status).toBe(201);
    // The chart renderer's chunk: echarts, resvg's WebAssembly and the fonts from node_modules.
    const chart = await call('GET', `/api/v1/reports/monthly/chart.png?family_id=${json(family)['id'] as number}&locale=ru`, undefined, token);
    expect(chart.status).toBe(200);
    expect(chart.type).toBe('image/png');
    expect(chart.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);

    // /docs (@fastify/swagger and Swagger UI, left in node_modules with their files), dist/webapp, the bot's chunk and locales/.
    await expectDocsAndMiniApp(base);
    await expectBotInRussian(tg, 9200, p.output);
    await stop(p);
  });

  it.runIf(redisAvailable)('runs a worker in Redis mode', { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    // A database of its own on a shared server (TEST_REDIS_URL), emptied afterwards.
    const url = `${redis.url.replace(/\/\d*$/, '')}/9`;
    try {
      const p = start('worker', { DATABASE_PATH: join(app, 'data', 'worker.db'), REDIS_URL: url });
      await p.waitFor(/"msg":"finance-bot started"/, 30_000);
      expect(p.output()).toMatch(/"mode":"redis","consuming":true,"msg":"jobs started"/);
      await stop(p);
    } finally {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      await client.flushdb();
      await client.quit();
      await redis.stop();
    }
  });
});
