// Start-up and memory of the built app (`npm run build` first): time from
// spawning `node dist/main.js all` (API, jobs; no bot token) to "HTTP API
// listening", and its resident memory once idle.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StartupFigures = { readyMs: number; idleRssMb: number } | undefined;

export async function runStartupBench(dir: string): Promise<StartupFigures> {
  if (!existsSync('dist/main.js')) {
    process.stderr.write('startup: dist/main.js is missing (npm run build); skipped\n');
    return undefined;
  }
  process.stderr.write('startup: node dist/main.js all…\n');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['dist/main.js', 'all'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_PATH: join(dir, 'startup.db'),
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://bench.example',
      JWT_SECRET_KEY: randomBytes(48).toString('base64'),
      HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const check = () => {
      if (output.includes('HTTP API listening')) resolve(Number(process.hrtime.bigint() - started) / 1e6);
    };
    child.stdout!.on('data', (d: Buffer) => ((output += d.toString()), check()));
    child.stderr!.on('data', (d: Buffer) => ((output += d.toString()), check()));
    child.once('exit', (code) => reject(new Error(`the app exited (${String(code)}):\n${output.slice(-2000)}`)));
  });
  try {
    const readyMs = await ready;
    await new Promise((r) => setTimeout(r, 2000));
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid!}/status`, 'utf8'));
    return { readyMs, idleRssMb: m ? Number(m[1]) / 1024 : NaN };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
