// A module's folder comes from fileURLToPath(import.meta.url), never from the
// URL's .pathname: .pathname keeps percent-escapes (a checkout in
// "/home/me/My Projects" becomes "/home/me/My%20Projects", which does not
// exist) and on Windows gives "/C:/…". Checked in every script and source file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FOLDERS = ['scripts', 'bench', 'src', 'tests', 'drizzle.config.ts', 'vitest.config.ts', 'eslint.config.js'];
const CODE = /\.(m?[jt]s|cjs)$/;
/** `new URL(…, import.meta.url).pathname`, `import.meta.url.pathname`, or stripping the file:// prefix by hand. */
const BY_HAND = /import\.meta\.url\s*\)?\s*\.pathname|import\.meta\.url\s*\.(replace|slice|substring)\(|new URL\(\s*import\.meta\.url\s*\)\s*\.pathname/;

function files(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    return [];
  }
  if (st.isFile()) return CODE.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' || name === 'dist' ? [] : files(join(path, name))));
}

describe('file paths from import.meta.url', () => {
  it('the pattern catches the mistake', () => {
    expect(BY_HAND.test("const root = new URL('..', import.meta.url).pathname;")).toBe(true);
    expect(BY_HAND.test("const here = import.meta.url.replace('file://', '');")).toBe(true);
    expect(BY_HAND.test("const root = fileURLToPath(new URL('..', import.meta.url));")).toBe(false);
  });

  it('no script or source file turns a file URL into a path by hand', () => {
    const offenders = FOLDERS.flatMap(files)
      .filter((f) => !f.endsWith('file-urls.test.ts'))
      .filter((f) => BY_HAND.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
