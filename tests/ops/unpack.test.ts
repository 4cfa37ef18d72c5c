// The single executable's unpacking: a private folder per user, each file
// checked against the build's hash, planted or changed files never used, and
// a clear error when no location works.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { privateDirProblem, unpackFirstUsable, unpackInto, type EmbeddedFile } from '../../src/runtime/unpack.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function embedded(files: Record<string, string>): EmbeddedFile[] {
  return Object.entries(files).map(([name, text]) => ({ name, sha256: createHash('sha256').update(text).digest('hex'), read: () => Buffer.from(text) }));
}

const FILES = { 'better_sqlite3.node': 'the real addon', 'locales/en/bot.ftl': 'hello = Hello' };

describe('single executable: unpacking', () => {
  it('creates a 0700 folder and refuses one that others can enter, a symlink, or another user’s', () => {
    root = mkdtempSync(join(tmpdir(), 'fb-unpack-'));
    const mine = join(root, 'cache');
    expect(privateDirProblem(mine)).toBeNull();
    expect(statSync(mine).mode & 0o777).toBe(0o700);
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(privateDirProblem(open)).toMatch(/open to other users/);
    const link = join(root, 'link');
    symlinkSync(mine, link);
    expect(privateDirProblem(link)).toMatch(/symbolic link/);
    if (process.getuid?.() === 0) {
      const theirs = join(root, 'theirs');
      mkdirSync(theirs, { mode: 0o700 });
      chownSync(theirs, 4242, 4242);
      expect(privateDirProblem(theirs)).toMatch(/belongs to uid 4242/);
    }
  });

  it('replaces a planted file instead of loading it, and leaves good files alone', () => {
    root = mkdtempSync(join(tmpdir(), 'fb-unpack-'));
    const dir = join(root, 'cache', '0.1.0-abc');
    mkdirSync(join(dir, 'locales', 'en'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'better_sqlite3.node'), 'evil code planted by someone');
    writeFileSync(join(dir, 'locales', 'en', 'bot.ftl'), FILES['locales/en/bot.ftl']);
    const { rewritten } = unpackInto(dir, embedded(FILES));
    expect(rewritten).toEqual(['better_sqlite3.node']);
    expect(readFileSync(join(dir, 'better_sqlite3.node'), 'utf8')).toBe('the real addon');
  });

  it('falls back to the next location when one is refused or cannot load the addon, with every reason when none works', () => {
    root = mkdtempSync(join(tmpdir(), 'fb-unpack-'));
    const shared = join(root, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const noexec = join(root, 'noexec');
    const good = join(root, 'good');
    const loaded: string[] = [];
    const dir = unpackFirstUsable({
      locations: [shared, noexec, good],
      subdir: 'v1',
      files: embedded(FILES),
      accept: (d) => {
        if (d.startsWith(noexec)) throw new Error('failed to map segment from shared object');
        loaded.push(d);
      },
    });
    expect(dir).toBe(join(good, 'v1'));
    expect(loaded).toEqual([join(good, 'v1')]);
    expect(() =>
      unpackFirstUsable({
        locations: [shared, noexec],
        subdir: 'v1',
        files: embedded(FILES),
        accept: () => {
          throw new Error('failed to map segment from shared object');
        },
      }),
    ).toThrow(/shared: is open to other users[\s\S]*noexec\/v1: failed to map segment[\s\S]*TMPDIR/);
  });

  it('refuses an executable whose embedded file does not match its own manifest', () => {
    root = mkdtempSync(join(tmpdir(), 'fb-unpack-'));
    const files = embedded(FILES).map((f) => (f.name === 'better_sqlite3.node' ? { ...f, read: () => Buffer.from('tampered') } : f));
    expect(() => unpackInto(join(root!, 'x'), files)).toThrow(/does not match the build's manifest/);
  });
});
