// A failed job's error is kept (outbox.last_error, which the README's "Failed
// jobs" query shows operators; BullMQ's failedReason and stacktrace in Redis)
// with the same secrets removed as the log: an error whose message is a Bot API
// URL carried the bot token into the database unscrubbed.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import type { TelegramSender } from '../../src/jobs/telegram-sender.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { fakePeople } from './support/env.js';
import { lastOutboxId, startHarness, type Harness } from './support/jobs-harness.js';
import { redisAvailable, startRedis, type RedisUnderTest } from './support/redis.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789a';
/** A network failure as fetch reports it: the request's URL, token included. */
const failing: TelegramSender = {
  call: () => Promise.reject(new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: connect ECONNREFUSED`)),
};

let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let jobs: Harness | undefined;

beforeEach(async () => {
  t = createTestDb();
  t.clock.set(Date.now()); // BullMQ's worker runs on the real clock
  f = makeFamily(t.deps);
  fund(t.deps, f, f.cashId, 5_000_000);
  t.deps.db.delete(outbox).run();
  tg = await startFakeTelegram();
  fakePeople(t.deps, tg);
});
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
  await tg.close();
  t.cleanup();
});

/** An approval request whose notice fails twice: one retry, then failed. */
function failingNotice(): number {
  createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999, description: 'Sofa' });
  const id = lastOutboxId(t, 'approval.requested');
  t.deps.db.update(outbox).set({ maxAttempts: 2 }).where(eq(outbox.id, id)).run();
  return id;
}
const lastError = (id: number) => t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()!.lastError ?? '';

function expectScrubbed(text: string): void {
  expect(text).toContain('https://api.telegram.org/bot[redacted bot token]/sendMessage failed');
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('ABCdefGHI');
}

describe('a failed job keeps its error without secrets', () => {
  it('in process: last_error after a retry and after the last attempt', async () => {
    const id = failingNotice();
    jobs = await startHarness(t, { tg, role: 'all', sender: failing, tuning: { backoffBaseMs: 50 } });
    await jobs.waitForJob(id, 'retry');
    expectScrubbed(lastError(id));
    t.clock.advance(60_000); // the dispatcher's backoff runs on the test clock
    await jobs.waitForJob(id, 'failed');
    expectScrubbed(lastError(id));
  });

  describe.runIf(redisAvailable)('in Redis mode', () => {
    let redis: RedisUnderTest;
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    beforeEach(async () => {
      redis = await startRedis();
    });
    afterEach(async () => {
      await jobs?.stop();
      jobs = undefined;
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const q = new Queue('jobs', { connection, prefix });
      await q.obliterate({ force: true });
      await q.close();
      connection.disconnect();
      await redis.stop();
    });

    it("last_error and BullMQ's failedReason and stacktrace", async () => {
      const id = failingNotice();
      jobs = await startHarness(t, { tg, role: 'all', redisUrl: redis.url, sender: failing, tuning: { redisPrefix: prefix, backoffBaseMs: 50 } });
      await jobs.waitForJob(id, 'retry');
      expectScrubbed(lastError(id));
      await jobs.waitForJob(id, 'failed');
      expectScrubbed(lastError(id));
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const q = new Queue('jobs', { connection, prefix });
      try {
        const job = await q.getJob(`outbox-${id}`);
        if (!job) throw new Error(`no BullMQ job outbox-${id}`);
        expectScrubbed(job.failedReason);
        const traces = job.stacktrace ?? [];
        expect(traces.length).toBeGreaterThan(0);
        for (const trace of traces) expect(trace).not.toContain(TOKEN);
      } finally {
        await q.close();
        connection.disconnect();
      }
    });
  });
});
