// What a test leaves behind (temporary folders, servers, processes), removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export type Cleanups = {
  /** Runs `fn` after this test, before the ones pushed earlier (last in, first out). */
  push(fn: () => unknown): void;
  /** A new temporary folder `<prefix>…`, removed after this test. */
  tempDir(prefix: string): string;
};

/** The clean-ups of one test file's tests: call at the top of the file (it registers an afterEach). */
export function cleanupsAfterEach(): Cleanups {
  const stack: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of stack.splice(0).reverse()) await c();
  });
  return {
    push: (fn) => stack.push(fn),
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      stack.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
