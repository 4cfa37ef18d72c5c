// BullMQ worker (Redis mode): runs the same handlers as the in-process
// dispatcher. BullMQ owns retries and backoff here; the outbox row mirrors them
// (attempts, last error) and is marked done by the worker, or failed after the
// last attempt. A job whose row is already done (a re-added or stalled job) is
// skipped, and deliveries make a re-run skip recipients already served.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { outbox } from '../../db/schema.js';
import { PermanentJobError } from '../handlers/index.js';
import { runWithHeartbeat, type JobEnv } from '../job-runner.js';
import { errorText, getOutboxRow, markDone, markFailed, renewLease } from '../outbox-store.js';
import { QUEUE_NAME, SCHEDULED_JOB, type JobData } from './queue.js';
import { scrub } from '../../log-scrub.js';

/** What BullMQ keeps in Redis of a failed attempt (failedReason, stacktrace): the error with its secrets scrubbed, as the log has it. */
function scrubbedError(err: unknown): Error {
  const copy = scrub(err);
  return copy instanceof Error ? copy : new Error(String(copy));
}

export type WorkerTuning = { concurrency: number; relayLeaseMs: number };

export function startBullWorker(o: {
  env: JobEnv;
  connection: Redis;
  prefix: string;
  tuning: WorkerTuning;
  runScheduled: () => void;
}): Worker {
  const { env } = o;
  const processor = async (job: Job<JobData>): Promise<string> => {
    if (job.name === SCHEDULED_JOB) {
      o.runScheduled();
      return 'scheduled work done';
    }
    const outboxId = 'outboxId' in job.data ? job.data.outboxId : NaN;
    const current = getOutboxRow(env.deps, outboxId);
    if (!current || current.status === 'done' || current.status === 'failed') {
      env.hooks.afterJob?.(outboxId, 'skipped');
      return 'skipped';
    }
    const now = env.deps.clock();
    const row = env.deps.db
      .update(outbox)
      .set({ status: 'processing', attempts: sql`${outbox.attempts} + 1`, lockedUntil: now + o.tuning.relayLeaseMs })
      .where(eq(outbox.id, outboxId))
      .returning()
      .get();
    if (!row) return 'skipped';
    env.hooks.beforeJob?.(row.id);
    const log = env.log.child({ outboxId: row.id, topic: row.topic, attempt: job.attemptsMade + 1 });
    try {
      await runWithHeartbeat(env, row, Math.floor(o.tuning.relayLeaseMs / 3), () =>
        renewLease(env.deps, row.id, env.deps.clock() + o.tuning.relayLeaseMs),
      );
      markDone(env.deps, row.id, env.deps.clock());
      env.hooks.afterJob?.(row.id, 'done');
      return 'done';
    } catch (err) {
      const message = errorText(err);
      const permanent = err instanceof PermanentJobError;
      if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        markFailed(env.deps, row.id, message);
        log.error({ err }, 'outbox job failed');
        env.hooks.afterJob?.(row.id, 'failed');
        if (permanent) throw new UnrecoverableError(message);
        throw scrubbedError(err);
      }
      env.deps.db.update(outbox).set({ lastError: message }).where(eq(outbox.id, row.id)).run();
      log.warn({ err }, 'outbox job failed; BullMQ will retry');
      env.hooks.afterJob?.(row.id, 'retry');
      throw scrubbedError(err);
    }
  };
  // BullMQ renews a job's lock every lockDuration/2 while it runs; a crashed worker's job is
  // found stalled at the next check and run again: seconds, not the default 30 s + 30 s.
  const worker = new Worker(QUEUE_NAME, processor, {
    connection: o.connection,
    prefix: o.prefix,
    concurrency: o.tuning.concurrency,
    lockDuration: 10_000,
    stalledInterval: 5_000,
  });
  worker.on('error', (err) => env.log.error({ err }, 'BullMQ worker error'));
  return worker;
}
