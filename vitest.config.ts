import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll (the Chromium tests' waits for the page) gives up after 1 s by
    // default: a cold page's first requests took longer on a loaded CI machine.
    // A condition that never holds still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Two cores: e2e tests spawn processes; keep parallelism modest.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
