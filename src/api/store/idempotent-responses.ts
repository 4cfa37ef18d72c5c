// First responses to POSTs sent with an Idempotency-Key, per user and key, so
// a retried request gets the very same answer. The ledger dedupes by key on
// its own as well (transactions.idempotency_key); this table is the HTTP
// layer's memory of the exact status and body it sent. The row is written in
// the same transaction as the change it answers (routes/transactions.ts), and
// old rows are pruned by the retention job (domain/maintenance/retention.ts),
// never on the request path.
import { and, eq, sql } from 'drizzle-orm';
import type { DB } from '../../db/connection.js';
import { idempotentResponses } from '../../db/schema.js';
import type { Q } from '../../domain/index.js';
import { perConnection } from '../../domain/prepared.js';

export type StoredResponse = { requestHash: string; statusCode: number; body: string };

const statements = perConnection((q) => ({
  find: q
    .select({ requestHash: idempotentResponses.requestHash, statusCode: idempotentResponses.statusCode, body: idempotentResponses.body })
    .from(idempotentResponses)
    .where(and(eq(idempotentResponses.userId, sql.placeholder('userId')), eq(idempotentResponses.key, sql.placeholder('key'))))
    .prepare(),
  insert: q
    .insert(idempotentResponses)
    .values({
      userId: sql.placeholder('userId'),
      key: sql.placeholder('key'),
      requestHash: sql.placeholder('requestHash'),
      statusCode: sql.placeholder('statusCode'),
      body: sql.placeholder('body'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoNothing()
    .prepare(),
}));

export function findStoredResponse(db: DB, userId: number, key: string): StoredResponse | undefined {
  return statements(db).find.get({ userId, key });
}

/** Records the first response; `q` is the transaction of the change it answers. */
export function storeResponse(q: Q, userId: number, key: string, response: StoredResponse, at: number): void {
  statements(q).insert.run({ userId, key, requestHash: response.requestHash, statusCode: response.statusCode, body: response.body, createdAt: at });
}
