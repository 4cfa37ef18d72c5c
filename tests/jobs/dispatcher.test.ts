// The in-process dispatcher: leases, retries with exponential backoff, visible
// failures, and deliveries that make a retry skip recipients already served.
import { Api } from 'grammy';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, outbox } from '../../src/db/schema.js';
import { createTransaction, enqueueOutbox, rejectTransaction } from '../../src/domain/index.js';
import { Dispatcher, DEFAULT_DISPATCHER_TUNING } from '../../src/jobs/dispatcher.js';
import type { TelegramSender } from '../../src/jobs/telegram-sender.js';
import { createTexts } from '../../src/jobs/texts.js';
import { backoffMs } from '../../src/jobs/outbox-store.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople, quietLogger } from './support/env.js';

const BASE = 1_000;
let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let people: Map<number, FakeUser>;
/** Sends through the fake Bot API, except that the next `failures` calls throw (a network outage). */
let failures = 0;
let attempted = 0;

beforeEach(async () => {
  t = createTestDb();
  f = makeFamily(t.deps);
  // A request is checked for funds when it is made: Cash holds the sofa's price (and more) first.
  fund(t.deps, f, f.cashId, 5_000_000);
  t.deps.db.delete(outbox).run(); // the fixture's member.joined rows are not what these tests are about
  tg = await startFakeTelegram();
  people = fakePeople(t.deps, tg);
  failures = 0;
  attempted = 0;
});
afterEach(async () => {
  await tg.close();
  t.cleanup();
});

function dispatcher(): Dispatcher {
  const api = new Api(tg.token, { apiRoot: tg.apiRoot });
  const sender: TelegramSender = {
    call: async (fn) => {
      attempted++;
      if (failures > 0) {
        failures--;
        throw new Error('connect ECONNREFUSED');
      }
      return fn(api);
    },
  };
  return new Dispatcher(
    { deps: t.deps, sender, texts: createTexts(), log: quietLogger(), defaultLocale: 'en', fanOut: 3, hooks: {} },
    { ...DEFAULT_DISPATCHER_TUNING, backoffBaseMs: BASE, backoffMaxMs: 60_000, random: () => 1 },
  );
}

const row = (id: number) => t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()!;
const requestPending = () =>
  createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 999_999, description: 'New sofa' }).transaction;
const onlyRow = () => t.deps.db.select().from(outbox).all().at(-1)!;

