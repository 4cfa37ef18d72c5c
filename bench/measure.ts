// Timing helpers shared by the benchmark parts.

/** Mean wall-clock milliseconds of `fn` over `n` runs after one warm-up. */
export function meanMs(n: number, fn: () => unknown): number {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}
