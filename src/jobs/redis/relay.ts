// The relay (Redis mode): moves due outbox rows into BullMQ. The job id is
// `outbox-<id>`, so adding a row twice (two relays, a re-add after the relay
// lease ran out) is dropped by BullMQ while the job exists. A relayed row stays
// `processing` until a worker marks it done or failed; if Redis lost the job
// (restart without persistence), the row is re-added when its lease runs out.
import type { Queue } from 'bullmq';
import type { CoreDeps } from '../../domain/index.js';
import type { JobHooks } from '../handlers/index.js';
import type { Logger } from '../../logger.js';
import { claimNext, errorText, release } from '../outbox-store.js';
import { createPoller, type Poller } from '../poller.js';
import { jobIdFor, OUTBOX_JOB, type JobData } from './queue.js';

export type RelayTuning = { pollMs: number; relayLeaseMs: number; backoffBaseMs: number };

export function startRelay(o: {
  deps: CoreDeps;
  log: Logger;
  queue: Queue<JobData>;
  tuning: RelayTuning;
  hooks: JobHooks;
}): Poller & { drain(): Promise<number> } {
  const drain = async (): Promise<number> => {
    let count = 0;
    for (;;) {
      const now = o.deps.clock();
      const row = claimNext(o.deps, now, o.tuning.relayLeaseMs, { countAttempt: false });
      if (!row) return count;
      try {
        const jobId = jobIdFor(row.id);
        const add = () =>
          o.queue.add(
            OUTBOX_JOB,
            { outboxId: row.id, topic: row.topic },
            {
              jobId,
              attempts: Math.max(1, row.maxAttempts - row.attempts),
              backoff: { type: 'exponential', delay: o.tuning.backoffBaseMs, jitter: 0.5 },
              removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
              removeOnFail: { age: 30 * 24 * 3600 },
            },
          );
        await add();
        // A finished job still holding the id would swallow the add: the row was
        // put back to pending by hand (a retry after a fix), so start it afresh.
        const state = await o.queue.getJobState(jobId);
        if (state === 'completed' || state === 'failed') {
          await o.queue.remove(jobId);
          await add();
        }
        count++;
        o.hooks.afterRelay?.(row.id);
      } catch (err) {
        // Redis unreachable: give the row back and try again on the next pass.
        release(o.deps, row, now + o.tuning.pollMs);
        o.log.warn({ err: errorText(err), outboxId: row.id }, 'could not hand the outbox row to Redis; will retry');
        return count;
      }
    }
  };
  const poller = createPoller('outbox relay', o.tuning.pollMs, o.log, drain);
  poller.start();
  return { ...poller, drain };
}
