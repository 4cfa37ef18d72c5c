// Jobs: delivering the outbox and running scheduled work, for every process role.
//
// Without REDIS_URL (single process, SQLite only):
//   all, worker  → in-process dispatcher (polls the outbox, leases, retries) + interval scheduler
//   api, bot     → only write the outbox; a worker (or all) process delivers it
// With REDIS_URL:
//   every role   → relay: moves due outbox rows into BullMQ (job id outbox-<id>)
//   all, worker  → BullMQ worker running the same handlers + a BullMQ job scheduler tick
// so with Redis, messages wait in Redis while no worker runs and go out once one starts.
//
// Without a BOT_TOKEN nothing is sent and nothing is consumed: rows wait (in
// SQLite or Redis) until a process with a token runs. Scheduled work still runs.
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Sqlite } from '../db/connection.js';
import type { CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { Dispatcher } from './dispatcher.js';
import { DEFAULT_DISPATCHER_TUNING, type DispatcherTuning } from './dispatcher-tuning.js';
import type { JobHooks } from './handlers/index.js';
import type { JobEnv } from './job-runner.js';
import type { Poller } from './poller.js';
import { runScheduledWork, startIntervalScheduler } from './scheduler.js';
import { createBackupSchedule } from './backups.js';
import type { TelegramSender } from './telegram-sender.js';
import type { Texts } from './texts.js';

export type { TelegramSender } from './telegram-sender.js';
export { runScheduledWork } from './scheduler.js';
export type { JobHooks, JobOutcome } from './handlers/index.js';

export type JobsRole = 'all' | 'api' | 'bot' | 'worker';

/** The dispatcher's timings (pollMs also paces the Redis relay), and the rest of the jobs'. */
export type JobsTuning = DispatcherTuning & {
  /** Scheduled work (recurring rules, reminders) interval. */
  schedulerEveryMs: number;
  /** Redis mode: how long a relayed row may sit in Redis before it is re-added (dropped as a duplicate if still there). */
  relayLeaseMs: number;
  /** Redis mode: jobs one worker process runs at once. */
  workerConcurrency: number;
  /** Redis mode: BullMQ key prefix. */
  redisPrefix: string;
  /** Recipients one job serves at once (default 3). */
  fanOut: number;
};

export const DEFAULT_JOBS_TUNING: JobsTuning = {
  ...DEFAULT_DISPATCHER_TUNING,
  schedulerEveryMs: 60_000,
  // A relayed row waiting in Redis is re-added (a no-op while BullMQ holds the job) when this
  // runs out; a worker renews it every third of it while running the job. Short, so a row
  // whose job Redis lost (restart without persistence) goes out again within seconds.
  relayLeaseMs: 30_000,
  workerConcurrency: 2,
  redisPrefix: 'finance-bot',
  fanOut: 3,
};

export type StartJobsOptions = {
  deps: CoreDeps;
  config: Config;
  log: Logger;
  role: JobsRole;
  /** Defaults to a Bot API client for BOT_TOKEN (none without one); null means "no Telegram" explicitly. */
  sender?: TelegramSender | null;
  hooks?: JobHooks;
  tuning?: Partial<JobsTuning>;
  texts?: Texts;
  /** The database connection, for the scheduled backups (none without it). */
  sqlite?: Sqlite;
  /** Telegram refused BOT_TOKEN on a job's call (revoked while running): the caller stops the process. */
  onFatal?: (err: Error) => void;
};

export type RunningJobs = {
  stop(): Promise<void>;
  /** Nudges the dispatcher (or the relay) right after an adapter wrote an outbox row. */
  wake(): void;
};

export async function startJobs(opts: StartJobsOptions): Promise<RunningJobs> {
  const tuning: JobsTuning = { ...DEFAULT_JOBS_TUNING, ...opts.tuning };
  const log = opts.log.child({ part: 'jobs' });
  const consumes = opts.role === 'all' || opts.role === 'worker';
  // Only consuming roles send; the others never need a Bot API client.
  const sender = !consumes ? undefined : opts.sender === undefined ? await defaultSender(opts.config, log, opts.onFatal) : (opts.sender ?? undefined);
  // The texts (Fluent through @grammyjs/i18n) and the handlers (grammY's keyboards) are
  // loaded only by a process that sends: the others never pay their start-up time and memory.
  const env = async (s: TelegramSender): Promise<JobEnv> => ({
    deps: opts.deps,
    sender: s,
    texts: opts.texts ?? (await import('./texts.js')).createTexts(),
    log,
    defaultLocale: opts.config.defaults.locale,
    fanOut: tuning.fanOut,
    hooks: opts.hooks ?? {},
  });
  // Only the roles that run the scheduled work make the daily backups.
  const backups = consumes && opts.sqlite ? createBackupSchedule({ deps: opts.deps, sqlite: opts.sqlite, config: opts.config, log }) : undefined;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        log.error({ err }, 'error while stopping jobs');
      }
    }
  };

  if (!opts.config.redisUrl) {
    if (!consumes) {
      log.info({ role: opts.role }, 'jobs: this role only writes the outbox; run a worker (or all) process to deliver it');
      return { stop: async () => {}, wake: () => {} };
    }
    let dispatcher: Dispatcher | undefined;
    if (sender) {
      const { Dispatcher } = await import('./dispatcher.js');
      dispatcher = new Dispatcher(await env(sender), tuning);
      dispatcher.start();
      stops.push(() => dispatcher!.stop());
    }
    const scheduler = startIntervalScheduler({ deps: opts.deps, config: opts.config, log, everyMs: tuning.schedulerEveryMs, backups, onWork: () => dispatcher?.wake() });
    stops.push(() => scheduler.stop());
    log.info({ role: opts.role, mode: 'in-process', sending: Boolean(sender) }, 'jobs started');
    return { stop: stopAll, wake: () => dispatcher?.wake() };
  }

  // Loaded only with REDIS_URL: bullmq and ioredis cost start-up time and memory a single process does not need.
  const { closeRedis, connectRedis, openQueue, SCHEDULED_JOB, untilReady } = await import('./redis/queue.js');
  const { startRelay } = await import('./redis/relay.js');
  const { startBullWorker } = await import('./redis/worker.js');
  const producer = connectRedis(opts.config.redisUrl, log, 'producer');
  stops.push(() => closeRedis(producer));
  if (!(await untilReady(producer, 10_000))) log.warn('Redis is not reachable yet; outbox rows wait in SQLite until it is');
  const queue = openQueue(producer, tuning.redisPrefix);
  stops.push(() => queue.close());
  const relay = startRelay({ deps: opts.deps, log, queue, tuning, hooks: opts.hooks ?? {} });
  let scheduler: Poller | undefined;
  if (consumes && sender) {
    const connection: Redis = connectRedis(opts.config.redisUrl, log, 'worker');
    stops.push(() => closeRedis(connection));
    const worker: Worker = startBullWorker({
      env: await env(sender),
      connection,
      prefix: tuning.redisPrefix,
      tuning: { concurrency: tuning.workerConcurrency, relayLeaseMs: tuning.relayLeaseMs },
      runScheduled: () => {
        const r = runScheduledWork(opts.deps, opts.config, log, backups);
        if (r.recurringCreated || r.reminded || r.summaries || r.backupFailed) relay.wake();
      },
    });
    stops.push(() => worker.close());
    // Closing a worker that is still connecting leaves BullMQ with a rejected promise nobody
    // awaits; wait for it to be ready, but never hold the process start hostage to Redis.
    const ready = await Promise.race([
      worker.waitUntilReady().then(() => true, () => false),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    if (!ready) log.warn('BullMQ worker is not connected yet; it starts consuming once Redis is reachable');
    try {
      // One tick per interval across all workers, kept in Redis (upsert is idempotent).
      await queue.upsertJobScheduler(SCHEDULED_JOB, { every: tuning.schedulerEveryMs }, { name: SCHEDULED_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    } catch (err) {
      log.warn({ err }, 'could not register the scheduled work in Redis; running it in-process instead');
      scheduler = startIntervalScheduler({ deps: opts.deps, config: opts.config, log, everyMs: tuning.schedulerEveryMs, backups, onWork: () => relay.wake() });
    }
  } else if (consumes) {
    scheduler = startIntervalScheduler({ deps: opts.deps, config: opts.config, log, everyMs: tuning.schedulerEveryMs, backups, onWork: () => relay.wake() });
  }
  if (scheduler) {
    const s = scheduler;
    stops.push(() => s.stop());
  }
  stops.push(() => relay.stop());
  log.info({ role: opts.role, mode: 'redis', consuming: consumes && Boolean(sender) }, 'jobs started');
  return { stop: stopAll, wake: () => relay.wake() };
}

/** The Bot API client for BOT_TOKEN; without a token notifications wait in the outbox. */
async function defaultSender(config: Config, log: Logger, onTokenRefused?: (err: Error) => void): Promise<TelegramSender | undefined> {
  if (!config.bot.token) {
    log.warn('BOT_TOKEN is not set: notifications stay queued in the outbox until a token is configured');
    return undefined;
  }
  // grammY is imported only when there is a token to send with.
  const { createTelegramSender } = await import('./telegram-sender.js');
  return createTelegramSender(config.bot.token, config.bot.apiRoot, onTokenRefused ? { onTokenRefused } : {});
}
