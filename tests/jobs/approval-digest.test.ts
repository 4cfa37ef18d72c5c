// Reminders of pending approvals come as ONE digest per approver chat, with
// every waiting request's [✅ n] [❌ n] buttons, not one message per request.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { approveTransaction, changeMemberRole, createTransaction, getUser, rejectTransaction, setUserLocale, withdrawTransaction } from '../../src/domain/index.js';
import { callbackData } from '../../src/bot/shared/callback-data.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { fund } from '../support/builders.js';
import { chatOf, quietLogger, testConfig } from './support/env.js';
import { startHarness, useJobsFamily } from './support/jobs-harness.js';

const fx = useJobsFamily();

const request = (amountMinor: number, description: string) =>
  createTransaction(fx.t.deps, fx.f.members.member, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor, categoryId: fx.f.expenseCategoryId, description }).transaction;

describe('approval reminder digest', () => {
  it('3 pending requests → each approver gets exactly one reminder listing all three with their buttons', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    const requests = [request(120_000, 'Sofa'), request(80_000, 'Bike'), request(60_000, 'Desk')];
    await fx.jobs.settle();
    const before = new Map([fx.f.owner, fx.f.members.admin].map((id) => [id, chatOf(fx.people, id).messages().length]));
    expect([...before.values()]).toEqual([3, 3]);

    fx.t.clock.advance(2 * 3600_000);
    const config = testConfig({ dbPath: fx.t.path, tg: fx.tg, env });
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(3);
    await fx.jobs.settle();
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.reminder')).all().map((r) => r.status)).toEqual(['done', 'done', 'done']);

    for (const approverId of [fx.f.owner, fx.f.members.admin]) {
      const messages = chatOf(fx.people, approverId).messages().slice(before.get(approverId));
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
    expect(chatOf(fx.people, fx.f.members.member).messages().filter((m) => m.text?.startsWith('⏰'))).toEqual([]);
  });

  it('an admin made a member: their digest keeps its list and decided lines, loses every button, and says why; the owner\'s keeps them', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    const [sofa] = [request(120_000, 'Sofa'), request(80_000, 'Bike')];
    await fx.jobs.settle();
    fx.t.clock.advance(2 * 3600_000);
    expect(runScheduledWork(fx.t.deps, testConfig({ dbPath: fx.t.path, tg: fx.tg, env }), quietLogger()).reminded).toBe(2);
    await fx.jobs.settle();
    approveTransaction(fx.t.deps, fx.f.owner, sofa!.id);
    await fx.jobs.settle();
    changeMemberRole(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, userId: fx.f.members.admin, role: 'member' });
    await fx.jobs.settle();

    const admin = chatOf(fx.people, fx.f.members.admin);
    const digest = admin.messages().find((m) => m.text?.startsWith('⏰'))!;
    expect(digest.text).toMatch(/\n\n✔ 1\. ✅ Approved by .+\.\n\n🔒 You can no longer decide requests in this family\.$/);
    expect(admin.buttons(digest.message_id)).toEqual([]);
    const owner = chatOf(fx.people, fx.f.owner);
    const own = owner.messages().find((m) => m.text?.startsWith('⏰'))!;
    expect(owner.buttons(own.message_id)).toEqual(['✅ 2', '❌ 2']);
  });

  it('a Russian approver reads the count with its plural form: "2 запроса ждут", not "2 запросов"', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    request(120_000, 'Диван');
    request(80_000, 'Велосипед');
    await fx.jobs.settle();
    fx.t.clock.advance(2 * 3600_000);
    expect(runScheduledWork(fx.t.deps, testConfig({ dbPath: fx.t.path, tg: fx.tg, env }), quietLogger()).reminded).toBe(2);
    await fx.jobs.settle();
    const digest = chatOf(fx.people, fx.f.members.admin).messages().find((m) => m.text?.startsWith('⏰'));
    expect(digest?.text).toMatch(/^⏰ Напоминание: 2 запроса ждут вашего решения \(Test family\):/);
  });

  it('the oldest request of the pass sends the digest even when it was decided before its job ran: one digest of the rest', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    const [first] = [request(120_000, 'Sofa'), request(80_000, 'Bike'), request(60_000, 'Desk')];
    fx.t.clock.advance(2 * 3600_000);
    expect(runScheduledWork(fx.t.deps, testConfig({ dbPath: fx.t.path, tg: fx.tg, env }), quietLogger()).reminded).toBe(3);
    approveTransaction(fx.t.deps, fx.f.owner, first!.id);
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    await fx.jobs.settle();
    for (const approverId of [fx.f.owner, fx.f.members.admin]) {
      const reminders = chatOf(fx.people, approverId).messages().filter((m) => m.text?.startsWith('⏰'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.text).toMatch(/^⏰ Reminder: 2 requests are waiting/);
      expect(reminders[0]!.text).not.toContain('Sofa');
    }
  });
  it('reminds of each request once: a request not yet due is left out of the digest, and one already reminded is not listed again', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    const config = testConfig({ dbPath: fx.t.path, tg: fx.tg, env });
    const sofa = request(120_000, 'Sofa');
    fx.t.clock.advance(90 * 60_000);
    request(80_000, 'Bike'); // asked 30 minutes before the Sofa is due
    await fx.jobs.settle();
    const reminders = (id: number) => chatOf(fx.people, id).messages().filter((m) => m.text?.startsWith('⏰'));

    fx.t.clock.advance(30 * 60_000);
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(1);
    await fx.jobs.settle();
    for (const approverId of [fx.f.owner, fx.f.members.admin]) {
      const first = reminders(approverId);
      expect(first).toHaveLength(1);
      expect(first[0]!.text).toContain('Sofa');
      expect(first[0]!.text).not.toContain('Bike');
    }

    // The Bike's turn: the Sofa (still waiting, reminded already) is not reminded again.
    fx.t.clock.advance(90 * 60_000);
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(1);
    await fx.jobs.settle();
    for (const approverId of [fx.f.owner, fx.f.members.admin]) {
      const second = reminders(approverId);
      expect(second).toHaveLength(2);
      expect(second[1]!.text).toContain('Bike');
      expect(second[1]!.text).not.toContain('Sofa');
    }
    expect(sofa.status).toBe('pending_approval');
  });
  it('a decision made anywhere edits every approver\'s digest: the request marked, its buttons gone, the others kept', async () => {
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env });
    fund(fx.t.deps, fx.f, fx.f.cashId, 500_000);
    const [sofa, bike, desk] = [request(120_000, 'Sofa'), request(80_000, 'Bike'), request(60_000, 'Desk')];
    await fx.jobs.settle();
    fx.t.clock.advance(2 * 3600_000);
    expect(runScheduledWork(fx.t.deps, testConfig({ dbPath: fx.t.path, tg: fx.tg, env }), quietLogger()).reminded).toBe(3);
    await fx.jobs.settle();
    const digestOf = (id: number) => chatOf(fx.people, id).messages().find((m) => m.text?.startsWith('⏰'))!;
    const sent = digestOf(fx.f.members.admin).text ?? '';
    const buttons = (id: number) =>
      ((digestOf(id).reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).map((r) => r.map((b) => b.callback_data));
    const row = (id: number) => [callbackData.approval(id, 'a'), callbackData.approval(id, 'r')];
    const names = { owner: getUser(fx.t.deps, fx.f.owner).name, admin: getUser(fx.t.deps, fx.f.members.admin).name };

    // The owner approves the Bike (from the request card, the API…): the admin's digest says so at once.
    approveTransaction(fx.t.deps, fx.f.owner, bike!.id);
    await fx.jobs.settle();
    const owner = digestOf(fx.f.owner).text?.split('\n')[0];
    expect(owner).toMatch(/^⏰ Reminder: 3 requests/);
    expect(digestOf(fx.f.members.admin).text).toBe(`${sent}\n\n✔ 2. ✅ Approved by ${names.owner}.`);
    expect(buttons(fx.f.members.admin)).toEqual([row(sofa!.id), row(desk!.id)]);
    expect(buttons(fx.f.owner)).toEqual([row(sofa!.id), row(desk!.id)]);

    // The admin rejects the Sofa, the requester withdraws the Desk: nothing is left to press anywhere.
    rejectTransaction(fx.t.deps, fx.f.members.admin, sofa!.id);
    withdrawTransaction(fx.t.deps, fx.f.members.member, desk!.id);
    await fx.jobs.settle();
    for (const id of [fx.f.owner, fx.f.members.admin]) {
      expect(digestOf(id).text).toBe(`${sent}\n\n✔ 1. ❌ Rejected by ${names.admin}.\n✔ 2. ✅ Approved by ${names.owner}.\n✔ 3. ✋ Withdrawn`);
      expect(buttons(id)).toEqual([]);
    }
    // As sent (Telegram, and the fake server's stored copy, drop empty rows): no digest or edit of one had an empty row.
    const sentRows = fx.tg.calls().flatMap((c) => {
      const raw = c.params['reply_markup'];
      const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { inline_keyboard?: unknown[][] } | undefined;
      return markup?.inline_keyboard ? [markup.inline_keyboard] : [];
    });
    expect(sentRows.length).toBeGreaterThan(2);
    expect(sentRows.filter((rows) => rows.some((r) => r.length === 0))).toEqual([]);
  });
});
