// Preloaded (--import) by bench/bot-cost.ts --sql-times and bench/post-cpu.ts (POST_CPU_SQL_TIMES=dir):
// the time each SQL statement takes on the app's thread, summed by its text. better-sqlite3's
// prepare() and exec() are wrapped, so every run/get/all of a prepared statement and every exec
// is timed, and an iterate() as the sum of its steps.
// SIGUSR2 starts the count over (the caller sends it when its measured load begins);
// at the process's exit the sums are written to $SQL_TIMES_DIR/sql-<pid>.json as
// { statements: [sql, calls, ns][], commits: ns[] } (every COMMIT's own time, for its spread).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const Database = createRequire(import.meta.url)('better-sqlite3');
const now = process.hrtime.bigint;
/** sql → [calls, ns] */
let sums = new Map();
let commits = [];
const add = (sql, ns, calls = 1) => {
  const s = sums.get(sql);
  if (s) {
    s[0] += calls;
    s[1] += ns;
  } else sums.set(sql, [calls, ns]);
  if (sql === 'COMMIT') commits.push(ns);
};
const timed = (sql, fn) =>
  function (...args) {
    const start = now();
    try {
      return fn.apply(this, args);
    } finally {
      add(sql, Number(now() - start));
    }
  };

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql) {
  const stmt = prepare.call(this, sql);
  const text = sql.replace(/\s+/g, ' ').trim();
  for (const m of ['run', 'get', 'all']) stmt[m] = timed(text, stmt[m]);
  const iterate = stmt.iterate;
  stmt.iterate = function (...args) {
    const start = now();
    const rows = iterate.apply(this, args);
    add(text, Number(now() - start));
    // Each step counts towards the same call.
    const step = (fn) => (...a) => {
      const t = now();
      try {
        return fn.apply(rows, a);
      } finally {
        add(text, Number(now() - t), 0);
      }
    };
    return { next: step(rows.next), return: step(rows.return), [Symbol.iterator]() { return this; } };
  };
  return stmt;
};
const exec = Database.prototype.exec;
/** sql → exec timed under its label: the label is made once per text, not at every call of the measured process. */
const execs = new Map();
Database.prototype.exec = function (sql) {
  let fn = execs.get(sql);
  if (fn === undefined) execs.set(sql, (fn = timed(`exec: ${sql.replace(/\s+/g, ' ').trim()}`, exec)));
  return fn.call(this, sql);
};

process.on('SIGUSR2', () => {
  sums = new Map();
  commits = [];
});
process.on('exit', () => {
  const statements = [...sums].map(([sql, [calls, ns]]) => [sql, calls, ns]);
  writeFileSync(join(process.env.SQL_TIMES_DIR ?? '.', `sql-${process.pid}.json`), JSON.stringify({ statements, commits }));
});
