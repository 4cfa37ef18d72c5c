// CPU per createTransaction (an executed expense by the owner, bench/core.ts's core subject),
// counted over a fixed number of entries rather than timed: on this shared 2-core VM the rates
// move with the neighbours' load, the CPU an entry costs much less. Under synchronous=OFF, so the
// figure is the core's own work (Node, Drizzle, SQLite's CPU), not its waits for the disk.
//   tsx bench/core-cpu.ts [entries=20000] [rounds=7]
// Two source trees side by side (CORE_CPU_TREES=<base>,<tree>; default /work/s36/base and this
// worktree; the first is the baseline of the ratios): each round runs, per tree, one child process
// (`node --import tsx`) that imports that tree's src/ (bench/core.ts's fixture() with that tree's
// functions) on a fresh database, posts `entries`/10 entries to warm up and then `entries` more,
// and prints its user+system CPU (process.cpuUsage) per entry in µs. The trees' order alternates
// by round; printed: each round's figures and ratio, the medians and the median of the paired ratios.
// CORE_CPU_NODE_ARGS: extra node flags for the children (--cpu-prof --cpu-prof-dir=…).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixture, type FixtureApi } from './core.js';
import { median, pairedRatio } from './measure.js';

const ENTRIES = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const self = fileURLToPath(import.meta.url);
const here = resolve(dirname(self), '..');

/** The child: one tree, one fresh database, prints µs of CPU per entry. */
async function child(tree: string, dbPath: string): Promise<void> {
  const load = (p: string) => import(pathToFileURL(join(tree, 'src', p)).href) as Promise<Record<string, unknown>>;
  const [connection, migrate, domain] = await Promise.all([load('db/connection.ts'), load('db/migrate.ts'), load('domain/index.ts')]);
  const api = { ...connection, ...migrate, ...domain } as unknown as FixtureApi;
  const f = fixture(dbPath, 'FULL', api);
  f.conn.sqlite.pragma('synchronous = OFF');
  const post = (i: number) =>
    api.createTransaction(f.deps, f.owner, { familyId: f.familyId, fromWalletId: f.walletId, amountMinor: 100 + (i % 1000), categoryId: f.expenseId, description: 'bench' });
  const warm = Math.ceil(ENTRIES / 10);
  for (let i = 0; i < warm; i++) post(i);
  const before = process.cpuUsage();
  for (let i = 0; i < ENTRIES; i++) post(i);
  const used = process.cpuUsage(before);
  f.conn.close();
  process.stdout.write(`${(used.user + used.system) / ENTRIES}\n`);
}

function runChild(tree: string, dir: string, n: number): number {
  const nodeArgs = (process.env['CORE_CPU_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const out = spawnSync(process.execPath, ['--import', 'tsx', ...nodeArgs, self, String(ENTRIES)], {
    cwd: here,
    env: { ...process.env, CORE_CPU_CHILD: tree, CORE_CPU_DB: join(dir, `core-cpu-${n}.db`) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const micros = Number(out.stdout.trim().split('\n').pop());
  if (out.status !== 0 || !Number.isFinite(micros)) throw new Error(`core-cpu child for ${tree} failed (status ${out.status}): ${out.stdout}`);
  return micros;
}

async function parent(): Promise<void> {
  const trees = (process.env['CORE_CPU_TREES'] ?? `/work/s36/base,${here}`).split(',').map((t) => resolve(t));
  const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? os.tmpdir(), 'core-cpu-'));
  const figures: number[][] = trees.map(() => []);
  let n = 0;
  console.log(`core-cpu: ${ENTRIES} entries per tree per round, ${ROUNDS} rounds, synchronous=OFF; µs CPU per entry`);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so that a tree does not always run first (or after the other's I/O).
    const order = trees.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) figures[i]!.push(runChild(trees[i]!, dir, n++));
    const row = trees.map((_, i) => figures[i]![r]!.toFixed(2)).join('  ');
    const ratios = trees.slice(1).map((_, i) => (figures[i + 1]![r]! / figures[0]![r]!).toFixed(3)).join('  ');
    console.log(`round ${r + 1}: ${row}   ratio ${ratios}`);
  }
  rmSync(dir, { recursive: true, force: true });
  trees.forEach((t, i) => {
    const ratio = i === 0 ? '(baseline)' : `paired ratio ${pairedRatio(figures[i]!, figures[0]!).toFixed(3)}`;
    console.log(`${t}: median ${median(figures[i]!).toFixed(2)} µs/entry ${ratio}`);
  });
}

const childTree = process.env['CORE_CPU_CHILD'];
if (childTree) await child(childTree, process.env['CORE_CPU_DB']!);
else await parent();
