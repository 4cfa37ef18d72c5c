// While Redis is unreachable, ioredis reconnects every few hundred ms, then
// every 2 s, and emits an 'error' for each try. Each became a log line
// ('redis connection error'): ~3,600 lines an hour per connection, for a whole
// outage. Now the first failure is logged, then one line a minute with the
// number left out, and the recovery once. No Redis server is needed: nothing
// listens on the port.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/jobs/redis/queue.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../support/net.js';

let redis: Redis | undefined;
afterEach(() => {
  redis?.disconnect();
  redis = undefined;
});

describe('an unreachable Redis', () => {
  it('is logged once, not at every reconnection attempt', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    const port = await freePort();
    redis = connectRedis(`redis://127.0.0.1:${port}`, log, 'worker');
    let errors = 0;
    redis.on('error', () => errors++);
    // Wait for the event we expect: several failed attempts (the first ones come ~50-300 ms apart).
    await new Promise<void>((done) => {
      const check = setInterval(() => errors >= 6 && (clearInterval(check), done()), 20);
    });
    const logged = lines.filter((l) => l.includes('redis connection error'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ECONNREFUSED');
  }, 30_000);
});
