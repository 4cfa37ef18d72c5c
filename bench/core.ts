// First benchmark: how many ledger transactions per second the domain core posts
// (each its own durable SQLite transaction: the transaction row, which is also its
// posting (postings are a view, migration 0021), the cached balance and its audit event) next to the floor of what SQLite can do on
// the same machine with the same pragmas: raw single-row inserts, each in its own
// BEGIN IMMEDIATE … COMMIT, into a table with the columns of `transactions`.
// Both are measured in the same run, alternating rounds, for synchronous=FULL (the
// app's default) and NORMAL. Figures are printed, never asserted.
//
//   part of npm run bench              (BENCH_ROUNDS=7 BENCH_ROUND_MS=1000 BENCH_SYNC=FULL to tune)
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase, type Connection, type Synchronous } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { median, pairedRatio } from './measure.js';
import { createFamily, createTransaction, ensureTelegramUser, listCategories, listWallets, type CoreDeps } from '../src/domain/index.js';
import { INSERT_EVENT_SQL } from '../src/domain/events/events.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 1000);
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 500);
const SYNCS: Synchronous[] = process.env['BENCH_SYNC'] === 'FULL' || process.env['BENCH_SYNC'] === 'NORMAL' ? [process.env['BENCH_SYNC']] : ['FULL', 'NORMAL'];
let DIR = '.';

type Subject = { op: (i: number) => void; close: () => void; sqlite: Fixture['conn']['sqlite'] };

/** The raw insert: one row of an executed expense into `table` (the migrated `transactions`, or its bare copy). */
const rawInsertSql = (table: string) => `INSERT INTO ${table} (family_id, kind, from_wallet_id, amount_minor, currency, category_id, description, status, source, created_by, executed_at, request_hash, created_at, updated_at)
     VALUES (?, 'expense', ?, ?, 'USD', ?, 'bench', 'executed', 'api', ?, ?, 'hash', ?, ?)`;
export type Fixture = { conn: Connection; deps: CoreDeps; owner: number; familyId: number; walletId: number; expenseId: number };

/** The functions fixture() calls: this tree's by default; bench/core-cpu.ts passes another tree's. */
export type FixtureApi = {
  openDatabase: typeof openDatabase;
  runMigrations: typeof runMigrations;
  ensureTelegramUser: typeof ensureTelegramUser;
  createFamily: typeof createFamily;
  listWallets: typeof listWallets;
  listCategories: typeof listCategories;
  createTransaction: typeof createTransaction;
};
const thisTree: FixtureApi = { openDatabase, runMigrations, ensureTelegramUser, createFamily, listWallets, listCategories, createTransaction };

/** A migrated database file (`file` in the bench's folder, or a path) with the app's pragmas, a family and a well-funded Cash wallet. */
export function fixture(file: string, sync: Synchronous, api: FixtureApi = thisTree): Fixture {
  const { openDatabase, runMigrations, ensureTelegramUser, createFamily, listWallets, listCategories, createTransaction } = api;
  const conn = openDatabase(resolve(DIR, file), { synchronous: sync });
  runMigrations(conn.db);
  const deps: CoreDeps = { db: conn.db, clock: () => Date.now() };
  const owner = ensureTelegramUser(deps, { chatId: 1, firstName: 'Bench' }).user.id;
  const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'USD' }).id;
  const walletId = listWallets(deps, owner, familyId)[0]!.id;
  const cats = listCategories(deps, owner, familyId);
  const expenseId = cats.find((c) => c.kind === 'expense')!.id;
  const incomeId = cats.find((c) => c.kind === 'income')!.id;
  createTransaction(deps, owner, { familyId, toWalletId: walletId, amountMinor: 1_000_000_000_000, categoryId: incomeId });
  return { conn, deps, owner, familyId, walletId, expenseId };
}

/**
 * Raw better-sqlite3: one prepared INSERT of the same row into the same
 * `transactions` table (its indexes and foreign keys included), each in its own
 * BEGIN IMMEDIATE … COMMIT. With `bare`, into a copy of the columns without
 * indexes or foreign keys: the floor of a durable write on this machine.
 */
