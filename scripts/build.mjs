// `npm run build`: the app into dist/ as a few ES modules (esbuild), and the
// Mini App's page into dist/webapp (build-webapp.mjs).
//
// Bundled, not compiled file by file: Node resolves, reads and compiles each
// module file on its own, and `all` with the bot loaded ~790 of them from
// tsc's tree (~240 ours, the rest grammY's, Fastify's, Drizzle's…) and took
// 0.85–1.1 s to start here; from the bundle ~50 files and ~0.55–0.6 s.
// Code loaded lazily (the bot, the HTTP API, Redis mode, charts, /docs) stays
// in its own chunks (`splitting`), so a role loads only what it runs.
// Type checking is `npm run lint` (tsc --noEmit); esbuild only strips types.
//
// Left to node_modules (see EXTERNAL): the native addon, and packages that
// read their own files beside their code at run time.
//   node scripts/build.mjs [outDir]   (default dist/)
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWebapp } from './build-webapp.mjs';
import { APP_BUNDLE, OPTIONAL_PEERS } from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

/**
 * Loaded from node_modules, not bundled: better-sqlite3 (a native addon,
 * found by its own path lookup); @fastify/swagger and @fastify/swagger-ui
 * (read their package.json and Swagger UI's static files beside their code;
 * /docs loads them on first use); thread-stream (pino's transports start its
 * worker file by path); bullmq and ioredis (Redis mode only, and bullmq
 * finds its sandbox files by path). OPTIONAL_PEERS are required inside
 * try/catch by their users and are usually not installed.
 */
const EXTERNAL = ['better-sqlite3', '@fastify/swagger', '@fastify/swagger-ui', 'thread-stream', 'bullmq', 'ioredis', ...OPTIONAL_PEERS];

// A fresh tree: files of an earlier build (or of the tsc build before this one) never linger.
// The single executable (dist/finance-bot, dist/sea) is build:binary's and stays.
mkdirSync(dist, { recursive: true });
for (const name of readdirSync(dist, { withFileTypes: true }).map((d) => d.name)) {
  if (name !== 'finance-bot' && name !== 'sea') rmSync(join(dist, name), { recursive: true, force: true });
}

await build({
  ...APP_BUNDLE,
  format: 'esm',
  splitting: true,
  outdir: dist,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  external: EXTERNAL,
  // Bundled CommonJS packages call require() and read __dirname/__filename, which an ES module
  // does not have: each output file defines them for itself.
  banner: {
    js: [
      "import { createRequire as __fbCreateRequire } from 'node:module';",
      "import { fileURLToPath as __fbFileURLToPath } from 'node:url';",
      "import { dirname as __fbDirname } from 'node:path';",
      'const require = __fbCreateRequire(import.meta.url);',
      'const __filename = __fbFileURLToPath(import.meta.url);',
      'const __dirname = __fbDirname(__filename);',
    ].join(' '),
  },
  sourcemap: true,
});
await buildWebapp({ outDir: join(dist, 'webapp') });
