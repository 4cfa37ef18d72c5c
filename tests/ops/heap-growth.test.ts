// The old generation's growth limit (src/runtime/heap-growth.ts) relies on V8
// reading --heap-growing-percent each time it sets the next full GC's limit, a
// flag set after start with v8.setFlagsFromString. This checks it on the Node
// in use, in child processes (the flag is the whole process's): the same live
// set and the same churn of objects that live long enough to be promoted, once
// with V8's own growth and once limited; limited, the heap peaks far lower.
import { describe, expect, it } from 'vitest';
import { scriptResult } from '../support/script.js';

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

const peakMb = async (nodeArgs: string[], args: string[]) => (await scriptResult<{ peakMb: number }>(SCRIPT, { nodeArgs, args })).peakMb;

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
