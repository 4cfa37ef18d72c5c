// Timing and memory helpers shared by the benchmark parts.
import { readFileSync } from 'node:fs';

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The value at fraction `x` (0.99: p99) of values sorted ascending; NaN when there are none. */
export function quantile(sorted: readonly number[], x: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * x))] ?? NaN;
}

/**
 * The ratio of a figure to its baseline from alternating rounds: the median of
 * each round's ratio (a figure and its baseline measured back to back see the
 * same speed of the machine, which drifts between rounds), not the ratio of
 * the two medians, which pairs rounds that ran at different speeds.
 */
export function pairedRatio(figure: readonly number[], baseline: readonly number[]): number {
  if (figure.length === 0 || figure.length !== baseline.length) throw new Error('pairedRatio needs one baseline per round');
  return median(figure.map((x, i) => x / baseline[i]!));
}

/** Mean wall-clock milliseconds of `fn` over `n` runs after one warm-up. */
export function meanMs(n: number, fn: () => unknown): number {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

/** A /proc/<pid>/status figure in MB (VmRSS: the resident set; RssAnon: its anonymous part); NaN once the process is gone. */
export function rssMb(pid: number, field = 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Seconds in one of /proc's CPU ticks (USER_HZ). */
export const CPU_TICK_S = 1 / 100;

/** The CPU time a process has used so far (user + system, every thread: V8's GC threads included), in /proc's ticks (CPU_TICK_S). */
export function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime
}
