// Queries prepared once per SQLite connection, for the hot path of posting a
// transaction. Building a Drizzle query and preparing its statement on every
// call costs several times what running it does, so the few queries every
// posting runs are built once with `sql.placeholder(...)` and re-run with values.
//
// The cache is keyed by the better-sqlite3 connection, not by the Drizzle
// handle: the top-level db and every transaction handle it passes to
// `db.transaction(fn)` share one session and so one connection. BEGIN, COMMIT
// and ROLLBACK are per connection and a statement is not bound to a
// transaction, so a statement prepared once runs inside whichever transaction
// (or savepoint) is open on its connection when it is executed, and rolls back
// with it (tests/domain/prepared.test.ts checks this).
//
// Two things to know when adding a prepared query: a placeholder given as a
// column's value is passed through that column's encoder even when null (a
// boolean-mode column would turn null into 0; none of ours binds one), and the
// statements of a connection carry the logger of the Drizzle handle that first
// prepared them.
import { getTableColumns, type Table } from 'drizzle-orm';
import type { Sqlite } from '../db/connection.js';
import type { Q } from './deps.js';

/**
 * The part of a Drizzle better-sqlite3 handle we read. drizzle-orm 0.45 keeps
 * the connection as `session.client` (BetterSQLiteSession), on the db and on
 * every transaction handle alike; its typings mark `session` internal and
 * `client` private, hence this narrow view. (`db.$client` is the same object
 * but exists only on the top-level db, not on a transaction.)
 */
type SessionView = { readonly session?: { readonly client?: unknown } };

function isConnection(value: unknown): value is Sqlite {
  return typeof value === 'object' && value !== null && typeof (value as { prepare?: unknown }).prepare === 'function';
}

/** The better-sqlite3 connection behind a Drizzle db or transaction handle. */
export function connectionOf(q: Q): Sqlite {
  const client = (q as SessionView).session?.client;
  if (!isConnection(client)) throw new Error('Cannot find the better-sqlite3 connection behind this Drizzle handle (has drizzle-orm changed its session layout?)');
  return client;
}

/**
 * Returns an accessor for a set of statements built by `build` once per
 * connection (on first use) and kept as long as the connection object lives.
 * `build` receives the handle of that first use (db or transaction: they
 * prepare on the same connection) and should only prepare, never execute.
 */
export function perConnection<T>(build: (q: Q) => T): (q: Q) => T {
  const cache = new WeakMap<Sqlite, T>();
  return (q) => {
    const connection = connectionOf(q);
    let statements = cache.get(connection);
    if (statements === undefined) {
      statements = build(q);
      cache.set(connection, statements);
    }
    return statements;
  };
}

/**
 * The columns of a Drizzle table as a raw SELECT list (`"family_id" AS "familyId", …`)
 * and a function that finishes a row read through it into the table's row
 * type. For the hottest reads (the membership every use case resolves, the
 * session of every API request, a family's wallets): a raw prepared statement
 * returns objects already keyed by property, where Drizzle's generic row
 * mapper cost more than the query. Built from the schema, so a new column
 * is read without touching the SQL; a column Drizzle would convert other than
 * a boolean-mode integer is refused when the statement is built.
 */
export function rawColumns<T extends Table>(
  table: T,
  pick?: ReadonlyArray<keyof T['$inferSelect'] & string>,
  /** The table's alias in the statement (a join): columns are qualified with it. */
  alias?: string,
): { list: string; finish: <R>(row: R) => R } {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !pick || pick.includes(key as keyof T['$inferSelect'] & string));
  const booleans: string[] = [];
  for (const [key, column] of columns) {
    if (column.columnType === 'SQLiteBoolean') booleans.push(key);
    else if (!PLAIN_COLUMN_TYPES.has(column.columnType)) throw new Error(`rawColumns: ${column.name} (${column.columnType}) needs Drizzle's mapping`);
  }
  const prefix = alias ? `${alias}.` : '';
  const list = columns.map(([key, column]) => `${prefix}"${column.name}" AS "${key}"`).join(', ');
  const finish = <R>(row: R): R => {
    if (row !== undefined) for (const key of booleans) (row as Record<string, unknown>)[key] = (row as Record<string, unknown>)[key] === 1;
    return row;
  };
  return { list, finish };
}

/** Drizzle SQLite column types whose value is the driver's value unchanged. */
const PLAIN_COLUMN_TYPES = new Set(['SQLiteInteger', 'SQLiteText', 'SQLiteReal']);
