// The old generation's growth limit (src/runtime/heap-growth.ts) relies on V8
// reading --heap-growing-percent each time it sets the next full GC's limit, a
// flag set after start with v8.setFlagsFromString. This checks it on the Node
// in use, in child processes (the flag is the whole process's): the same live
// set and the same churn of objects that live long enough to be promoted, once
// with V8's own growth and once limited; limited, the heap peaks far lower.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = `
import { getHeapStatistics } from 'node:v8';
import { limitHeapGrowth } from './src/runtime/heap-growth.ts';
if (process.argv.includes('limit')) limitHeapGrowth();
const live = [];
for (let i = 0; i < 300_000; i++) live.push({ i, s: 'live' + i, a: [i, i + 1] });
const ring = new Array(64).fill(null);
let peak = 0;
for (let round = 0; round < 3000; round++) {
  const batch = [];
  for (let i = 0; i < 2000; i++) batch.push({ round, i, s: 'x'.repeat(16) + i, a: [i] });
  ring[round % ring.length] = batch;
  peak = Math.max(peak, getHeapStatistics().total_heap_size);
}
console.log(JSON.stringify({ peakMb: peak / 2 ** 20, live: live.length }));
`;

function peakMb(nodeArgs: string[], scriptArgs: string[]): Promise<number> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e', SCRIPT, '--', ...scriptArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`exit ${String(code)}: ${out}`));
      resolve((JSON.parse(out.trim().split('\n').pop()!) as { peakMb: number }).peakMb);
    }),
  );
}

describe('old generation growth limited once started', () => {
  it('keeps the heap of a steady churn far below what V8 lets it reach by itself', { timeout: 60_000 }, async () => {
    const [own, limited] = await Promise.all([peakMb([], []), peakMb([], ['limit'])]);
    expect(limited).toBeLessThan(own * 0.7);
  });

  it('leaves a growth given on the command line alone', { timeout: 60_000 }, async () => {
    const [given, givenThenLimit] = await Promise.all([peakMb(['--heap-growing-percent=300'], []), peakMb(['--heap-growing-percent=300'], ['limit'])]);
    expect(givenThenLimit).toBeGreaterThan(given * 0.8);
  });
});
