// One row per HTTP request: who asked what, the answer's status and how long
// it took. Only the route pattern is stored (never a query string, which may
// hold a binding code), and never a header or a body.
//
// Rows are buffered and written in batches (one transaction every `flushMs`,
// or as soon as `maxRows` wait), not one durable commit per request: a row
// per request with its own fsync cost more than the request itself. The
// buffer is flushed when the server closes, so a graceful stop loses nothing;
// a crash loses at most the last `flushMs` of rows (operational data, not the
// books).
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

export type AccessLogWriter = {
  add(row: AccessLogRow): void;
  /** Writes every buffered row now; returns how many. */
  flush(): number;
  /** Flushes and stops the timer. */
  close(): void;
};

export type AccessLogOptions = { flushMs?: number; maxRows?: number; onError?: (err: unknown) => void };

export function createAccessLogWriter(db: DB, options: AccessLogOptions = {}): AccessLogWriter {
  const flushMs = options.flushMs ?? 100;
  const maxRows = options.maxRows ?? 500;
  const sqlite = connectionOf(db);
  const insert = sqlite.prepare(
    'INSERT INTO access_log (method, endpoint, status_code, user_id, ip_address, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const writeAll = sqlite.transaction((rows: AccessLogRow[]) => {
    for (const r of rows) insert.run(r.method, r.endpoint, r.statusCode, r.userId, r.ipAddress, r.durationMs, r.createdAt);
  });
  let buffer: AccessLogRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function flush(): number {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0) return 0;
    const rows = buffer;
    buffer = [];
    try {
      // Inside an open group-commit batch this is a savepoint of it; otherwise its own transaction.
      writeAll.immediate(rows);
    } catch (err) {
      // Losing log rows must never break requests (e.g. the database is closing).
      options.onError?.(err);
    }
    return rows.length;
  }

  return {
    add(row) {
      if (closed) {
        writeAll.immediate([row]);
        return;
      }
      buffer.push(row);
      if (buffer.length >= maxRows) flush();
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
