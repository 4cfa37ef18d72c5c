// A real redis-server for the Redis-mode tests: TEST_REDIS_URL (what .ci/run
// exports) or REDIS_URL when the environment provides one, else a private
// server on a free loopback port with persistence off, started and stopped by
// the test file. Tests use a fresh BullMQ prefix each, so a shared server is fine.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../support/net.js';

export type RedisUnderTest = { url: string; stop(): Promise<void> };

export function findRedisServer(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).concat(['/usr/bin', '/usr/local/bin', '/usr/sbin'])) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const urlFromEnv = (): string | undefined => process.env['TEST_REDIS_URL'] || process.env['REDIS_URL'] || undefined;

export const redisAvailable = urlFromEnv() !== undefined || findRedisServer() !== undefined;


export async function startRedis(): Promise<RedisUnderTest> {
  const fromEnv = urlFromEnv();
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server not found');
  const port = await freePort();
  const proc = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output.join('\n')}`)), 10_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}
