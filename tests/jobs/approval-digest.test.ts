// Reminders of pending approvals come as ONE digest per approver chat, with
// every waiting request's [✅ n] [❌ n] buttons, not one message per request.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { approveTransaction, createTransaction } from '../../src/domain/index.js';
import { callbackData } from '../../src/bot/shared/callback-data.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople, quietLogger, testConfig } from './support/env.js';
import { startHarness, type Harness } from './support/jobs-harness.js';

let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let people: Map<number, FakeUser>;
let jobs: Harness | undefined;

beforeEach(async () => {
  t = createTestDb();
  f = makeFamily(t.deps);
  t.deps.db.delete(outbox).run();
  tg = await startFakeTelegram();
  people = fakePeople(t.deps, tg);
});
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
  await tg.close();
  t.cleanup();
});

const request = (amountMinor: number, description: string) =>
  createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId, description }).transaction;

describe('approval reminder digest', () => {
  it('3 pending requests → each approver gets exactly one reminder listing all three with their buttons', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    jobs = await startHarness(t, { tg, env });
    fund(t.deps, f, f.cashId, 500_000);
    const requests = [request(120_000, 'Sofa'), request(80_000, 'Bike'), request(60_000, 'Desk')];
    await jobs.settle();
    const before = new Map([f.owner, f.members.admin].map((id) => [id, chatOf(people, id).messages().length]));
    expect([...before.values()]).toEqual([3, 3]);

    t.clock.advance(2 * 3600_000);
    const config = testConfig({ dbPath: t.path, tg, env });
    expect(runScheduledWork(t.deps, config, quietLogger()).reminded).toBe(3);
    await jobs.settle();
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.reminder')).all().map((r) => r.status)).toEqual(['done', 'done', 'done']);

    for (const approverId of [f.owner, f.members.admin]) {
      const messages = chatOf(people, approverId).messages().slice(before.get(approverId));
      expect(messages).toHaveLength(1);
      const digest = messages[0]!;
      expect(digest.text).toMatch(/^⏰ Reminder: 3 requests are waiting for your decision \(Test family\):/);
      for (const d of ['Sofa', 'Bike', 'Desk']) expect(digest.text).toContain(d);
      const rows = (digest.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> }).inline_keyboard;
      expect(rows.map((r) => r.map((b) => b.callback_data))).toEqual(
        requests.map((r) => [callbackData.approval(r.id, 'a'), callbackData.approval(r.id, 'r')]),
      );
    }
    // The requester is no approver of their own requests: no reminder for them.
    expect(chatOf(people, f.members.member).messages().filter((m) => m.text?.startsWith('⏰'))).toEqual([]);
  });

  it('the oldest request of the pass sends the digest even when it was decided before its job ran: one digest of the rest', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fund(t.deps, f, f.cashId, 500_000);
    const [first] = [request(120_000, 'Sofa'), request(80_000, 'Bike'), request(60_000, 'Desk')];
    t.clock.advance(2 * 3600_000);
    expect(runScheduledWork(t.deps, testConfig({ dbPath: t.path, tg, env }), quietLogger()).reminded).toBe(3);
    approveTransaction(t.deps, f.owner, first!.id);
    jobs = await startHarness(t, { tg, env });
    await jobs.settle();
    for (const approverId of [f.owner, f.members.admin]) {
      const reminders = chatOf(people, approverId).messages().filter((m) => m.text?.startsWith('⏰'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.text).toMatch(/^⏰ Reminder: 2 requests are waiting/);
      expect(reminders[0]!.text).not.toContain('Sofa');
    }
  });
});
