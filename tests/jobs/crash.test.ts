// A worker process killed with SIGKILL after it sent a message but before it
// marked the job done: the restarted worker runs the job again, and the
// deliveries it recorded keep every approver at exactly one message.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, outbox } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, tooManyRequests, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople, spawnWorker, workerEnv, type Child } from './support/env.js';

let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let people: Map<number, FakeUser>;
const children: Child[] = [];

beforeEach(async () => {
  t = createTestDb();
  // The worker processes run on the real clock; the data must agree with it.
  t.clock.set(Date.now());
  f = makeFamily(t.deps);
  // A request is checked for funds when it is made: Cash holds the bike's price first.
  fund(t.deps, f, f.cashId, 5_000_000);
  t.deps.db.delete(outbox).run();
  tg = await startFakeTelegram();
  people = fakePeople(t.deps, tg);
});
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill9();
  await tg.close();
  t.cleanup();
});

function worker(extra: Record<string, string> = {}): Child {
  const child = spawnWorker(
    workerEnv(t.path, tg, {
      REDIS_URL: '', // in-process mode, whatever the CI environment says
      JOBS_POLL_MS: '50',
      JOBS_LEASE_MS: '1500',
      ...extra,
    }),
  );
  children.push(child);
  return child;
}

function requestApproval(): number {
  createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999, description: 'Bike' });
  return t.deps.db.select().from(outbox).all().at(-1)!.id;
}

const row = (id: number) => t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

describe('crash between send and mark-done', () => {
  it('kill -9 after all sends were recorded: the restarted worker sends nothing again and marks the job done', async () => {
    const id = requestApproval();
    const first = worker({ JOBS_HANG_AFTER_DELIVERIES: '2' });
    await first.waitForLine('HANG');
    await first.kill9();
    expect(row(id)).toMatchObject({ status: 'processing', attempts: 1 });
    const sendsBefore = tg.calls('sendMessage').length;
    expect(sendsBefore).toBe(2);

    const second = worker();
    await second.waitForLine(`AFTER ${id} done`); // after the dead worker's lease ran out
    expect(row(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(tg.calls('sendMessage')).toHaveLength(sendsBefore);
    for (const approver of [f.owner, f.members.admin]) expect(chatOf(people, approver).messages()).toHaveLength(1);
    expect(await second.stop()).toBe(0);
    expect(second.lines.at(-1)).toBe('STOPPED');
  });

  it('kill -9 half-way through a fan-out: the restarted worker serves only the rest, each approver gets exactly one message', async () => {
    const id = requestApproval();
    // One recipient at a time, so nothing else is in flight at the moment of the kill.
    const first = worker({ JOBS_HANG_AFTER_DELIVERIES: '1', JOBS_FAN_OUT: '1' });
    await first.waitForLine('HANG');
    expect(tg.calls('sendMessage').filter((c) => c.error === undefined)).toHaveLength(1);
    await first.kill9();
    expect(row(id)).toMatchObject({ status: 'processing', attempts: 1 });
    expect(t.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, id)).all()).toHaveLength(1);

    const second = worker();
    await second.waitForLine(`AFTER ${id} done`);
    expect(row(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(tg.calls('sendMessage')).toHaveLength(2);
    for (const approver of [f.owner, f.members.admin]) {
      const messages = chatOf(people, approver).messages();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.reply_markup?.inline_keyboard[0]?.map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject']);
    }
    expect(t.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, id)).all()).toHaveLength(2);
    await second.stop();
  });

  it('SIGTERM during a 429 wait lets the job in flight finish before the process exits', async () => {
    tg.failNext('sendMessage', tooManyRequests(1));
    const limited = tg.waitForCall('sendMessage', (c) => c.error?.error_code === 429, { timeoutMs: 15_000 });
    const id = requestApproval();
    const w = worker();
    await limited;
    const code = await w.stop();
    expect(code).toBe(0);
    expect(w.lines).toContain(`AFTER ${id} done`);
    expect(row(id).status).toBe('done');
    expect(chatOf(people, f.owner).messages()).toHaveLength(1);
    expect(chatOf(people, f.members.admin).messages()).toHaveLength(1);
  });
});
