// Builds the single executable: dist/finance-bot (Node SEA).
// 1. bundle src/main.ts and its dependencies into one CommonJS file (esbuild), kept Latin-1;
// 2. embed it with V8's code cache for it, and as assets better-sqlite3's native addon, drizzle/,
//    locales/, the Mini App's built page, Swagger UI's files and the charts' resources;
// 3. inject the blob into a copy of this Node binary (postject), then copy the result into dist/.
// The binary runs on machines with the same OS, CPU architecture and libc.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWebapp } from './build-webapp.mjs';
import { APP_BUNDLE, OPTIONAL_PEERS } from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'sea');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

await build({
  ...APP_BUNDLE,
  format: 'cjs',
  outfile: join(out, 'main.cjs'),
  define: { 'import.meta.url': '__seaImportMetaUrl' },
  banner: {
    js: "const __seaImportMetaUrl = require('node:url').pathToFileURL(typeof __filename === 'string' ? __filename : process.execPath).href;",
  },
  // Optional native or dev-only peers, loaded by their users inside try/catch:
  // replaced by a module that throws, so the executable never asks its
  // builtin-only require() for them.
  plugins: [
    {
      name: 'optional-peers',
      setup(b) {
        const filter = new RegExp(`^(${OPTIONAL_PEERS.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
        b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'optional-peer' }));
        b.onLoad({ filter: /.*/, namespace: 'optional-peer' }, (a) => ({ contents: `throw new Error(${JSON.stringify(`${a.path} is not part of the single executable`)});`, loader: 'js' }));
      },
    },
  ],
  // V8 keeps a script's source in memory: minified (names kept, for error
  // classes and plugin names) it is about half the 9 MB bundle.
  minify: true,
  keepNames: true,
});

// V8 keeps the script's source for as long as the process runs: Latin-1 text is one byte a
// character, but a single character beyond it (a regular expression or String.raw written with
// "€" or "к": esbuild escapes those only in plain strings) makes it two bytes a character, 8 MB
// instead of 4. Write such characters as \u escapes in regular expressions and String.raw.
{
  const bundle = readFileSync(join(out, 'main.cjs'), 'utf8');
  const wide = [...bundle.matchAll(/[\u0100-\uffff]/g)].slice(0, 5).map((m) => JSON.stringify(bundle.slice(Math.max(0, m.index - 40), m.index + 10)));
  if (wide.length) throw new Error(`the bundle has characters beyond Latin-1 (write them as \\u escapes), e.g.:\n  ${wide.join('\n  ')}`);
}

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
const assets = {};
for (const dir of ['drizzle', 'locales']) for (const file of walk(join(root, dir))) assets[relative(root, file)] = file;
// The Mini App's built page (built afresh here, so the binary never carries a stale one).
const webapp = (await buildWebapp({ outDir: join(out, 'webapp') })).outDir;
for (const file of walk(webapp)) assets[join('webapp', relative(webapp, file))] = file;
const swaggerUi = join(root, 'node_modules', '@fastify', 'swagger-ui', 'static');
for (const file of walk(swaggerUi)) assets[join('swagger-ui', relative(swaggerUi, file))] = file;
// Charts: resvg's WebAssembly module and the DejaVu Sans fonts with their licence (src/runtime/chart-assets.ts reads them from charts/).
assets['charts/resvg.wasm'] = join(root, 'node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm');
for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) assets[`charts/${font}`] = join(root, 'node_modules', 'dejavu-fonts-ttf', 'ttf', font);
assets['charts/LICENSE-DejaVu'] = join(root, 'node_modules', 'dejavu-fonts-ttf', 'LICENSE');
assets['better_sqlite3.node'] = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
// The content hash names the extraction folder, so a new build never runs on an older build's files.
// Each file's own SHA-256 is checked at startup before anything is loaded from the unpacked copy.
const hash = createHash('sha256');
const sha256 = {};
for (const key of Object.keys(assets).sort()) {
  const data = readFileSync(assets[key]);
  hash.update(key).update('\0').update(data);
  sha256[key] = createHash('sha256').update(data).digest('hex');
}
const manifest = { version: pkg.version, contentHash: hash.digest('hex'), files: Object.keys(assets).sort(), sha256 };
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
assets['manifest.json'] = join(out, 'manifest.json');

writeFileSync(
  join(out, 'sea-config.json'),
  JSON.stringify(
    {
      main: join(out, 'main.cjs'),
      output: join(out, 'app.blob'),
      disableExperimentalSEAWarning: true,
      // The main script's compiled code is embedded (V8's code cache): compiling the 4 MB bundle at
      // every start took ~0.3 s and left ~25 MB of the parser's freed memory resident in the idle
      // process. Its one cost, import() not working, does not apply: esbuild turned every import()
      // of ours into a require of the bundle (only bullmq's sandboxed processors, unused, call import()).
      useCodeCache: true,
      assets,
    },
    null,
    2,
  ),
);
execFileSync(process.execPath, ['--experimental-sea-config', join(out, 'sea-config.json')], { stdio: 'inherit' });
// postject writes the file in large writes, which Linux (ext4, 6.x) keeps in the page cache in large
// folios (up to 2 MB), and a process maps a whole folio on its first touch: run from that file, `all`
// with the bot counted ~19 MB more resident file pages (108 MB idle instead of 90) until the file
// left the page cache. The finished file is copied into place instead, as an installation copies it
// (copy_file_range: small folios). No memory in use changes, only how much of the cached file each
// start maps; RssAnon is the same either way.
const injected = join(out, 'finance-bot');
copyFileSync(process.execPath, injected);
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'postject', 'dist', 'cli.js'), injected, 'NODE_SEA_BLOB', join(out, 'app.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
  { stdio: 'inherit' },
);
const binary = join(root, 'dist', 'finance-bot');
copyFileSync(injected, binary);
chmodSync(binary, 0o755);
rmSync(injected);
console.log(`built ${relative(process.cwd(), binary)} (${(statSync(binary).size / 1e6).toFixed(1)} MB)`);
