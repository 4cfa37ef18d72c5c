// Starts jobs in this test process against a test database and the fake Bot
// API, and lets a test wait for a given outbox job to finish (no sleeps).
import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { outbox } from '../../../src/db/schema.js';
import { startJobs, type JobOutcome, type JobsRole, type JobsTuning, type RunningJobs } from '../../../src/jobs/index.js';
import type { TelegramSender } from '../../../src/jobs/telegram-sender.js';
import { afterEach, beforeEach } from 'vitest';
import { makeFamily, type FamilyFixture } from '../../support/builders.js';
import { createTestDb, type TestDb } from '../../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.js';
import { fakePeople, quietLogger, testConfig } from './env.js';

export type Harness = RunningJobs & {
  /** Resolves when the outbox row reaches `outcome` (default done) in this process. */
  waitForJob(id: number, outcome?: JobOutcome, timeoutMs?: number): Promise<void>;
  /** Redis mode: resolves when the relay has handed the row to BullMQ `times` times in all. */
  waitForRelay(id: number, times?: number, timeoutMs?: number): Promise<void>;
  /** Resolves when every outbox row that exists now is done (or failed). */
  settle(timeoutMs?: number): Promise<void>;
};

export async function startHarness(
  t: TestDb,
  o: { tg?: FakeTelegram; role?: JobsRole; env?: Record<string, string>; redisUrl?: string; sender?: TelegramSender | null; tuning?: Partial<JobsTuning> } = {},
): Promise<Harness> {
  const events = new EventEmitter();
  const outcomes = new Map<number, JobOutcome>();
  const relayed = new Map<number, number>();
  const config = testConfig({ dbPath: t.path, ...(o.tg ? { tg: o.tg } : {}), ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}), ...(o.env ? { env: o.env } : {}) });
  const jobs = await startJobs({
    deps: t.deps,
    config,
    log: quietLogger(),
    role: o.role ?? 'all',
    ...(o.sender !== undefined ? { sender: o.sender } : {}),
    tuning: { pollMs: 50, schedulerEveryMs: 3_600_000, backoffBaseMs: 200, ...o.tuning },
    hooks: {
      afterRelay: (id) => {
        relayed.set(id, (relayed.get(id) ?? 0) + 1);
        events.emit('relay', id);
      },
      afterJob: (id, outcome) => {
        outcomes.set(id, outcome);
        events.emit('job', id, outcome);
      },
    },
  });
  const waitForJob = (id: number, outcome: JobOutcome = 'done', timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (outcomes.get(id) === outcome) return resolve();
      const timer = setTimeout(() => {
        events.off('job', listener);
        const row = t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get();
        reject(new Error(`Timed out waiting for outbox job ${id} to be ${outcome}; row: ${JSON.stringify(row)}`));
      }, timeoutMs);
      const listener = (jobId: number, got: JobOutcome) => {
        if (jobId !== id || got !== outcome) return;
        clearTimeout(timer);
        events.off('job', listener);
        resolve();
      };
      events.on('job', listener);
      jobs.wake();
    });
  const waitForRelay = (id: number, times = 1, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if ((relayed.get(id) ?? 0) >= times) return resolve();
      const timer = setTimeout(() => {
        events.off('relay', listener);
        reject(new Error(`Timed out waiting for outbox row ${id} to be relayed to Redis ${times} time(s)`));
      }, timeoutMs);
      const listener = (got: number) => {
        if (got !== id || (relayed.get(id) ?? 0) < times) return;
        clearTimeout(timer);
        events.off('relay', listener);
        resolve();
      };
      events.on('relay', listener);
      jobs.wake();
    });
  return {
    ...jobs,
    waitForJob,
    waitForRelay,
    async settle(timeoutMs = 10_000) {
      const open = t.deps.db.select().from(outbox).all().filter((r) => r.status !== 'done' && r.status !== 'failed');
      await Promise.all(open.map((r) => waitForJob(r.id, 'done', timeoutMs)));
    },
  };
}

export function lastOutboxId(t: TestDb, topic?: string): number {
  const rows = t.deps.db.select().from(outbox).all().filter((r) => topic === undefined || r.topic === topic);
  const last = rows.at(-1);
  if (!last) throw new Error(`No outbox row${topic ? ` with topic ${topic}` : ''}`);
  return last.id;
}

/** What a jobs test works with: a family whose people are users of the fake Bot API, and the jobs once the test starts them. */
export type JobsFamily = { t: TestDb; f: FamilyFixture; tg: FakeTelegram; people: Map<number, FakeUser>; jobs: Harness | undefined };

/**
 * Before each test: a test database with a family (its member.joined outbox
 * rows removed, so a test sees only the jobs it causes), the fake Bot API and
 * a fake user per member. After each: the jobs the test started, the fake API
 * and the database are stopped and removed. Call once at a file's top level.
 */
export function useJobsFamily(): JobsFamily {
  const fx = { jobs: undefined } as JobsFamily;
  beforeEach(async () => {
    fx.t = createTestDb();
    fx.f = makeFamily(fx.t.deps);
    fx.t.deps.db.delete(outbox).run();
    fx.tg = await startFakeTelegram();
    fx.people = fakePeople(fx.t.deps, fx.tg);
  });
  afterEach(async () => {
    await fx.jobs?.stop();
    fx.jobs = undefined;
    await fx.tg.close();
    fx.t.cleanup();
  });
  return fx;
}
