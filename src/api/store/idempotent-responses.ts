// First responses to POSTs sent with an Idempotency-Key, per user and key, so
// a retried request gets the very same answer. The ledger dedupes by key on
// its own as well (transactions.idempotency_key); this table is the HTTP
// layer's memory of the exact status and body it sent.
import { and, eq, lt } from 'drizzle-orm';
import type { DB } from '../../db/connection.js';
import { idempotentResponses } from '../../db/schema.js';

export type StoredResponse = { requestHash: string; statusCode: number; body: string };

/** Replies are kept 30 days; after that the ledger's own dedupe still answers a replay. */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function findStoredResponse(db: DB, userId: number, key: string): StoredResponse | undefined {
  return db
    .select({ requestHash: idempotentResponses.requestHash, statusCode: idempotentResponses.statusCode, body: idempotentResponses.body })
    .from(idempotentResponses)
    .where(and(eq(idempotentResponses.userId, userId), eq(idempotentResponses.key, key)))
    .get();
}

export function storeResponse(db: DB, userId: number, key: string, response: StoredResponse, at: number): void {
  db.delete(idempotentResponses).where(lt(idempotentResponses.createdAt, at - RETENTION_MS)).run();
  db.insert(idempotentResponses)
    .values({ userId, key, requestHash: response.requestHash, statusCode: response.statusCode, body: response.body, createdAt: at })
    .onConflictDoNothing()
    .run();
}
