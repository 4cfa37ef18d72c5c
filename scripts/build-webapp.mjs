// Builds the Telegram Mini App (src/webapp) into dist/webapp: one script and
// one stylesheet with content-hashed names, and an index.html that loads them
// (no inline script or style, for the strict CSP), by relative paths so the
// app also works under a PUBLIC_URL with a path prefix. The page's texts are the
// `webapp-*` messages of locales/*.ftl, bundled here so the page and the bot
// speak from the same Fluent files. Prints the page weight (gzipped) and
// fails above the budget.
//   node scripts/build-webapp.mjs [outDir]
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** JS + CSS, gzipped: what a phone downloads on first open. */
export const PAGE_WEIGHT_BUDGET = 150 * 1024;
export const WEBAPP_LOCALES = ['en', 'ru'];

/** Messages the page uses: its own, the role names it shares with the bot, and the default names (Cash, Groceries…) shown in the reader's language. */
const PAGE_KEY = /^(webapp-|role-|default-)/;

/** The page's messages of a Fluent file, as Fluent source (a message runs until the next unindented line). */
export function webappMessages(ftl) {
  const out = [];
  let keep = false;
  for (const line of ftl.split(/\r?\n/)) {
    const start = /^([a-zA-Z][\w-]*)\s*=/.exec(line);
    if (start) keep = PAGE_KEY.test(start[1]);
    // An indented line, or the closing brace of a select, continues the message; anything else (comment, blank, term) ends it.
    else if (!/^(\s+\S|\})/.test(line)) keep = false;
    if (keep) out.push(line);
  }
  return out.join('\n') + '\n';
}

const messagesPlugin = {
  name: 'webapp-messages',
  setup(b) {
    b.onResolve({ filter: /^virtual:messages$/ }, () => ({ path: 'messages', namespace: 'webapp-messages' }));
    b.onLoad({ filter: /.*/, namespace: 'webapp-messages' }, () => {
      const files = (l) => readdirSync(join(root, 'locales', l)).filter((f) => f.endsWith('.ftl')).sort().map((f) => join(root, 'locales', l, f));
      const messages = Object.fromEntries(WEBAPP_LOCALES.map((l) => [l, files(l).map((f) => webappMessages(readFileSync(f, 'utf8'))).join('')]));
      return { contents: `export default ${JSON.stringify(messages)};`, loader: 'js', watchFiles: WEBAPP_LOCALES.flatMap(files) };
    });
  },
};

export async function buildWebapp({ outDir = join(root, 'dist', 'webapp'), log = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(root, 'src', 'webapp', 'main.tsx') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Telegram's in-app browsers on phones from the last few years.
    target: ['chrome100', 'safari15', 'firefox100'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: outDir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [messagesPlugin],
  });
  const files = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = files.find((f) => f.endsWith('.js'));
  const css = files.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`webapp build produced ${files.join(', ')}`);
  const template = readFileSync(join(root, 'src', 'webapp', 'index.html'), 'utf8');
  writeFileSync(join(outDir, 'index.html'), template.replace('%APP_CSS%', `./${css}`).replace('%APP_JS%', `./${js}`));

  const weights = {};
  let total = 0;
  for (const f of readdirSync(outDir).filter((n) => /\.(js|css)$/.test(n))) {
    const gz = gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length;
    weights[f] = gz;
    total += gz;
  }
  if (log) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`webapp: ${Object.entries(weights).map(([f, n]) => `${f} ${kb(n)}`).join(', ')} gzipped; page weight ${kb(total)} of ${kb(PAGE_WEIGHT_BUDGET)}`);
  }
  if (total > PAGE_WEIGHT_BUDGET) throw new Error(`The Mini App weighs ${total} bytes gzipped, over its ${PAGE_WEIGHT_BUDGET}-byte budget`);
  return { outDir, js, css, gzippedBytes: total, weights };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWebapp(process.argv[2] ? { outDir: resolve(process.argv[2]) } : {});
}