describe('in-process dispatcher', () => {
  it('retries a failing job with exponential backoff, then succeeds, and each approver gets exactly one message', async () => {
    requestPending();
    const id = onlyRow().id;
    const d = dispatcher();
    failures = 1;

    expect(await d.drain()).toBe(1);
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: connect ECONNREFUSED', nextAttemptAt: t.clock.now + BASE });
    expect(await d.drain()).toBe(0); // not due yet

    failures = 5; // still down at the second attempt
    t.clock.advance(BASE);
    expect(await d.drain()).toBe(1);
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: t.clock.now + 2 * BASE });

    failures = 0;
    t.clock.advance(2 * BASE);
    expect(await d.drain()).toBe(1);
    expect(row(id)).toMatchObject({ status: 'done', attempts: 3, doneAt: t.clock.now, lockedUntil: null });
    for (const approver of [f.owner, f.members.admin]) {
      const messages = chatOf(people, approver).messages();
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toContain('New sofa');
    }
    expect(chatOf(people, f.members.member).messages()).toEqual([]);
    expect(t.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, id)).all()).toHaveLength(2);
  });

  it('skips recipients already served when a job is retried', async () => {
    requestPending();
    const id = onlyRow().id;
    const d = dispatcher();
    // The first send goes out and is recorded; the second fails.
    const api = new Api(tg.token, { apiRoot: tg.apiRoot });
    let n = 0;
    (d as unknown as { env: { sender: TelegramSender } }).env.sender = {
      call: async (fn) => {
        if (++n === 2) throw new Error('timeout');
        return fn(api);
      },
    };
    await d.drain();
    expect(row(id).status).toBe('pending');
    const served = t.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, id)).all();
    expect(served).toHaveLength(1);
    t.clock.advance(BASE);
    await d.drain();
    expect(row(id).status).toBe('done');
    expect(chatOf(people, f.owner).messages()).toHaveLength(1);
    expect(chatOf(people, f.members.admin).messages()).toHaveLength(1);
    expect(tg.calls('sendMessage').filter((c) => c.error === undefined)).toHaveLength(2);
  });

  it('fails a job visibly after max_attempts, keeping the last error', async () => {
    requestPending();
    const id = onlyRow().id;
    t.deps.db.update(outbox).set({ maxAttempts: 3 }).where(eq(outbox.id, id)).run();
    const d = dispatcher();
    failures = Infinity;
    for (let i = 0; i < 3; i++) {
      expect(await d.drain()).toBe(1);
      t.clock.advance(60_000);
    }
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: connect ECONNREFUSED', lockedUntil: null });
    expect(await d.drain()).toBe(0);
    expect(attempted).toBeGreaterThanOrEqual(3);
  });

  it('fails an unknown topic at once, without retries', async () => {
    const id = enqueueOutbox(t.deps.db, { topic: 'no.such.topic' as never, payload: {} as never }, t.clock.now);
    await dispatcher().drain();
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('No handler for outbox topic "no.such.topic"') });
  });

  it('leaves a row leased by another process alone until the lease runs out', async () => {
    requestPending();
    const id = onlyRow().id;
    t.deps.db.update(outbox).set({ status: 'processing', attempts: 1, lockedUntil: t.clock.now + 30_000 }).where(eq(outbox.id, id)).run();
    const d = dispatcher();
    expect(await d.drain()).toBe(0);
    t.clock.advance(30_001);
    expect(await d.drain()).toBe(1);
    expect(row(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails a row whose last attempt never finished (its process died) instead of running it again', async () => {
    requestPending();
    const id = onlyRow().id;
    t.deps.db.update(outbox).set({ status: 'processing', attempts: 8, lockedUntil: t.clock.now - 1 }).where(eq(outbox.id, id)).run();
    expect(await dispatcher().drain()).toBe(0);
    expect(row(id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('lease expired') });
    expect(tg.calls('sendMessage')).toEqual([]);
  });

  it('records a recipient who blocked the bot and still finishes the job', async () => {
    chatOf(people, f.owner).block();
    requestPending();
    const id = onlyRow().id;
    await dispatcher().drain();
    expect(row(id).status).toBe('done');
    const results = t.deps.db.select().from(deliveries).where(eq(deliveries.outboxId, id)).all().map((r) => r.result);
    expect(results).toEqual(expect.arrayContaining([expect.stringMatching(/^refused: 403/), expect.stringMatching(/^message:\d+$/)]));
    expect(chatOf(people, f.members.admin).messages()).toHaveLength(1);
  });

  it('a decision that lands while the requests go out is shown on every copy, including those sent after it', async () => {
    const tx = requestPending();
    const api = new Api(tg.token, { apiRoot: tg.apiRoot });
    let sends = 0;
    const seenWhenRequestJobEnded: Array<string | undefined> = [];
    const d = new Dispatcher(
      {
        deps: t.deps,
        sender: {
          call: async (fn) => {
            const result = await fn(api);
            // The owner rejects right after the first request reached its chat.
            if (++sends === 1) rejectTransaction(t.deps, f.owner, tx.id, 'no');
            return result;
          },
        },
        texts: createTexts(),
        log: quietLogger(),
        defaultLocale: 'en',
        fanOut: 1,
        hooks: {
          afterJob: (id) => {
            if (id !== requestRow) return;
            for (const p of [f.owner, f.members.admin]) {
              const copy = chatOf(people, p).messages()[0];
              seenWhenRequestJobEnded.push(`${copy?.text ?? ''}${copy?.reply_markup ? ' [buttons]' : ''}`);
            }
          },
        },
      },
      { ...DEFAULT_DISPATCHER_TUNING, random: () => 1 },
    );
    const requestRow = onlyRow().id;
    await d.drain();
    expect(seenWhenRequestJobEnded).toEqual([expect.stringMatching(/❌ Rejected by Owner\.\nReason: no$/), expect.stringMatching(/❌ Rejected by Owner\.\nReason: no$/)]);
    expect(row(requestRow).status).toBe('done');
  });

  it('backoff grows exponentially, is capped, and is jittered between 50 % and 100 %', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
  });
});
