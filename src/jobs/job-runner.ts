// Running one claimed outbox row: build the handler context, keep the lease
// alive while the handler works (a 429 may make it wait), then record the
// outcome. Shared by the in-process dispatcher; the BullMQ worker records
// outcomes its own way but builds the same context.
import { runOutboxJob, type JobContext } from './handlers/index.js';
import type { OutboxRow } from './outbox-store.js';

/** Everything a handler gets except the row it runs for. */
export type JobEnv = Omit<JobContext, 'outboxId'>;

export function contextFor(env: JobEnv, outboxId: number): JobContext {
  return { ...env, log: env.log.child({ outboxId }), outboxId };
}

/** Runs the row's handler while `renew` is called every `everyMs` to extend its lease. */
export async function runWithHeartbeat(env: JobEnv, row: OutboxRow, everyMs: number, renew: () => void): Promise<void> {
  const timer = setInterval(() => {
    try {
      renew();
    } catch (err) {
      env.log.warn({ err, outboxId: row.id }, 'could not renew the outbox lease');
    }
  }, everyMs);
  try {
    await runOutboxJob(contextFor(env, row.id), row);
  } finally {
    clearInterval(timer);
  }
}
