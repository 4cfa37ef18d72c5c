// V8's young generation while the app starts. Loading the app's modules and
// the libraries' allocates a lot that lives for ever; V8 reads that survival
// as a sign of a busy program and doubles the young generation at each
// scavenge up to its maximum (16 MB per semi-space on 64-bit), so an idle
// process ends its start with ~30 MB of young-generation pages it touched once
// and keeps resident. main.ts holds the growth before loading anything else
// (--semi-space-growth-factor=1: the semi-spaces stay at their initial size;
// start-up survivors are promoted to the old generation sooner, where they
// would end anyway), and cli.ts releases it once every part has started, so
// under load V8 sizes the young generation exactly as before (up to its
// default or a --max-semi-space-size given in NODE_OPTIONS, as the Docker
// image does).
//
// Node documents v8.setFlagsFromString after start as unsupported in general;
// this flag is read each time V8 considers growing the young generation, which
// is what makes it work at run time (tests/ops/young-generation.test.ts checks
// it on the Node in use). On Node 24 V8 still grows the young generation some
// way while held, and the built app idles with ~5 MB less anonymous memory for
// it (30 against 35 MB). It works inside the single executable too, which
// Node 20 cannot give node flags (sea-config's execArgv came with Node 24.6).
import { setFlagsFromString } from 'node:v8';

/** V8's default --semi-space-growth-factor. */
const V8_DEFAULT_GROWTH_FACTOR = 2;

let held = false;

/** Keeps the young generation at its current size until releaseYoungGeneration(). */
export function holdYoungGeneration(): void {
  // A growth factor given on the command line is the operator's choice: left alone.
  if (held || process.execArgv.some((a) => a.startsWith('--semi-space-growth-factor'))) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** Lets the young generation grow again as V8 sees fit; call once the app has started. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setFlagsFromString(`--semi-space-growth-factor=${String(V8_DEFAULT_GROWTH_FACTOR)}`);
  held = false;
}
