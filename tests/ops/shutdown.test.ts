// A stop signal must not wait for ever on a request that never finishes
// (a client that stopped reading, a stalled download).
import { once } from 'node:events';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/index.js';
import { closeServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

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
