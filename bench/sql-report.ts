// The report of bench/sql-times.mjs (the app's SQL, timed by statement): read from
// the file its process wrote at exit, divided by the operations (updates, requests)
// the caller counted while it measured.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quantile } from './measure.js';

/** Node flags and environment that load the timer into an app process writing into `dir`. */
export function sqlTimesProcess(dir: string): { flags: string[]; env: Record<string, string> } {
  return { flags: ['--import', pathToFileURL(resolve('bench/sql-times.mjs')).href], env: { SQL_TIMES_DIR: resolve(dir) } };
}

/** The timer's count starts over (at the start of the measured load). */
export const restartSqlTimes = (pid: number): void => void process.kill(pid, 'SIGUSR2');

type Dump = { statements: Array<[sql: string, calls: number, ns: number]>; commits: number[] };

/** Lines of text: each statement's calls and µs per operation, most costly first, and the COMMITs' spread. */
export function sqlTimesReport(dir: string, pid: number, ops: number, unit: string, top = 20): string[] {
  const dump = JSON.parse(readFileSync(join(dir, `sql-${pid}.json`), 'utf8')) as Dump;
  const rows = [...dump.statements].sort((a, b) => b[2] - a[2]);
  const totalUs = rows.reduce((s, r) => s + r[2], 0) / 1000 / ops;
  const lines = [
    `SQL on the app's thread: ${totalUs.toFixed(0)} µs per ${unit} (${rows.length} statements)`,
    `  µs/${unit}  calls/${unit}  µs/call  statement`,
    ...rows
      .slice(0, top)
      .map(
        ([sql, calls, ns]) =>
          `  ${(ns / 1000 / ops).toFixed(1).padStart(7)}  ${(calls / ops).toFixed(2).padStart(11)}  ${(ns / 1000 / calls).toFixed(1).padStart(7)}  ${sql.length > 110 ? `${sql.slice(0, 110)}…` : sql}`,
      ),
  ];
  const c = [...dump.commits].sort((a, b) => a - b);
  if (c.length > 0) {
    const us = (q: number) => (quantile(c, q) / 1000).toFixed(0);
    const slow = c.filter((ns) => ns > 2e6);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / 1e6;
    lines.push(
      `  COMMIT (${(c.length / ops).toFixed(3)} per ${unit}): p50 ${us(0.5)} µs, p90 ${us(0.9)}, p99 ${us(0.99)}, max ${us(1)};` +
        ` ${slow.length} over 2 ms (checkpoints, fsyncs) took ${sum(slow).toFixed(0)} of its ${sum(c).toFixed(0)} ms`,
    );
  }
  return lines;
}
