// HTTP load through autocannon against 127.0.0.1 only, each server in its own
// process (bench/server.ts), bounded in time: the app's hot read and durable
// write next to a bare Fastify route, in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);

export type Load = { rps: number; p99: number; p50: number; errors: number; non2xx: number };
type Started = { child: ChildProcess; port: number; token?: string; familyId?: number; walletId?: number; categoryId?: number; rss(): number };

async function startServer(kind: string, dir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', kind, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(line) as Omit<Started, 'child' | 'rss'>;
  return { ...info, child, rss: () => rssOf(child.pid!) };
}

/** Resident set size of a process in MB (Linux /proc). */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function stop(s: Started): Promise<void> {
  s.child.kill('SIGTERM');
  await once(s.child, 'exit');
}

async function load(opts: autocannon.Options): Promise<Load> {
  // Warm-up, then the measured run.
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration: DURATION_S, connections: CONNECTIONS });
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export type HttpFigures = { bare: Load; get: Load; postGroup: Load; postSingle: Load; idleRss: number; loadRss: number };

export async function runHttpBench(dir: string): Promise<HttpFigures> {
  process.stderr.write('http: bare Fastify…\n');
  const bare = await startServer('bare', dir);
  const bareLoad = await load({ url: `http://127.0.0.1:${bare.port}/api/v1/wallets`, connections: CONNECTIONS });
  await stop(bare);

  process.stderr.write('http: GET /api/v1/wallets and POST /api/v1/transactions (group commit)…\n');
  const app = await startServer('app', dir);
  const idleRss = app.rss();
  const auth = { authorization: `Bearer ${app.token!}` };
  const get = await load({ url: `http://127.0.0.1:${app.port}/api/v1/wallets?family_id=${app.familyId!}`, headers: auth, connections: CONNECTIONS });
  const postBody = JSON.stringify({ family_id: app.familyId, from_wallet_id: app.walletId, amount: '1.25', category_id: app.categoryId, description: 'bench' });
  const post = { url: `http://127.0.0.1:${app.port}/api/v1/transactions`, method: 'POST' as const, headers: { ...auth, 'content-type': 'application/json' }, body: postBody };
  const postGroup = await load(post);
  const loadRss = app.rss();
  await stop(app);

  process.stderr.write('http: POST /api/v1/transactions (one COMMIT per request)…\n');
  const single = await startServer('app-single', dir);
  const postSingle = await load({ ...post, url: `http://127.0.0.1:${single.port}/api/v1/transactions`, headers: { authorization: `Bearer ${single.token!}`, 'content-type': 'application/json' } });
  await stop(single);
  return { bare: bareLoad, get, postGroup, postSingle, idleRss, loadRss };
}

export const HTTP_SETTINGS = `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s after a 1 s warm-up, 127.0.0.1; each server in its own process (tsx)`;
