// CPU per createTransaction (an executed expense by the owner, bench/core.ts's core subject),
// counted over a fixed number of entries rather than timed: on this shared 2-core VM the rates
// move with the neighbours' load, the CPU an entry costs much less. Under synchronous=OFF, so the
// figure is the core's own work (Node, Drizzle, SQLite's CPU), not its waits for the disk.
//   tsx bench/core-cpu.ts [entries=20000] [rounds=7]
// Two source trees side by side (CORE_CPU_TREES=<base>,<tree>; default /work/s36/base and this
// worktree; the first is the baseline of the ratios): each round runs, per tree, one child process
// (`node --import tsx`) that imports that tree's src/ (bench/core.ts's fixture() with that tree's
// functions) on a fresh database, posts `entries`/10 entries to warm up and then `entries` more,
// and prints its user+system CPU (process.cpuUsage) per entry in µs, and the user part alone (the
// system part, ~40 % here, is mostly SQLite writing WAL frames into the page cache: the core's extra
// work shows more clearly in user time). The trees' order alternates by round; printed: each round's
// figures and ratios, the medians and the medians of the paired ratios.
// CORE_CPU_MIX=1: one child per round loads every tree (each its own modules and database) and
// alternates blocks of CORE_CPU_BLOCK (1000) entries between them, so a pair is measured a few hundred ms
// apart under the same load rather than seconds apart (steadier ratios when the neighbours' load moves).
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
/** CORE_CPU_MIX=1: one child per round holding every tree, their blocks of BLOCK entries alternating (pairs a few hundred ms apart, not seconds). */
const MIX = process.env['CORE_CPU_MIX'] === '1';
const BLOCK = Number(process.env['CORE_CPU_BLOCK'] ?? 1000);
const self = fileURLToPath(import.meta.url);
const here = resolve(dirname(self), '..');

type Poster = { post: (i: number) => void; close: () => void };

/** A fresh database for `tree`, through that tree's own src/ (bench/core.ts's fixture with its functions), under synchronous=OFF. */
async function poster(tree: string, dbPath: string): Promise<Poster> {
  const load = (p: string) => import(pathToFileURL(join(tree, 'src', p)).href) as Promise<Record<string, unknown>>;
  const [connection, migrate, domain] = await Promise.all([load('db/connection.ts'), load('db/migrate.ts'), load('domain/index.ts')]);
  const api = { ...connection, ...migrate, ...domain } as unknown as FixtureApi;
  const f = fixture(dbPath, 'FULL', api);
  f.conn.sqlite.pragma('synchronous = OFF');
  return {
    post: (i) =>
      api.createTransaction(f.deps, f.owner, { familyId: f.familyId, fromWalletId: f.walletId, amountMinor: 100 + (i % 1000), categoryId: f.expenseId, description: 'bench' }),
    close: f.conn.close,
  };
}

/**
 * The child: its trees (one, or all with CORE_CPU_MIX), each on its own fresh database; after a
 * warm-up, `ENTRIES` entries per tree in blocks of BLOCK, the trees' blocks alternating; prints, per
 * tree, µs of CPU per entry (user+system, user).
 */
async function child(trees: string[], dbPath: string): Promise<void> {
  const posters = await Promise.all(trees.map((t, i) => poster(t, `${dbPath}-${i}`)));
  const used = posters.map(() => ({ total: 0, user: 0 }));
  const warm = Math.ceil(ENTRIES / 10);
  for (const p of posters) for (let i = 0; i < warm; i++) p.post(i);
  for (let done = 0; done < ENTRIES; done += BLOCK) {
    const order = posters.map((_, i) => i);
    if ((done / BLOCK) % 2) order.reverse();
    for (const k of order) {
      const before = process.cpuUsage();
      for (let i = done; i < Math.min(done + BLOCK, ENTRIES); i++) posters[k]!.post(i);
      const u = process.cpuUsage(before);
      used[k]!.total += u.user + u.system;
      used[k]!.user += u.user;
    }
  }
  for (const p of posters) p.close();
  process.stdout.write(`${used.map((u) => `${u.total / ENTRIES} ${u.user / ENTRIES}`).join(' ')}\n`);
}

/** µs of CPU per entry: user+system, and user alone (the system part is mostly SQLite's writes to the WAL file). */
type Figure = { total: number; user: number };
function runChild(trees: string[], dir: string, n: number): Figure[] {
  const nodeArgs = (process.env['CORE_CPU_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const out = spawnSync(process.execPath, ['--import', 'tsx', ...nodeArgs, self, String(ENTRIES)], {
    cwd: here,
    env: { ...process.env, CORE_CPU_CHILD: trees.join(','), CORE_CPU_DB: join(dir, `core-cpu-${n}.db`) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const values = (out.stdout.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (out.status !== 0 || values.length !== trees.length * 2 || !values.every(Number.isFinite)) {
    throw new Error(`core-cpu child for ${trees.join(',')} failed (status ${out.status}): ${out.stdout}`);
  }
  return trees.map((_, i) => ({ total: values[2 * i]!, user: values[2 * i + 1]! }));
}

async function parent(): Promise<void> {
  const trees = (process.env['CORE_CPU_TREES'] ?? `/work/s36/base,${here}`).split(',').map((t) => resolve(t));
  const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? os.tmpdir(), 'core-cpu-'));
  const figures: Figure[][] = trees.map(() => []);
  let n = 0;
  console.log(`core-cpu: ${ENTRIES} entries per tree per round, ${ROUNDS} rounds${MIX ? `, the trees in one process (blocks of ${BLOCK})` : ''}, synchronous=OFF; µs CPU per entry`);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so that a tree does not always run first (or after the other's I/O).
    const order = trees.map((_, i) => i);
    if (r % 2) order.reverse();
    if (MIX) runChild(order.map((i) => trees[i]!), dir, n++).forEach((f, k) => figures[order[k]!]!.push(f));
    else for (const i of order) figures[i]!.push(runChild([trees[i]!], dir, n++)[0]!);
    const row = trees.map((_, i) => `${figures[i]![r]!.total.toFixed(2)} (user ${figures[i]![r]!.user.toFixed(2)})`).join('  ');
    const ratios = trees.slice(1).map((_, i) => `${(figures[i + 1]![r]!.total / figures[0]![r]!.total).toFixed(3)} (user ${(figures[i + 1]![r]!.user / figures[0]![r]!.user).toFixed(3)})`).join('  ');
    console.log(`round ${r + 1}: ${row}   ratio ${ratios}`);
  }
  rmSync(dir, { recursive: true, force: true });
  const of = (i: number, k: keyof Figure) => figures[i]!.map((f) => f[k]);
  trees.forEach((t, i) => {
    const ratio = i === 0 ? '(baseline)' : `paired ratio ${pairedRatio(of(i, 'total'), of(0, 'total')).toFixed(3)} (user ${pairedRatio(of(i, 'user'), of(0, 'user')).toFixed(3)})`;
    console.log(`${t}: median ${median(of(i, 'total')).toFixed(2)} µs/entry (user ${median(of(i, 'user')).toFixed(2)}) ${ratio}`);
  });
}

const childTrees = process.env['CORE_CPU_CHILD'];
if (childTrees) await child(childTrees.split(','), process.env['CORE_CPU_DB']!);
else await parent();