function rawSubject(sync: Synchronous, bare: boolean): Subject {
  const f = fixture(`raw-${bare ? 'bare-' : ''}${sync}.db`, sync);
  const sqlite = f.conn.sqlite;
  let table = 'transactions';
  if (bare) {
    table = 'bare_transactions';
    sqlite.exec(`CREATE TABLE bare_transactions AS SELECT * FROM transactions WHERE 0`);
  }
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const insert = sqlite.prepare(rawInsertSql(table));
  const commit = sqlite.prepare('COMMIT');
  return {
    op: (i) => {
      const now = Date.now();
      begin.run();
      insert.run(f.familyId, f.walletId, 100 + (i % 1000), f.expenseId, f.owner, now, now, now);
      commit.run();
    },
    close: f.conn.close,
    sqlite,
  };
}

/**
 * The core's three writes without the core: the raw insert's row, the cached
 * balance's UPDATE and the audit event (the app's own INSERT_EVENT_SQL), hand
 * written in one BEGIN IMMEDIATE … COMMIT. Between raw and core: raw / this is
 * what the two more b-trees alone cost the core's ratio, this / core the
 * core's own work (its reads, checks and code) above the SQL it must write.
 */
function writesSubject(sync: Synchronous): Subject {
  const f = fixture(`writes-${sync}.db`, sync);
  const sqlite = f.conn.sqlite;
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const insert = sqlite.prepare(rawInsertSql('transactions'));
  const balance = sqlite.prepare('UPDATE wallets SET balance_minor = balance_minor + ? WHERE id = ?');
  const event = sqlite.prepare(INSERT_EVENT_SQL);
  const commit = sqlite.prepare('COMMIT');
  const fam = f.familyId;
  return {
    op: (i) => {
      const now = Date.now();
      const amount = 100 + (i % 1000);
      begin.run();
      const id = insert.run(fam, f.walletId, amount, f.expenseId, f.owner, now, now, now).lastInsertRowid;
      balance.run(-amount, f.walletId);
      const payload = JSON.stringify({ kind: 'expense', amountMinor: amount, currency: 'USD', fromWalletId: f.walletId, categoryId: f.expenseId });
      event.run(fam, fam, fam, fam, fam, fam, f.owner, 'transaction.created', 'transaction', String(id), payload, now);
      commit.run();
    },
    close: f.conn.close,
    sqlite,
  };
}

/** The domain core: createTransaction by the owner (executes at once), an expense from the funded wallet. */
function coreSubject(sync: Synchronous): Subject {
  const f = fixture(`core-${sync}.db`, sync);
  return {
    op: (i) => {
      createTransaction(f.deps, f.owner, { familyId: f.familyId, fromWalletId: f.walletId, amountMinor: 100 + (i % 1000), categoryId: f.expenseId, description: 'bench' });
    },
    close: f.conn.close,
    sqlite: f.conn.sqlite,
  };
}

/**
 * The raw durable insert (the HTTP POSTs' baseline), measured by the caller
 * between its other rounds: `measure(ms)` runs it for ms milliseconds.
 */
export function rawInsertRunner(dir: string, sync: Synchronous): { measure(ms: number): number; close(): void } {
  DIR = dir;
  const s = rawSubject(sync, false);
  return { measure: (ms) => timed(s, ms), close: s.close };
}

let counter = 0;
/** Runs `op` for about `ms` milliseconds; returns operations per second. */
function timed(s: Subject, ms: number): number {
  const start = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  let n = 0;
  let elapsed = 0n;
  do {
    s.op(counter++);
    n++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return n / (Number(elapsed) / 1e9);
}

const KINDS = ['bare', 'raw', 'writes', 'core'] as const;
type Kind = (typeof KINDS)[number];
type Row = { sync: Synchronous } & Record<Kind, number[]> & { frames: Record<Kind, number> };

/** Commits to count WAL frames over (after the timed rounds). */
const FRAME_OPS = 500;

/**
 * WAL frames (pages) one operation's commit writes, page splits included: the
 * WAL's growth over FRAME_OPS operations with automatic checkpoints off.
 */
function framesPerOp(s: Subject): number {
  const { sqlite } = s;
  const autocheckpoint = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('wal_autocheckpoint = 0');
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  for (let i = 0; i < FRAME_OPS; i++) s.op(counter++);
  // A frame is a 24-byte header and a page; the file opens with a 32-byte header.
  const frames = (statSync(`${sqlite.name}-wal`).size - 32) / (pageSize + 24) / FRAME_OPS;
  sqlite.pragma(`wal_autocheckpoint = ${String(autocheckpoint)}`);
  return frames;
}

function measure(sync: Synchronous): Row {
  const subjects: Record<Kind, Subject> = { bare: rawSubject(sync, true), raw: rawSubject(sync, false), writes: writesSubject(sync), core: coreSubject(sync) };
  for (const s of Object.values(subjects)) timed(s, WARMUP_MS);
  const rates: Record<Kind, number[]> = { bare: [], raw: [], writes: [], core: [] };
  // Alternate so that drift (WAL growth, page cache, other load) hits all alike.
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of KINDS) rates[k].push(timed(subjects[k], ROUND_MS));
  }
  const frames = Object.fromEntries(KINDS.map((k) => [k, framesPerOp(subjects[k])])) as Record<Kind, number>;
  for (const s of Object.values(subjects)) s.close();
  return { sync, ...rates, frames };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** Microseconds per operation at `opsPerSecond`. */
