// `npm start`'s prestart: rebuilds only when a build input changed since the
// last successful build, so a start with an up-to-date build costs a hash of
// the sources (tens of ms) instead of a build (~3 s).
// Inputs: src/, locales/ (the Mini App bundles its texts), the build scripts,
// tsconfig*.json, package.json and package-lock.json. The stamp (their SHA-256)
// is written to dist/.build-stamp only after `npm run build` succeeded.
//   node scripts/build-if-stale.mjs [--check]   (--check: exit 1 when stale, build nothing)
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'locales', 'scripts/build.mjs', 'scripts/bundle-options.mjs', 'scripts/build-webapp.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

export function sourceStamp() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(root, p)))) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const stamp = sourceStamp();
const current = existsSync(join(root, 'dist', 'main.js')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp;
if (process.argv.includes('--check')) process.exit(current ? 0 : 1);
if (!current) {
  process.stderr.write('Sources changed since the last build: building…\n');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
  // Sources edited during the build get a fresh build next time.
  if (sourceStamp() === stamp) writeFileSync(stampFile, `${stamp}\n`);
}
