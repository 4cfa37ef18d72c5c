// The HTTP server cannot listen where HOST and PORT say: the start stops with
// one sentence naming both variables, not a stack trace.
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApp } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const cleanups = cleanupsAfterEach();

describe('listening', () => {
  it('a port in use or an address not of this machine: one sentence naming HOST and PORT, exit 1', { timeout: 120_000 }, async () => {
    const dir = cleanups.tempDir('fb-listen-');
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    cleanups.push(() => taken.close());
    const port = (taken.address() as { port: number }).port;
    const env = { DATABASE_PATH: join(dir, 'finance.db'), LOG_LEVEL: 'warn' };

    const inUse = runApp(['api'], { ...env, HOST: '127.0.0.1', PORT: String(port) });
    expect(await inUse.exit()).toBe(1);
    expect(inUse.output().trim()).toBe(
      `finance-bot: Cannot listen on HOST=127.0.0.1 PORT=${port}: another program (another finance-bot?) already uses that port. Stop it, or set PORT to a free port.`,
    );

    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
    const elsewhere = runApp(['api'], { ...env, HOST: '192.0.2.7', PORT: '0' });
    expect(await elsewhere.exit()).toBe(1);
    expect(elsewhere.output().trim()).toMatch(/^finance-bot: Cannot listen on HOST=192\.0\.2\.7 PORT=0: 192\.0\.2\.7 is not an address of this machine\. Set HOST/);
  });
});
