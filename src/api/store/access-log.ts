// One row per HTTP request: who asked what, the answer's status and how long
// it took. Only the route pattern is stored (never a query string, which may
// hold a binding code), and never a header or a body.
//
// Rows are buffered and written in batches (one transaction every `flushMs`,
// or as soon as `maxRows` wait), not one durable commit per request: a row
// per request with its own fsync cost more than the request itself. The
// buffer is flushed when the server closes, so a graceful stop loses nothing;
// a crash loses at most the last `flushMs` of rows (operational data, not the
// books). A batch is committed without an fsync of its own (see write below).
import type { DB } from '../../db/connection.js';
import { connectionOf } from '../../domain/prepared.js';

export type AccessLogRow = {
  method: string;
  endpoint: string;
  statusCode: number;
  userId: number | null;
  ipAddress: string | null;
  durationMs: number;
  createdAt: number;
};

/** A row as the server knows it when it answers; the writer adds the time. */
export type AccessLogEntry = Omit<AccessLogRow, 'createdAt'>;

/** What ip_address keeps of an address (a forwarded one is whatever the proxy wrote). */
const IP_CHARS = 64;

export type AccessLogWriter = {
  /**
   * Buffers `row` at `createdAt`. Reads the row's fields into the buffer: no copy of the row is made
   * (this runs once per request), and the caller's object is never kept.
   */
  add(row: AccessLogEntry, createdAt: number): void;
  /** Writes every buffered row now; returns how many. */
  flush(): number;
  /** Flushes and stops the timer. */
  close(): void;
};

export type AccessLogOptions = { flushMs?: number; maxRows?: number; onError?: (err: unknown) => void };

/** Rows per INSERT statement when a batch is written: one statement binds many rows. */
const ROWS_PER_INSERT = 64;
const COLUMNS = 7;

export function createAccessLogWriter(db: DB, options: AccessLogOptions = {}): AccessLogWriter {
  const flushMs = options.flushMs ?? 100;
  const maxRows = options.maxRows ?? 500;
  const sqlite = connectionOf(db);
  const insertSql = (rows: number) =>
    `INSERT INTO access_log (method, endpoint, status_code, user_id, ip_address, duration_ms, created_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const insertOne = sqlite.prepare(insertSql(1));
  const insertMany = sqlite.prepare(insertSql(ROWS_PER_INSERT));
  // The connection's own level, restored after each batch (see write).
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
  // exec, not prepared statements: SQLite applies a PRAGMA that sets the level when it is
  // prepared, and a prepared one run again may not apply it (the first batch was written at FULL).
  const restoreSql = `PRAGMA synchronous = ${String(synchronous)}`;
  const relax = () => sqlite.exec('PRAGMA synchronous = NORMAL');
  const restore = () => sqlite.exec(restoreSql);
  // Buffered rows as one flat list of column values, COLUMNS per row.
  const writeAll = sqlite.transaction((values: Array<string | number | null>) => {
    const step = ROWS_PER_INSERT * COLUMNS;
    let i = 0;
    for (; i + step <= values.length; i += step) insertMany.run(values.slice(i, i + step));
    for (; i < values.length; i += COLUMNS) insertOne.run(values.slice(i, i + COLUMNS));
  });
  let buffer: Array<string | number | null> = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function write(values: Array<string | number | null>): void {
    // Inside an open group-commit batch this is a savepoint of it, committed with the batch.
    if (sqlite.inTransaction) {
      writeAll.immediate(values);
      return;
    }
    // Otherwise its own transaction, committed without an fsync of its own
    // (synchronous=NORMAL for this one commit): the rows are in the WAL at
    // once, so a crash of the process loses none of them, and the next durable
    // commit (any write to the books) or checkpoint puts them on disk. Only a
    // power loss in between can drop them: operational data, not the books,
    // and not worth an fsync per batch.
    if (synchronous > 1) relax();
    try {
      writeAll.immediate(values);
    } finally {
      if (synchronous > 1) restore();
    }
  }

  function flush(): number {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0) return 0;
    const values = buffer;
    buffer = [];
    try {
      write(values);
    } catch (err) {
      // Losing log rows must never break requests (e.g. the database is closing).
      options.onError?.(err);
    }
    return values.length / COLUMNS;
  }

  return {
    add(row, createdAt) {
      const ip = row.ipAddress ? row.ipAddress.slice(0, IP_CHARS) : null;
      if (closed) {
        write([row.method, row.endpoint, row.statusCode, row.userId, ip, row.durationMs, createdAt]);
        return;
      }
      buffer.push(row.method, row.endpoint, row.statusCode, row.userId, ip, row.durationMs, createdAt);
      if (buffer.length >= maxRows * COLUMNS) flush();
      else if (timer === undefined) {
        timer = setTimeout(flush, flushMs);
        // A pending flush never keeps the process alive; close() flushes on the way out.
        timer.unref();
      }
    },
    flush,
    close() {
      closed = true;
      flush();
    },
  };
}
