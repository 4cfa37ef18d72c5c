// Looking at the database from a test: typed errors, row counts, whole-database
// snapshots (to prove a refused command changed nothing) and ledger invariants.
import type { Sqlite } from '../../../src/db/connection.js';
import { DomainError, type CoreDeps, type DomainErrorCode } from '../../../src/domain/index.js';
import { allRows } from '../../support/db.js';

/** Runs `fn` and returns the DomainError it throws; fails the test if it throws nothing or something else. */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('Expected a DomainError, but the call succeeded');
}

/** "ok" when `fn` succeeds, else the DomainError code (other errors fail the test). */
export function outcomeOf(fn: () => unknown): 'ok' | DomainErrorCode {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

// Drizzle's better-sqlite3 handle carries its client; the DB type just does not say so.
const sqliteOf = (deps: CoreDeps): Sqlite => (deps.db as CoreDeps['db'] & { $client: Sqlite }).$client;

export function count(deps: CoreDeps, table: string, where = '1 = 1', ...params: unknown[]): number {
  const row = sqliteOf(deps).prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number };
  return row.n;
}

export function rows<T = Record<string, unknown>>(deps: CoreDeps, query: string, ...params: unknown[]): T[] {
  return sqliteOf(deps).prepare(query).all(...params) as T[];
}

