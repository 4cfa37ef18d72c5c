// `npm start` rebuilds only when a build input changed: checked in a copy of
// the script inside a scratch project whose build counts its runs.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm start: build only when stale', () => {
  it('skips the build when nothing changed and rebuilds after a source change', () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-start-'));
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'src'));
    copyFileSync('scripts/build-if-stale.mjs', join(dir, 'scripts', 'build-if-stale.mjs'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const a = 1;\n');
    const build = "node -e \"const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.writeFileSync('dist/main.js','');fs.appendFileSync('builds','x')\"";
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, scripts: { build } }));
    const start = () => execFileSync(process.execPath, [join(dir!, 'scripts', 'build-if-stale.mjs')], { cwd: dir, stdio: 'pipe' });
    const builds = () => readFileSync(join(dir!, 'builds'), 'utf8').length;
    start();
    expect(builds()).toBe(1);
    start();
    expect(builds()).toBe(1);
    appendFileSync(join(dir, 'src', 'main.ts'), 'export const b = 2;\n');
    start();
    expect(builds()).toBe(2);
    start();
    expect(builds()).toBe(2);
  });
});
