// What both bundles of the app (scripts/build.mjs for dist/, build-binary.mjs
// for the single executable) share: the entry point and target, and what they
// leave out.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** esbuild's options common to both: src/main.ts and everything it imports, for Node 20. */
export const APP_BUNDLE = {
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  // whatwg-url and tr46 (node-fetch's, under grammY) require Node's built-in
  // punycode, which Node 21+ deprecates with a warning at run time (DEP0040)
  // in every process that loads it. The same code from npm (punycode.js, of
  // which the built-in is a copy) is bundled in its place.
  alias: { punycode: 'punycode/' },
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Optional native or dev-only peers of our dependencies, loaded by their users
 * inside try/catch (msgpackr's native extension, pino-pretty, ws's native
 * helpers, ioredis's Valkey client, node-fetch's encoding): never bundled.
 */
export const OPTIONAL_PEERS = ['msgpackr-extract', 'pino-pretty', 'bufferutil', 'utf-8-validate', '@valkey/valkey-glide', 'encoding'];