const micros = (opsPerSecond: number): number => 1e6 / opsPerSecond;

/**
 * ratio: core / raw paired by round; extraMicros: core µs/op − raw µs/op paired by round (medians);
 * writes: the hand-written writes (writesSubject), writesRatio: writes / raw, ownRatio: core / writes (paired).
 */
export type CoreFigures = {
  sync: Synchronous;
  raw: number;
  core: number;
  bare: number;
  ratio: number;
  extraMicros: number;
  writes: number;
  writesRatio: number;
  ownRatio: number;
  frames: Record<Kind, number>;
};

/** The core next to raw inserts, per synchronous mode; Markdown lines and the medians. */
export function runCoreBench(dir: string): { lines: string[]; figures: CoreFigures[] } {
  DIR = dir;
  const rows = SYNCS.map((s) => {
    process.stderr.write(`core: measuring synchronous=${s}…\n`);
    return measure(s);
  });
  const figures = rows.map((r) => ({
    sync: r.sync,
    raw: median(r.raw),
    core: median(r.core),
    bare: median(r.bare),
    ratio: pairedRatio(r.core, r.raw),
    extraMicros: median(r.core.map((c, i) => micros(c) - micros(r.raw[i]!))),
    writes: median(r.writes),
    writesRatio: pairedRatio(r.writes, r.raw),
    ownRatio: pairedRatio(r.core, r.writes),
    frames: r.frames,
  }));
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const frames = (f: CoreFigures) => KINDS.map((k) => `${k} ${f.frames[k].toFixed(2)}`).join(', ');
  const lines = [
    '| synchronous | raw INSERT into `transactions` (ops/s) | `createTransaction` through the core (ops/s) | core / raw | core µs/op − raw µs/op | raw INSERT, bare table (ops/s) |',
    '|---|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.sync}${f.sync === 'FULL' ? ' (default)' : ''} | ${fmt(f.raw)} | ${fmt(f.core)} | ${pct(f.ratio)} | ${fmt(f.extraMicros)} | ${fmt(f.bare)} |`),
    '',
    `- ${ROUNDS} alternating rounds of ${ROUND_MS} ms after ${WARMUP_MS} ms warm-up; medians (core / raw and the difference: medians of each round's, core against the raw insert of its round). Rounds (ops/s):`,
    ...rows.map((r) => `  ${r.sync}: raw [${r.raw.map(fmt).join(', ')}], core [${r.core.map(fmt).join(', ')}], bare [${r.bare.map(fmt).join(', ')}], the core's writes by hand [${r.writes.map(fmt).join(', ')}]`),
    '- Core: an executed expense by the owner (membership, wallet, category, threshold and funds checks, the transaction row (its',
    '  posting: a view of it), the cached balance, the audit event) in one BEGIN IMMEDIATE … COMMIT. Raw: the same transaction row alone, one',
    '  prepared INSERT per BEGIN IMMEDIATE … COMMIT, into the migrated `transactions` table (bare: a copy without indexes).',
    "- Where the core's gap to raw goes. The core's three writes by hand (the raw row, the balance's UPDATE and the app's audit-event",
    `  INSERT in one BEGIN IMMEDIATE … COMMIT, no reads or checks): ${figures.map((f) => `${pct(f.writesRatio)} of raw under ${f.sync}`).join(', ')}; the two b-trees`,
    `  raw does not write. The core against those writes: ${figures.map((f) => `${pct(f.ownRatio)} under ${f.sync}`).join(', ')}; its own reads, checks and code.`,
    `  WAL frames a commit writes (page splits included, over ${FRAME_OPS} commits): ${figures.map((f) => `${f.sync}: ${frames(f)}`).join('; ')}.`,
  ];
  return { lines, figures };
}

export { fmt };
