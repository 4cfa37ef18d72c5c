// How far V8 lets the old generation grow past what survived its last full
// GC. V8 picks that factor itself, between 1.1 and 4, and picks the top when
// a program allocates fast: under a steady load the bot's process kept ~30 MB
// alive but let its heap reach ~135 MB of promoted garbage before each full
// GC, and its RSS passed 200 MB. A fixed factor of 1.5 (--heap-growing-percent=50)
// collects at ~45 MB instead: measured with the built app under the bot
// benchmark's webhook load, RSS 153–167 MB instead of 207–224 MB, at the same
// throughput (a full GC of ~30 MB takes a few ms, about once a second then).
//
// Set from inside the process once the app has started (start-up's own
// growth is left to V8's choice, so starting takes no extra full GCs), the way
// young-generation.ts releases its hold: a flag V8 reads each time it sets the
// next limit, so it takes effect from the next GC on (tests/ops/heap-growth.test.ts
// checks that on the Node in use), also inside the single executable, which
// Node 20 cannot give node flags. A value given on the command line
// (`node --heap-growing-percent=N dist/main.js`; 0 is V8's own choice) is left alone.
import { setFlagsFromString } from 'node:v8';

/** The old generation's growth past its live size before the next full GC, in percent. */
export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return;
  setFlagsFromString(`--heap-growing-percent=${String(percent)}`);
}
