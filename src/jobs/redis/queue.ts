// Redis connections and the one BullMQ queue the outbox jobs and the scheduler
// ticks travel through.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';

export const QUEUE_NAME = 'jobs';
export const OUTBOX_JOB = 'outbox';
export const SCHEDULED_JOB = 'scheduled-work';

export type OutboxJobData = { outboxId: number; topic: string };
/** Outbox jobs carry their row id; scheduler ticks carry nothing. */
export type JobData = OutboxJobData | Record<string, never>;

/**
 * Workers need maxRetriesPerRequest: null (BullMQ's blocking commands must not
 * time out). The producer side fails fast instead (no offline queue), so the
 * relay hands rows back to SQLite while Redis is down rather than hanging.
 */
export function connectRedis(url: string, log: Logger, purpose: 'producer' | 'worker'): Redis {
  const redis = new Redis(url, {
    connectionName: `finance-bot-${purpose}`,
    ...(purpose === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
  });
  // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
  // It retries every 2 s while Redis is down, each failure an 'error': logged once a minute with
  // how many were left out (an outage was ~1,800 lines an hour per connection), and the recovery once.
  let lastLoggedAt: number | undefined;
  let unlogged = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (lastLoggedAt !== undefined && now - lastLoggedAt < REDIS_ERROR_LOG_EVERY_MS) {
      unlogged++;
      return;
    }
    log.warn({ err: err.message, purpose, ...(unlogged ? { sameErrorsSinceLastLine: unlogged } : {}) }, 'redis connection error');
    lastLoggedAt = now;
    unlogged = 0;
  });
  redis.on('ready', () => {
    if (lastLoggedAt === undefined) return;
    log.info({ purpose }, 'redis connection restored');
    lastLoggedAt = undefined;
    unlogged = 0;
  });
  return redis;
}

/** While Redis stays unreachable, one 'redis connection error' line per connection per this many ms. */
export const REDIS_ERROR_LOG_EVERY_MS = 60_000;

export function openQueue(connection: Redis, prefix: string): Queue<JobData> {
  return new Queue(QUEUE_NAME, { connection, prefix });
}

export function jobIdFor(outboxId: number): string {
  return `outbox-${outboxId}`;
}

/** Closes a connection, quickly even when Redis is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  } catch {
    // already closed
  }
  redis.disconnect();
}

/** Resolves when the connection is ready, or after `timeoutMs` (callers then carry on and retry later). */
export async function untilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}
