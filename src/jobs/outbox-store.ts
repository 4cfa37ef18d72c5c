// The outbox table seen from the dispatcher: claiming a due row with a lease,
// finishing it, scheduling a retry with backoff, failing it visibly. Every
// state change is a conditional UPDATE inside an IMMEDIATE transaction, so two
// processes sharing the SQLite file never both claim one row.
import { and, asc, eq, lt, lte, or, sql } from 'drizzle-orm';
import { outbox } from '../db/schema.js';
import type { CoreDeps } from '../domain/index.js';
import { scrubString } from '../log-scrub.js';

export type OutboxRow = typeof outbox.$inferSelect;

const dueCondition = (now: number) =>
  or(
    and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
    // A lease that ran out: the process that held it died (or Redis lost the job).
    and(eq(outbox.status, 'processing'), lt(outbox.lockedUntil, now)),
  );

/**
 * Claims the oldest due row: status processing, locked until now + leaseMs.
 * `countAttempt` adds one to attempts at claim time, so a job that crashes its
 * process still uses up its attempts instead of looping forever.
 */
export function claimNext(deps: CoreDeps, now: number, leaseMs: number, opts: { countAttempt: boolean }): OutboxRow | undefined {
  return deps.db.transaction(
    (tx) => {
      for (;;) {
        const row = tx.select().from(outbox).where(dueCondition(now)).orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(1).get();
        if (!row) return undefined;
        if (opts.countAttempt && row.status === 'processing' && row.attempts >= row.maxAttempts) {
          // Its last attempt never finished: fail it rather than run it once more.
          tx.update(outbox)
            .set({ status: 'failed', lockedUntil: null, lastError: row.lastError ?? 'The worker stopped during the last attempt (lease expired)' })
            .where(eq(outbox.id, row.id))
            .run();
          continue;
        }
        return tx
          .update(outbox)
          .set({ status: 'processing', lockedUntil: now + leaseMs, attempts: opts.countAttempt ? sql`${outbox.attempts} + 1` : row.attempts })
          .where(and(eq(outbox.id, row.id), dueCondition(now)))
          .returning()
          .get();
      }
    },
    { behavior: 'immediate' },
  );
}

export function getOutboxRow(deps: CoreDeps, id: number): OutboxRow | undefined {
  return deps.db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export function renewLease(deps: CoreDeps, id: number, until: number): void {
  deps.db.update(outbox).set({ lockedUntil: until }).where(and(eq(outbox.id, id), eq(outbox.status, 'processing'))).run();
}

export function markDone(deps: CoreDeps, id: number, now: number): void {
  deps.db.update(outbox).set({ status: 'done', doneAt: now, lockedUntil: null }).where(eq(outbox.id, id)).run();
}

export function markFailed(deps: CoreDeps, id: number, error: string): void {
  deps.db.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: error }).where(eq(outbox.id, id)).run();
}

/** Back to pending for another try at `nextAttemptAt`, or failed when the attempts are used up. */
export function markRetry(deps: CoreDeps, row: OutboxRow, error: string, nextAttemptAt: number): 'retry' | 'failed' {
  if (row.attempts >= row.maxAttempts) {
    markFailed(deps, row.id, error);
    return 'failed';
  }
  deps.db.update(outbox).set({ status: 'pending', lockedUntil: null, lastError: error, nextAttemptAt }).where(eq(outbox.id, row.id)).run();
  return 'retry';
}

/** Hands a claimed row back untouched (the relay could not reach Redis). */
export function release(deps: CoreDeps, row: OutboxRow, nextAttemptAt: number): void {
  deps.db
    .update(outbox)
    .set({ status: 'pending', lockedUntil: null, nextAttemptAt })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'processing')))
    .run();
}

/** Exponential backoff with jitter: base·2^(attempt-1), capped, then scaled by 50-100 %. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + random() * 0.5));
}

/**
 * An error as stored in outbox.last_error, which operators read and paste into
 * bug reports (README: Failed jobs): through the log scrubber first, since a
 * failed Telegram call's message is its URL, with the bot token in it.
 */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return scrubString(text).slice(0, 2000);
}
