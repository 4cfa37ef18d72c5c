import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

describe('logger', () => {
  it('redacts secrets wherever they appear in a log call', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ level: 'info', destination: sink });
    log.info({ password: 'hunter2-secret', body: { refresh_token: 'rt-secret', code: 'c-secret' }, req: { headers: { authorization: 'Bearer tok-secret' } } }, 'login');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('"msg":"login"');
    for (const s of ['hunter2-secret', 'rt-secret', 'c-secret', 'tok-secret']) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
  });
});
