// Start-up and memory of the built app (`npm run build` first): time from
// spawning `node dist/main.js <role>` (no bot token) to "HTTP API listening",
// and its resident memory once idle; for `all` and `api`, with Node's default
// young generation and with the Docker image's --max-semi-space-size=4; next
// to a bare Fastify 5 server started the same way (the baseline).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StartupRun = { what: string; readyMs: number; idleRssMb: number };
export type StartupFigures = { runs: StartupRun[]; bare: StartupRun } | undefined;

const BARE_FASTIFY = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ ok: true }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('HTTP API listening');`;

export async function runStartupBench(dir: string): Promise<StartupFigures> {
  // BENCH_DIST: another built tree (default dist).
  const main = join(process.env['BENCH_DIST'] ?? 'dist', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write('startup: dist/main.js is missing (npm run build); skipped\n');
    return undefined;
  }
  const bare = await startOnce(dir, 'bare Fastify 5 (baseline)', ['--input-type=module', '-e', BARE_FASTIFY]);
  const runs: StartupRun[] = [];
  for (const role of ['all', 'api']) {
    runs.push(await startOnce(dir, `\`node dist/main.js ${role}\``, [main, role]));
    runs.push(await startOnce(dir, `\`node --max-semi-space-size=4 dist/main.js ${role}\` (Docker image)`, ['--max-semi-space-size=4', main, role]));
  }
  return { runs, bare };
}

async function startOnce(dir: string, what: string, args: string[]): Promise<StartupRun> {
  process.stderr.write(`startup: ${what}…\n`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_PATH: join(dir, `startup-${String(args.length)}-${args.at(-1) ?? ''}.db`),
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
    return { what, readyMs, idleRssMb: m ? Number(m[1]) / 1024 : NaN };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