/** Every row of every application table, as one string: equal snapshots mean nothing was written. */
export function snapshot(deps: CoreDeps): string {
  const db = sqliteOf(deps);
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`)
    .all() as Array<{ name: string }>;
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = allRows(db, name);
  return JSON.stringify(out);
}

export type EventRow = { id: number; family_id: number | null; actor_user_id: number | null; action: string; entity_type: string; entity_id: string; payload: string };

export function eventsFor(deps: CoreDeps, entityType: string, entityId: number): EventRow[] {
  return rows<EventRow>(deps, 'SELECT * FROM event_log WHERE entity_type = ? AND entity_id = ? ORDER BY id', entityType, String(entityId));
}

export type OutboxRow = { id: number; topic: string; payload: string; status: string };

export function outboxRows(deps: CoreDeps, topic?: string): Array<OutboxRow & { data: Record<string, unknown> }> {
  const list = topic ? rows<OutboxRow>(deps, 'SELECT * FROM outbox WHERE topic = ? ORDER BY id', topic) : rows<OutboxRow>(deps, 'SELECT * FROM outbox ORDER BY id');
  return list.map((r) => ({ ...r, data: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** A transaction's postings (the view of drizzle/0021: its paying side, then its receiving side). */
export function postingsOf(deps: CoreDeps, transactionId: number): Array<{ wallet_id: number; amount_minor: number }> {
  return rows(deps, 'SELECT wallet_id, amount_minor FROM postings WHERE transaction_id = ?', transactionId);
}

/**
 * The ledger's invariants over the whole database; returns a list of violations
 * (empty when all hold) so a property test can report every broken one.
 */
export function ledgerViolations(deps: CoreDeps): string[] {
  const bad: string[] = [];
  const cached = rows<{ id: number; balance_minor: number; allow_negative: number; credit_limit_minor: number | null; sum: number }>(
    deps,
    `SELECT w.id, w.balance_minor, w.allow_negative, w.credit_limit_minor, coalesce((SELECT sum(p.amount_minor) FROM postings p WHERE p.wallet_id = w.id), 0) AS sum FROM wallets w`,
  );
  for (const w of cached) {
    if (w.balance_minor !== w.sum) bad.push(`wallet ${w.id}: cached ${w.balance_minor} != postings ${w.sum}`);
    // A card may go down to minus its credit limit; allow_negative has no floor.
    if (!w.allow_negative && w.balance_minor < -(w.credit_limit_minor ?? 0)) bad.push(`wallet ${w.id} may not go below ${-(w.credit_limit_minor ?? 0)} but holds ${w.balance_minor}`);
  }
  // Postings are a view of the executed entries (drizzle/0021), so a waiting, rejected or withdrawn entry has none by
  // definition; what can still go wrong is an executed entry that names no wallet, and so moved nothing.
  const withoutPostings = rows<{ id: number; status: string }>(
    deps,
    `SELECT t.id, t.status FROM transactions t WHERE t.status IN ('executed', 'reversed') AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.transaction_id = t.id)`,
  );
  for (const t of withoutPostings) bad.push(`transaction ${t.id} is ${t.status} but has no postings`);
  // A reversed transaction and its reversal cancel out, wallet by wallet, and point at each other.
  const pairs = rows<{ id: number; reversed_by: number | null; back: number | null }>(
    deps,
    `SELECT t.id, t.reversed_by, r.reversal_of AS back FROM transactions t LEFT JOIN transactions r ON r.id = t.reversed_by WHERE t.status = 'reversed'`,
  );
  for (const p of pairs) {
    if (p.reversed_by === null || p.back !== p.id) bad.push(`reversed transaction ${p.id} is not linked both ways to its reversal`);
    const net = rows<{ wallet_id: number; s: number }>(
      deps,
      'SELECT wallet_id, sum(amount_minor) AS s FROM postings WHERE transaction_id IN (?, ?) GROUP BY wallet_id',
      p.id,
      p.reversed_by ?? -1,
    );
    for (const n of net) if (n.s !== 0) bad.push(`reversal of ${p.id} leaves ${n.s} in wallet ${n.wallet_id}`);
  }
  const orphanReversals = count(deps, 'transactions r', `r.reversal_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = r.reversal_of AND t.reversed_by = r.id AND t.status = 'reversed')`);
  if (orphanReversals) bad.push(`${orphanReversals} reversal(s) whose original is not marked reversed by them`);
  // Each state change has its audit event.
  const ev = (action: string) => count(deps, 'event_log', 'action = ?', action);
  const tx = (where: string) => count(deps, 'transactions', where);
  const expectations: Array<[string, number, number]> = [
    ['transaction.executed', ev('transaction.executed'), tx(`reversal_of IS NULL AND decided_at IS NULL AND status IN ('executed', 'reversed')`)],
    ['transaction.requested', ev('transaction.requested'), tx(`reversal_of IS NULL AND (status = 'pending_approval' OR decided_at IS NOT NULL)`)],
    ['transaction.approved', ev('transaction.approved'), tx(`decided_at IS NOT NULL AND status IN ('executed', 'reversed')`)],
    ['transaction.rejected', ev('transaction.rejected'), tx(`status = 'rejected'`)],
    ['transaction.reversed', ev('transaction.reversed'), tx(`status = 'reversed'`)],
    ['transaction.withdrawn', ev('transaction.withdrawn'), tx(`status = 'withdrawn'`)],
    ['outbox approval.withdrawn', count(deps, 'outbox', `topic = 'approval.withdrawn'`), tx(`status = 'withdrawn'`)],
    ['transaction.corrected', ev('transaction.corrected'), tx('correction_of IS NOT NULL')],
    ['outbox transaction.corrected', count(deps, 'outbox', `topic = 'transaction.corrected'`), tx('correction_of IS NOT NULL')],
    ['reversal rows', tx('reversal_of IS NOT NULL'), tx(`status = 'reversed'`)],
    ['outbox approval.requested', count(deps, 'outbox', `topic = 'approval.requested'`), ev('transaction.requested')],
    ['outbox approval.decided', count(deps, 'outbox', `topic = 'approval.decided'`), ev('transaction.approved') + ev('transaction.rejected')],
    [
      'outbox transaction.reversed',
      count(deps, 'outbox', `topic = 'transaction.reversed'`),
      // Someone else's reversal tells the author; a correction sends transaction.corrected instead.
      count(deps, 'transactions r JOIN transactions t ON t.id = r.reversal_of', 'r.created_by != t.created_by AND NOT EXISTS (SELECT 1 FROM transactions c WHERE c.correction_of = t.id)'),
    ],
  ];
  for (const [what, actual, expected] of expectations) if (actual !== expected) bad.push(`${what}: ${actual} events for ${expected} transactions`);
  return bad;
}

/**
 * Records the SQL of every statement run on `sqlite` from now on (get, all, iterate, run), for a test of how
 * many times a use case reads a table. Install it on a fresh connection, before the hot path prepares its
 * statements (they are prepared once per connection and kept).
 */
export function statementLog(sqlite: Sqlite): { sql: string[] } {
  const log = { sql: [] as string[] };
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const st = prepare(source);
    for (const m of ['get', 'all', 'iterate', 'run'] as const) {
      const f = st[m].bind(st) as (...a: unknown[]) => unknown;
      (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => (log.sql.push(source), f(...a));
    }
    return st;
  }) as typeof sqlite.prepare;
  return log;
}
