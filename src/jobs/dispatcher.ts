// The in-process dispatcher (no Redis): polls the outbox, claims one due row at
// a time with a lease, runs its handler, marks it done, or schedules a retry
// with exponential backoff and jitter; after max_attempts the row is failed
// and keeps its last error for people to see. `wake()` skips the wait after an
// adapter wrote a row.
import { durable } from '../domain/index.js';
import { PermanentJobError } from './handlers/index.js';
import { runWithHeartbeat, type JobEnv } from './job-runner.js';
import { createPoller, type Poller } from './poller.js';
import { backoffMs, claimNext, errorText, markDone, markFailed, markRetry, renewLease } from './outbox-store.js';
import { DEFAULT_DISPATCHER_TUNING, type DispatcherTuning } from './dispatcher-tuning.js';

export { DEFAULT_DISPATCHER_TUNING, type DispatcherTuning } from './dispatcher-tuning.js';

export class Dispatcher {
  private stopped = false;
  private readonly poller: Poller;

  constructor(
    private readonly env: JobEnv,
    private readonly tuning: DispatcherTuning = DEFAULT_DISPATCHER_TUNING,
  ) {
    this.poller = createPoller('outbox dispatcher', tuning.pollMs, env.log, () => this.drain());
  }

  start(): void {
    this.poller.start();
  }

  /** Runs a pass now (or right after the current one). */
  wake(): void {
    this.poller.wake();
  }

  /** Processes due rows until none is left; returns how many ran. Tests call it directly. */
  async drain(): Promise<number> {
    let count = 0;
    while (!this.stopped) {
      const now = this.env.deps.clock();
      const row = claimNext(this.env.deps, now, this.tuning.leaseMs, { countAttempt: true });
      if (!row) break;
      count++;
      this.env.hooks.beforeJob?.(row.id);
      const log = this.env.log.child({ outboxId: row.id, topic: row.topic, attempt: row.attempts });
      try {
        // With group commit the claimed row (and the change that queued it) may still sit in an
        // open batch: nothing leaves the process about a write that is not on disk yet.
        await durable(this.env.deps);
        await runWithHeartbeat(this.env, row, Math.max(50, Math.floor(this.tuning.leaseMs / 3)), () =>
          renewLease(this.env.deps, row.id, this.env.deps.clock() + this.tuning.leaseMs),
        );
        markDone(this.env.deps, row.id, this.env.deps.clock());
        log.debug('outbox job done');
        this.env.hooks.afterJob?.(row.id, 'done');
      } catch (err) {
        if (err instanceof PermanentJobError) {
          markFailed(this.env.deps, row.id, errorText(err));
          log.error({ err }, 'outbox job failed permanently');
          this.env.hooks.afterJob?.(row.id, 'failed');
          continue;
        }
        const delay = backoffMs(row.attempts, this.tuning.backoffBaseMs, this.tuning.backoffMaxMs, this.tuning.random);
        const outcome = markRetry(this.env.deps, row, errorText(err), this.env.deps.clock() + delay);
        if (outcome === 'failed') log.error({ err }, 'outbox job failed after its last attempt');
        else log.warn({ err, retryInMs: delay }, 'outbox job failed; will retry');
        this.env.hooks.afterJob?.(row.id, outcome);
      }
    }
    return count;
  }

  /** Stops polling and waits for the job in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
  }
}
