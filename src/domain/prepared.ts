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
 * The columns of a Drizzle table as a raw SELECT list (`"family_id", …`) and a
 * function that builds the table's row type from a raw row (an array, see
 * rawQuery). For the reads every request or update makes (the membership, the
 * session of an API request, the person by chat, wallets, categories): a raw
 * statement returning arrays, read into an object literal of a fixed shape,
 * costs a fraction of Drizzle's generic row mapper, and of better-sqlite3's
 * own objects (it interns every column name and adds the properties one by
 * one, for every row). Built from the schema, so a new column is read without
 * touching the SQL; a column Drizzle would convert other than a boolean-mode
 * integer is refused when the statement is built.
 */
export function rawColumns<T extends Table, K extends keyof T['$inferSelect'] & string = keyof T['$inferSelect'] & string>(
  table: T,
  pick?: readonly K[],
  /** The table's alias in the statement (a join): columns are qualified with it. */
  alias?: string,
): { list: string; read: (values: unknown[]) => Pick<T['$inferSelect'], K> } {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !pick || (pick as readonly string[]).includes(key));
  const prefix = alias ? `${alias}.` : '';
  const fields = columns.map(([key, column], i) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) throw new Error(`rawColumns: unexpected property name ${key}`);
    if (column.columnType === 'SQLiteBoolean') return `${key}: v[${i}] === 1`;
    if (!PLAIN_COLUMN_TYPES.has(column.columnType)) throw new Error(`rawColumns: ${column.name} (${column.columnType}) needs Drizzle's mapping`);
    return `${key}: v[${i}]`;
  });
  // One object literal per row: a fixed shape V8 allocates in one step. The
  // source is built from the schema's own property names (checked above), once.
  const read = new Function('v', `return { ${fields.join(', ')} };`) as (values: unknown[]) => Pick<T['$inferSelect'], K>;
  return { list: columns.map(([, column]) => `${prefix}"${column.name}"`).join(', '), read };
}

/** Drizzle SQLite column types whose value is the driver's value unchanged. */
const PLAIN_COLUMN_TYPES = new Set(['SQLiteInteger', 'SQLiteText', 'SQLiteReal']);

/** A statement prepared in raw mode (rows as arrays), its rows read by `read` (see rawColumns). */
export function rawQuery<P extends unknown[], R>(
  sqlite: Sqlite,
  sql: string,
  read: (values: unknown[]) => R,
): { get(...params: P): R | undefined; all(...params: P): R[] } {
  const stmt = sqlite.prepare<P, unknown[]>(sql).raw(true);
  return {
    get: (...params) => {
      const values = stmt.get(...params);
      return values === undefined ? undefined : read(values);
    },
    all: (...params) => stmt.all(...params).map(read),
  };
}
