// Server CPU and allocations per durable POST /api/v1/transactions of the
// built app (`npm run build` first), counted over a fixed number of requests
// rather than timed: the rates on this 2-core VM move by 2× with its speed and
// its neighbours' load; the CPU a request costs moves less (though a loaded
// machine raises it too: compare builds in the same run, POST_CPU_DISTS).
//   tsx bench/post-cpu.ts [requests=20000] [rounds=5]
// Each built tree runs `node <tree>/main.js api` (group commit on, the COMMIT's fsync
// in the commit, as `npm run bench -- http`'s shipped app) on its own copy of a seeded
// database; autocannon sends `requests` POSTs over 50 connections per round, after a
// warm-up of the same size, the trees in alternating rounds. Per round: the server's
// user+system time from /proc/<pid>/stat (every thread: V8's GC threads included) and
// the bytes V8 allocated (--trace-gc-nvp: each scavenge's `allocated`, summed).
// POST_CPU_DISTS=dist-base,dist: the trees (default BENCH_DIST or dist), the first the baseline of the paired ratios;
// POST_CPU_NODE_ARGS: extra node flags (--cpu-prof --cpu-prof-dir=…, --perf-basic-prof);
// POST_CPU_ENV<i>='NAME=value …': extra environment of the i-th server.
// POST_CPU_SQL_TIMES=dir: the app's SQL timed by statement (bench/sql-times.mjs) over the measured rounds, printed per request.
// POST_CPU_GET=1: GET /api/v1/wallets?family_id=… (the same token and database) instead of the POSTs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { seedApiDatabase } from './api-seed.js';
import { CPU_TICK_S, cpuTicks, median } from './measure.js';
import { restartSqlTimes, sqlTimesProcess, sqlTimesReport } from './sql-report.js';
import { shippedAppEnv } from './startup.js';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? os.tmpdir(), 'post-cpu-'));

const jwt = randomBytes(48).toString('base64');
const dbPath = join(dir, 'post.db');
const { conn, ids: { token, familyId, walletId, categoryId } } = await seedApiDatabase(dbPath, jwt);
conn.close();

const SQL_TIMES = process.env['POST_CPU_SQL_TIMES'] ?? '';
const nodeArgs = ['--trace-gc-nvp', ...(SQL_TIMES ? sqlTimesProcess(SQL_TIMES).flags : []), ...(process.env['POST_CPU_NODE_ARGS'] ?? '').split(' ').filter(Boolean)];
// POST_CPU_DISTS=a,b: several built trees, each on its own copy of the database, measured in alternating rounds.
const dists = (process.env['POST_CPU_DISTS'] ?? process.env['BENCH_DIST'] ?? 'dist').split(',');

type Server = { dist: string; pid: number; port: number; allocated: number; stop(): Promise<void> };
async function start(dist: string, i: number): Promise<Server> {
  const path = join(dir, `post-${i}.db`);
  copyFileSync(dbPath, path);
  const child = spawn(process.execPath, [...nodeArgs, join(dist, 'main.js'), 'api'], {
    // POST_CPU_ENV<i>='NAME=value …': extra environment of the i-th server (0-based).
    env: shippedAppEnv(path, {
      JWT_SECRET_KEY: jwt,
      BACKUP_DIR: join(dir, `backups-${i}`),
      ...(SQL_TIMES ? sqlTimesProcess(SQL_TIMES).env : {}),
      ...Object.fromEntries((process.env[`POST_CPU_ENV${i}`] ?? '').split(' ').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2))),
    }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  const server: Server = { dist, pid: child.pid!, port: 0, allocated: 0, stop: async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  } };
  await new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const a = /\ballocated=(\d+)/.exec(line);
      if (a) server.allocated += Number(a[1]);
      const url = /"url":"http:\/\/[^:"]+:(\d+)"/.exec(line);
      if (url) server.port = Number(url[1]);
      if (line.includes('finance-bot started')) resolve();
    });
  });
  return server;
}

const body = JSON.stringify({ family_id: familyId, from_wallet_id: walletId, amount: '1.25', category_id: categoryId, description: 'bench' });
const GET = process.env['POST_CPU_GET'] === '1';
const post = (s: Server, amount: number) =>
  autocannon(
    GET
      ? { url: `http://127.0.0.1:${s.port}/api/v1/wallets?family_id=${familyId}`, headers: { authorization: `Bearer ${token}` }, connections: 50, amount }
      : {
          url: `http://127.0.0.1:${s.port}/api/v1/transactions`,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          connections: 50,
          amount,
        },
  );

const servers: Server[] = [];
for (const [i, d] of dists.entries()) servers.push(await start(d, i));
for (const s of servers) await post(s, REQUESTS);
if (SQL_TIMES) for (const s of servers) restartSqlTimes(s.pid);
const cpu = servers.map(() => [] as number[]);
const alloc = servers.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r++) {
  for (const [i, s] of servers.entries()) {
    const t0 = cpuTicks(s.pid);
    const a0 = s.allocated;
    const res = await post(s, REQUESTS);
    const n = res['2xx'] + res.non2xx;
    if (res.non2xx || res.errors) throw new Error(`round ${r}: ${res.non2xx} non-2xx, ${res.errors} errors`);
    // The trace's lines arrive through a pipe: let the last scavenges' lines in.
    await new Promise((resolve) => setTimeout(resolve, 200));
    cpu[i]!.push(((cpuTicks(s.pid) - t0) * CPU_TICK_S * 1e6) / n);
    alloc[i]!.push((s.allocated - a0) / n / 1024);
    process.stdout.write(`round ${r + 1} ${s.dist}: ${cpu[i]!.at(-1)!.toFixed(0)} µs CPU/request, ${alloc[i]!.at(-1)!.toFixed(1)} KB allocated/request, ${Math.round(res.requests.average)} req/s\n`);
  }
}
for (const [i, s] of servers.entries()) {
  const ratio = i === 0 ? '' : `, ${(100 * median(cpu[i]!.map((c, r) => c / cpu[0]![r]!))).toFixed(1)} % of ${dists[0]} (paired by round)`;
  process.stdout.write(`${s.dist}: median ${median(cpu[i]!).toFixed(0)} µs CPU/request (min ${Math.min(...cpu[i]!).toFixed(0)}), ${median(alloc[i]!).toFixed(1)} KB/request${ratio}\n`);
}
for (const s of servers) await s.stop();
if (SQL_TIMES) for (const s of servers) process.stdout.write(`${s.dist}:\n${sqlTimesReport(SQL_TIMES, s.pid, REQUESTS * ROUNDS, 'request').join('\n')}\n`);
