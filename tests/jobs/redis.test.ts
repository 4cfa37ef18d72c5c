// Redis mode against a real redis-server: the relay moves outbox rows into
// BullMQ (job id outbox-<id>), worker processes run the same handlers.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { approveTransaction, createTransaction, enqueueOutbox, setApprovalThreshold } from '../../src/domain/index.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople, spawnWorker, workerEnv, type Child } from './support/env.js';
import { lastOutboxId, startHarness, type Harness } from './support/jobs-harness.js';
import { redisAvailable, startRedis, type RedisUnderTest } from './support/redis.js';

const inCi = process.env['CI'] === 'true';
if (!redisAvailable) {
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\n!! Redis-mode job tests SKIPPED: no redis-server binary and no TEST_REDIS_URL/REDIS_URL.\n!! Install it (apt-get install -y redis-server) to run them. In CI this fails.\n${banner}\n`);
}

if (!redisAvailable && inCi) {
  describe('Redis mode in CI', () => {
    it('needs a redis-server binary (or TEST_REDIS_URL) in CI', () => {
      throw new Error('CI=true but no redis-server binary and no TEST_REDIS_URL/REDIS_URL: the Redis-mode tests cannot run');
    });
  });
}

describe.runIf(redisAvailable)('Redis mode', () => {
  let redis: RedisUnderTest;
  let t: TestDb;
  let f: FamilyFixture;
  let tg: FakeTelegram;
  let people: Map<number, FakeUser>;
  let prefix: string;
  let jobs: Harness | undefined;
  const children: Child[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    t = createTestDb();
    t.clock.set(Date.now()); // worker processes run on the real clock
    f = makeFamily(t.deps);
    // A request is checked for funds when it is made: Cash holds enough for every request below first.
    fund(t.deps, f, f.cashId, 50_000_000);
    t.deps.db.delete(outbox).run();
    tg = await startFakeTelegram();
    people = fakePeople(t.deps, tg);
    prefix = `test-${randomUUID().slice(0, 8)}`; // a fresh keyspace per test, even on a shared REDIS_URL
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill9();
    await jobs?.stop();
    jobs = undefined;
    // Leave a shared Redis (TEST_REDIS_URL) as we found it.
    await withQueue(async (q) => {
      for (const s of await q.getJobSchedulers()) await q.removeJobScheduler(s.key);
      await q.obliterate({ force: true });
    });
    await tg.close();
    t.cleanup();
  });

  function worker(): Child {
    const child = spawnWorker(workerEnv(t.path, tg, { REDIS_URL: redis.url, JOBS_REDIS_PREFIX: prefix, JOBS_POLL_MS: '100', JOBS_SCHEDULER_MS: '3600000' }));
    children.push(child);
    return child;
  }

  async function withQueue<T>(fn: (q: Queue) => Promise<T>): Promise<T> {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const q = new Queue('jobs', { connection, prefix });
    try {
      return await fn(q);
    } finally {
      await q.close();
      connection.disconnect();
    }
  }

  const requestApproval = (amountMinor = 999_999, description = 'Bike') =>
    createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, description }).transaction;
  const row = (id: number) => t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

  it('an api process only enqueues: messages wait in Redis while no worker runs, and go out once when one starts', async () => {
    jobs = await startHarness(t, { tg, role: 'api', redisUrl: redis.url, tuning: { redisPrefix: prefix } });
    requestApproval();
    const id = lastOutboxId(t, 'approval.requested');
    await jobs.waitForRelay(id);
    expect(row(id).status).toBe('processing');
    expect(await withQueue((q) => q.getJobState(`outbox-${id}`))).toBe('waiting');

    // The relay's lease on the row runs out (Redis might have lost the job): it is
    // added again, and BullMQ drops the duplicate because the job still exists.
    t.deps.db.update(outbox).set({ lockedUntil: t.clock.now - 1 }).where(eq(outbox.id, id)).run();
    await jobs.waitForRelay(id, 2);
    const counts = await withQueue((q) => q.getJobCounts('waiting', 'active', 'completed'));
    expect([counts['waiting'], counts['active'], counts['completed']]).toEqual([1, 0, 0]);
    expect(tg.calls('sendMessage')).toEqual([]);

    const w = worker();
    await w.waitForLine(`AFTER ${id} done`);
    expect(row(id).status).toBe('done');
    for (const approver of [f.owner, f.members.admin]) {
      const messages = chatOf(people, approver).messages();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.reply_markup?.inline_keyboard[0]?.map((b) => ('callback_data' in b ? b.callback_data : undefined))).toEqual([
        expect.stringMatching(/^appr:\d+:a$/),
        expect.stringMatching(/^appr:\d+:r$/),
      ]);
    }
    expect(w.lines.filter((l) => l === `JOB ${id}`)).toHaveLength(1);
    expect(await w.stop()).toBe(0);
  });

  it('two worker processes consume the same queue and no job runs twice', async () => {
    const count = 20;
    jobs = await startHarness(t, { tg, role: 'bot', redisUrl: redis.url, tuning: { redisPrefix: prefix } });
    const a = worker();
    const b = worker();
    await Promise.all([a.waitForLine('READY'), b.waitForLine('READY')]);
    const ran: string[] = [];
    const finished = new Set<number>();
    const allDone = new Promise<void>((resolve) => {
      for (const [name, child] of [['a', a], ['b', b]] as const) {
        child.onLine((line) => {
          const job = /^JOB (\d+)$/.exec(line);
          if (job) ran.push(`${name}:${job[1]}`);
          const done = /^AFTER (\d+) done$/.exec(line);
          if (done) finished.add(Number(done[1]));
          if (finished.size === count) resolve();
        });
      }
    });
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      requestApproval(100_000 + i, `Item ${i}`);
      ids.push(lastOutboxId(t, 'approval.requested'));
      jobs.wake();
    }
    await allDone;

    const runsPerJob = new Map<string, number>();
    for (const r of ran) runsPerJob.set(r.split(':')[1]!, (runsPerJob.get(r.split(':')[1]!) ?? 0) + 1);
    expect([...runsPerJob.keys()].sort()).toEqual(ids.map(String).sort());
    expect([...runsPerJob.values()].every((n) => n === 1)).toBe(true);
    expect(ids.every((id) => row(id).status === 'done')).toBe(true);
    for (const approver of [f.owner, f.members.admin]) {
      const data = chatOf(people, approver)
        .messages()
        .map((m) => m.reply_markup?.inline_keyboard[0]?.[0])
        .map((b) => (b && 'callback_data' in b ? b.callback_data : undefined));
      expect(data).toHaveLength(count);
      expect(new Set(data).size).toBe(count); // one request per transaction, none twice
    }
    expect(chatOf(people, f.members.member).messages()).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('role all runs relay and worker in one process: requests go out, and a decision edits every copy', async () => {
    jobs = await startHarness(t, { tg, role: 'all', redisUrl: redis.url, tuning: { redisPrefix: prefix } });
    const tx = requestApproval(60_000, 'Lamp');
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));
    fund(t.deps, f, f.cashId, 100_000);
    approveTransaction(t.deps, f.owner, tx.id);
    await jobs.waitForJob(lastOutboxId(t, 'approval.decided'));
    expect(chatOf(people, f.members.admin).messages()[0]?.text).toMatch(/✅ Approved by Owner\.$/);
    expect(chatOf(people, f.members.admin).messages()[0]?.reply_markup).toBeUndefined();
    expect(chatOf(people, f.members.member).messages().map((m) => m.text)).toEqual([expect.stringMatching(/^✅ Owner approved your request/)]);
  });

  it('fails an unknown topic once and visibly, without BullMQ retries; a manual retry runs it again', async () => {
    jobs = await startHarness(t, { tg, role: 'all', redisUrl: redis.url, tuning: { redisPrefix: prefix } });
    const id = enqueueOutbox(t.deps.db, { topic: 'no.such.topic' as never, payload: {} as never }, t.clock.now);
    await jobs.waitForJob(id, 'failed');
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('No handler') });
    expect(await withQueue((q) => q.getJobState(`outbox-${id}`))).toBe('failed');

    // An operator fixes the row and puts it back to pending: it runs again despite the old failed job.
    t.deps.db
      .update(outbox)
      .set({ topic: 'binding.confirmed', payload: JSON.stringify({ chatId: chatOf(people, f.owner).chatId, userId: f.owner }), status: 'pending', attempts: 0 })
      .where(eq(outbox.id, id))
      .run();
    await jobs.waitForJob(id, 'done');
    expect(chatOf(people, f.owner).messages().map((m) => m.text)).toEqual([expect.stringMatching(/^✅ Connected!/)]);
  });

  it('the BullMQ job scheduler drives the recurring rules', async () => {
    setApprovalThreshold(t.deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: 1_000_000 });
    const today = new Date(t.clock.now).toISOString().slice(0, 10);
    createRecurringRule(t.deps, f.owner, { familyId: f.familyId, kind: 'income', walletId: f.cashId, amountMinor: 5_000, description: 'Salary', frequency: 'monthly', startDate: today });
    jobs = await startHarness(t, { tg, role: 'all', redisUrl: redis.url, tuning: { redisPrefix: prefix, schedulerEveryMs: 200 } });
    await chatOf(people, f.owner).waitForMessage(/^🔁 Recurring entry/, { timeoutMs: 10_000 });
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'recurring.created')).all()).toHaveLength(1);
    const schedulers = await withQueue((q) => q.getJobSchedulers());
    expect(schedulers.map((s) => s.key)).toEqual(['scheduled-work']);
  });
});
