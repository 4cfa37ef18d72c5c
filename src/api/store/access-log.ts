// One row per HTTP request: who asked what, the answer's status and how long
// it took. Only the route pattern is stored (never a query string, which may
// hold a binding code), and never a header or a body.
import type { DB } from '../../db/connection.js';
import { accessLog } from '../../db/schema.js';

export type AccessLogRow = {
  method: string;
  endpoint: string;
  statusCode: number;
  userId: number | null;
  ipAddress: string | null;
  durationMs: number;
  createdAt: number;
};

export function writeAccessLog(db: DB, row: AccessLogRow): void {
  db.insert(accessLog).values(row).run();
}
