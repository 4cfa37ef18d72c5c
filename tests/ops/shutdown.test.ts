// A stop signal must not wait for ever on a request that never finishes
// (a client that stopped reading, a stalled download), nor on a log reader
// that went away.
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/index.js';
import { closeServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { runApp, type AppProcess } from './support/app-process.js';

let t: TestDb | undefined;
let app: AppProcess | undefined;
afterEach(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGKILL');
    await app.exit();
  }
  app = undefined;
  t?.cleanup();
});

describe('HTTP server shutdown', () => {
  it('cuts connections still busy after the grace period, and only then', async () => {
    t = createTestDb();
    const config = loadConfig({ env: { DATABASE_PATH: t.path, JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) }, dotenvPath: false });
    const endless = new PassThrough();
    const server = buildServer({
      core: t.deps,
      config,
      log: createLogger({ level: 'silent' }),
      routes: [(app) => app.get('/endless', (_req, reply) => reply.type('text/plain').send(endless))],
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.server.address() as { port: number }).port;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /endless HTTP/1.1\r\nHost: x\r\n\r\n');
    endless.write('first chunk\n');
    await once(socket, 'data'); // the response has begun and will never end
    const started = Date.now();
    let closed = false;
    const closing = closeServer(server, 400).then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(closed).toBe(false); // still inside the grace period: the request may finish
    await closing;
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(Date.now() - started).toBeLessThan(5_000);
    socket.destroy();
  });
});

describe('a stop signal with the log reader gone', () => {
  it('exits at once, though its last lines can no longer be written (EPIPE)', { timeout: 120_000 }, async () => {
    t = createTestDb();
    app = runApp(['all'], { DATABASE_PATH: t.path, PORT: '0', HOST: '127.0.0.1' });
    await app.waitFor(/finance-bot started/);
    // Whoever read its output (a pipe to a log collector, a terminal) is gone.
    app.child.stdout!.destroy();
    app.child.stderr!.destroy();
    app.child.kill('SIGTERM');
    // pino's buffered stream retried its final flush every 100 ms for ever: the process never exited.
    expect(await app.exit(10_000)).toBe(0);
  });
});

describe('a stop signal while Telegram is still being reached', () => {
  it('stops the parts already running, gracefully, and cuts the wait for the next attempt', { timeout: 120_000 }, async () => {
    t = createTestDb();
    // A "Telegram" that refuses every call (400, which auto-retry does not retry): each attempt fails at once, and the next waits longer (1, 2, 4, 8 s…).
    const hangUp = createHttpServer((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"ok":false,"error_code":400,"description":"Bad Request"}'));
    hangUp.listen(0, '127.0.0.1');
    await once(hangUp, 'listening');
    const apiRoot = `http://127.0.0.1:${(hangUp.address() as AddressInfo).port}`;
    try {
      app = runApp(['all'], { DATABASE_PATH: t.path, PORT: '0', HOST: '127.0.0.1', BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: 'debug' });
      await app.waitFor(/HTTP API listening/);
      await app.waitFor(/"retryInMs":8000/);
    } finally {
      hangUp.close();
    }
    const signalled = Date.now();
    app.child.kill('SIGTERM');
    expect(await app.exit(10_000)).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(4_000); // the next attempt was 8 s away
    const stopped = app
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"stopped"') && l.includes('"part"'))
      .map((l) => (JSON.parse(l) as { part: string }).part);
    // Each part that had started, newest first (the bot had not); then the database.
    expect(stopped).toEqual(['api', 'jobs', 'writes', 'heartbeat']);
    expect(app.output()).not.toMatch(/finance-bot started/);
    expect(app.output()).not.toMatch(/"level":50/);
  });
});
