// End to end in one process: the core writes outbox rows, startJobs delivers
// them through the fake Bot API, people see the messages.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalMessages, outbox } from '../../src/db/schema.js';
import {
  approveTransaction,
  createBudget,
  createInvite,
  createTransaction,
  enqueueOutbox,
  ensureTelegramUser,
  joinFamily,
  rejectTransaction,
  reverseTransaction,
  setUserLocale,
  createWallet,
  createGoal,
  commitImport,
  previewImport,
  withdrawTransaction,
} from '../../src/domain/index.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, tooManyRequests, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople, quietLogger, testConfig } from './support/env.js';
import { lastOutboxId, startHarness, type Harness } from './support/jobs-harness.js';

let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let people: Map<number, FakeUser>;
let jobs: Harness | undefined;

beforeEach(async () => {
  t = createTestDb();
  f = makeFamily(t.deps);
  t.deps.db.delete(outbox).run(); // the fixture's member.joined rows: tested on their own below
  tg = await startFakeTelegram();
  people = fakePeople(t.deps, tg);
});
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
  await tg.close();
  t.cleanup();
});

const owner = () => chatOf(people, f.owner);
const admin = () => chatOf(people, f.members.admin);
const member = () => chatOf(people, f.members.member);
const viewer = () => chatOf(people, f.members.viewer);
// A request is checked for funds when it is made: the wallet holds the sofa's price first.
const requestSofa = () => {
  fund(t.deps, f, f.cashId, 120_000);
  return createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 120_000, categoryId: f.expenseCategoryId, description: 'Sofa' })
    .transaction;
};

describe('approval notifications', () => {
  it('sends the request with Approve/Reject buttons to every approver but the requester, then edits every copy with the outcome', async () => {
    jobs = await startHarness(t, { tg });
    const tx = requestSofa();
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));

    for (const approver of [owner(), admin()]) {
      const [request, ...rest] = approver.messages();
      expect(rest).toEqual([]);
      expect(request?.text).toMatch(/^🔔 member asks for approval \(Test family\):\nExpense: \$1,200\.00\nWallet: .+\nCategory: .+\nNote: Sofa$/);
      expect(request?.reply_markup?.inline_keyboard).toEqual([
        [
          { text: '✅ Approve', callback_data: `appr:${tx.id}:a` },
          { text: '❌ Reject', callback_data: `appr:${tx.id}:r` },
        ],
      ]);
    }
    expect(member().messages()).toEqual([]); // the adapter, not jobs, tells the requester it waits
    expect(viewer().messages()).toEqual([]);
    const copies = t.deps.db.select().from(approvalMessages).where(eq(approvalMessages.transactionId, tx.id)).all();
    expect(copies.map((c) => c.chatId).sort()).toEqual([owner().chatId, admin().chatId].sort());

    fund(t.deps, f, f.cashId, 200_000);
    approveTransaction(t.deps, f.members.admin, tx.id);
    await jobs.waitForJob(lastOutboxId(t, 'approval.decided'));

    for (const approver of [owner(), admin()]) {
      const [copy, ...rest] = approver.messages();
      expect(rest).toEqual([]);
      expect(copy?.text).toMatch(/Note: Sofa\n\n✅ Approved by admin$/);
      expect(copy?.reply_markup).toBeUndefined();
      expect(copy?.edit_date).toBeDefined();
    }
    const told = member().messages();
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/^✅ admin approved your request:\nExpense: \$1,200\.00/);
  });

  it('tolerates a copy already edited to the same text or deleted, and tells the requester the reason of a rejection', async () => {
    jobs = await startHarness(t, { tg });
    const tx = requestSofa();
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));
    const ownerCopy = owner().messages()[0]!;
    await new (await import('grammy')).Api(tg.token, { apiRoot: tg.apiRoot }).deleteMessage(owner().chatId, ownerCopy.message_id);

    rejectTransaction(t.deps, f.owner, tx.id, 'We have a sofa');
    await jobs.waitForJob(lastOutboxId(t, 'approval.decided'));
    expect(admin().messages()[0]?.text).toMatch(/❌ Rejected by Owner\nReason: We have a sofa$/);
    expect(member().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^❌ Owner rejected your request:[\s\S]*Reason: We have a sofa$/)]);
    expect(tg.calls('editMessageText').map((c) => c.error?.description ?? 'ok')).toEqual(expect.arrayContaining(['ok', 'Bad Request: message to edit not found']));
  });

  it('writes in each recipient’s language: their own, else the family’s', async () => {
    setUserLocale(t.deps, f.members.admin, 'ru');
    jobs = await startHarness(t, { tg });
    const tx = requestSofa();
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));
    expect(admin().messages()[0]?.text).toMatch(/^🔔 member просит одобрить \(Test family\):\nРасход: 1\s200,00\s\$/);
    expect(admin().buttons()).toEqual(['✅ Одобрить', '❌ Отклонить']);
    expect(owner().buttons()).toEqual(['✅ Approve', '❌ Reject']);
    rejectTransaction(t.deps, f.owner, tx.id);
    await jobs.waitForJob(lastOutboxId(t, 'approval.decided'));
    expect(admin().messages()[0]?.text).toMatch(/❌ Отклонил\(а\): Owner$/);
  });

  it('does not send a request that was decided before the job ran', async () => {
    const tx = requestSofa();
    rejectTransaction(t.deps, f.owner, tx.id);
    jobs = await startHarness(t, { tg });
    await jobs.settle();
    expect(owner().messages()).toEqual([]);
    expect(admin().messages()).toEqual([]);
    expect(member().messages()).toHaveLength(1);
  });

  it('waits out a 429 retry_after and sends each message exactly once', async () => {
    tg.failNext('sendMessage', tooManyRequests(1));
    jobs = await startHarness(t, { tg });
    requestSofa();
    const id = lastOutboxId(t, 'approval.requested');
    await jobs.waitForJob(id);
    const sends = tg.calls('sendMessage');
    expect(sends.filter((c) => c.error?.error_code === 429)).toHaveLength(1);
    expect(sends.filter((c) => c.error === undefined)).toHaveLength(2);
    const limited = sends.find((c) => c.error !== undefined)!;
    const retried = sends.find((c) => c.error === undefined && c.params['chat_id'] === limited.params['chat_id'])!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(900);
    expect(owner().messages()).toHaveLength(1);
    expect(admin().messages()).toHaveLength(1);
    // auto-retry handled it inside the job: no job-level retry was needed.
    expect(t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('reminds approvers once about a request pending longer than APPROVAL_REMINDER_HOURS, as a reply to their copy', async () => {
    jobs = await startHarness(t, { tg, env: { APPROVAL_REMINDER_HOURS: '2' } });
    requestSofa();
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));
    const config = testConfig({ dbPath: t.path, tg, env: { APPROVAL_REMINDER_HOURS: '2' } });

    t.clock.advance(2 * 3600_000 - 1);
    expect(runScheduledWork(t.deps, config, quietLogger()).reminded).toBe(0);
    t.clock.advance(1);
    expect(runScheduledWork(t.deps, config, quietLogger()).reminded).toBe(1);
    expect(runScheduledWork(t.deps, config, quietLogger()).reminded).toBe(0);
    await jobs.waitForJob(lastOutboxId(t, 'approval.reminder'));

    for (const approver of [owner(), admin()]) {
      const [request, reminder, ...rest] = approver.messages();
      expect(rest).toEqual([]);
      expect(reminder?.text).toMatch(/^⏰ Reminder: member is still waiting for a decision \(Test family\):\nExpense: \$1,200\.00/);
      expect(reminder?.reply_to_message?.message_id).toBe(request?.message_id);
    }
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.reminder')).all()).toHaveLength(1);
  });
});

describe('other notices', () => {
  it('member.joined tells the owner and admins, each in their language', async () => {
    setUserLocale(t.deps, f.members.admin, 'ru');
    jobs = await startHarness(t, { tg });
    const newcomer = ensureTelegramUser(t.deps, { chatId: 777001, firstName: 'Nina', languageCode: 'en' }).user.id;
    const nina = tg.user({ id: 777001, first_name: 'Nina' });
    joinFamily(t.deps, newcomer, createInvite(t.deps, f.owner, { familyId: f.familyId, role: 'viewer' }).code);
    await jobs.waitForJob(lastOutboxId(t, 'member.joined'));
    expect(owner().messages().map((m) => m.text)).toEqual(['👋 Nina joined Test family as viewer.']);
    expect(admin().messages().map((m) => m.text)).toEqual(['👋 Nina присоединяется к «Test family», роль: наблюдатель.']);
    expect(member().messages()).toEqual([]);
    expect(nina.messages()).toEqual([]);
  });

  it('transaction.reversed tells the person whose transaction it was, with the reason', async () => {
    fund(t.deps, f, f.cashId, 10_000);
    const { transaction } = createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 250, description: 'Coffee' });
    jobs = await startHarness(t, { tg });
    reverseTransaction(t.deps, f.members.admin, { transactionId: transaction.id, reason: 'entered twice' });
    await jobs.waitForJob(lastOutboxId(t, 'transaction.reversed'));
    expect(member().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^↩️ admin reversed your transaction \(Test family\):\nExpense: \$2\.50[\s\S]*Reason: entered twice$/)]);
  });

  it('binding.confirmed says "Connected" in the bound chat', async () => {
    jobs = await startHarness(t, { tg });
    enqueueOutbox(t.deps.db, { topic: 'binding.confirmed', payload: { chatId: member().chatId, userId: f.members.member } }, t.clock.now);
    await jobs.waitForJob(lastOutboxId(t, 'binding.confirmed'));
    expect(member().messages()[0]?.text).toMatch(/^✅ Connected!/);
  });

  it('recurring.created tells the family, and says when the entry waits for approval', async () => {
    jobs = await startHarness(t, { tg });
    const today = new Date(t.clock.now).toISOString().slice(0, 10);
    fund(t.deps, f, f.cashId, 900_000);
    createRecurringRule(t.deps, f.members.member, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 900_000, description: 'Rent', frequency: 'monthly', startDate: today,
    });
    const config = testConfig({ dbPath: t.path, tg });
    expect(runScheduledWork(t.deps, config, quietLogger()).recurringCreated).toBe(1);
    await jobs.settle();
    for (const person of [owner(), admin(), member(), viewer()]) {
      expect(person.messages().map((m) => m.text)).toContainEqual(expect.stringMatching(/^🔁 Recurring entry for Nov 25, 2026 recorded \(Test family\):\nExpense: \$9,000\.00[\s\S]*Note: Rent\n⏳ It waits for approval\.$/));
    }
    expect(owner().buttons()).toEqual(['✅ Approve', '❌ Reject']); // and the approval request went out too
  });

  it('recurring.unpaid tells the creator which wallet is short and which could pay, once', async () => {
    jobs = await startHarness(t, { tg });
    const today = new Date(t.clock.now).toISOString().slice(0, 10);
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 500_000 });
    createRecurringRule(t.deps, f.members.member, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 90_000, description: 'Rent', frequency: 'monthly', startDate: today,
    });
    const config = testConfig({ dbPath: t.path, tg });
    runScheduledWork(t.deps, config, quietLogger());
    runScheduledWork(t.deps, config, quietLogger());
    await jobs.settle();
    expect(member().messages().map((m) => m.text)).toEqual([
      '⚠️ The recurring $900.00 on Nov 25, 2026 cannot be paid: Cash has $0.00.\nNote: Rent\nWallets that can pay: Bank ($5,000.00)',
    ]);
    expect(owner().messages()).toEqual([]);
  });

  it('approval.withdrawn edits every approver’s copy to say it was withdrawn, without buttons', async () => {
    jobs = await startHarness(t, { tg });
    const tx = requestSofa();
    await jobs.waitForJob(lastOutboxId(t, 'approval.requested'));
    withdrawTransaction(t.deps, f.members.member, tx.id);
    await jobs.waitForJob(lastOutboxId(t, 'approval.withdrawn'));
    for (const approver of [owner(), admin()]) {
      const [copy] = approver.messages();
      expect(copy?.text).toMatch(/Note: Sofa\n\n↩️ Withdrawn by member\.$/);
      expect(copy?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    }
  });

  it('budget.threshold from before the spender was recorded alerts the approvers', async () => {
    const budget = createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 50_000, currency: 'USD' });
    jobs = await startHarness(t, { tg });
    enqueueOutbox(t.deps.db, { topic: 'budget.threshold', payload: { budgetId: budget.id, familyId: f.familyId, percent: 80, period: '2026-11' } }, t.clock.now);
    await jobs.waitForJob(lastOutboxId(t, 'budget.threshold'));
    for (const person of [owner(), admin()]) expect(person.messages()[0]?.text).toMatch(/^📊 Budget “.+” has reached 80% \(November 2026\)\.\nLimit: \$500\.00 per month$/);
    expect(member().messages()).toEqual([]);
  });
});

describe('goal reached', () => {
  it('the transfer that lifts the savings wallet to its target tells everyone in the family once, each in their language', async () => {
    setUserLocale(t.deps, f.members.admin, 'ru');
    const savings = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Savings', type: 'savings', currency: 'USD' }).id;
    createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Trip', targetMinor: 1000_00, walletId: savings });
    fund(t.deps, f, f.cashId, 1500_00);
    jobs = await startHarness(t, { tg });
    const save = (amountMinor: number) => createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: savings, amountMinor });
    save(600_00);
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toEqual([]);
    save(400_00);
    await jobs.waitForJob(lastOutboxId(t, 'goal.reached'));

    const english = '🎉 Goal reached: “Trip” — $1,000.00 saved (Test family).';
    for (const person of [owner(), member(), viewer()]) expect(person.messages().map((m) => m.text)).toEqual([english]);
    expect(admin().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^🎉 Цель достигнута: «Trip» — накоплено 1\s000,00\s\$ \(Test family\)\.$/)]);

    // Above the target, and again after dipping below it: no second notice.
    save(100_00);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: savings, toWalletId: f.cashId, amountMinor: 300_00 });
    save(300_00);
    await jobs.settle();
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toHaveLength(1);
    for (const person of [owner(), admin(), member(), viewer()]) expect(person.messages()).toHaveLength(1);
  });
});

describe('goal reached by an import', () => {
  it('an imported opening balance that covers the target announces the goal like any posting', async () => {
    const savings = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Savings', type: 'savings', currency: 'USD' }).id;
    createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Car', targetMinor: 50_00, walletId: savings });
    jobs = await startHarness(t, { tg });
    const csv = [
      'id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by',
      '1,2026-11-01T10:00:00+00:00,opening_balance,executed,80.00,USD,,Savings,,,,,Olga,,',
    ].join('\r\n');
    expect(previewImport(t.deps, f.owner, { familyId: f.familyId, csv }).balanceEntries).toBe(1);
    expect(t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toEqual([]); // a preview announces nothing
    commitImport(t.deps, f.owner, { familyId: f.familyId, csv });
    await jobs.waitForJob(lastOutboxId(t, 'goal.reached'));
    expect(owner().messages().map((m) => m.text)).toEqual(['🎉 Goal reached: “Car” — $50.00 saved (Test family).']);
  });
});

describe('without a bot token', () => {
  it('keeps notifications pending (not failed) so they go out once a token is configured', async () => {
    jobs = await startHarness(t, { sender: null });
    requestSofa();
    jobs.wake();
    await jobs.stop();
    const id = lastOutboxId(t, 'approval.requested');
    expect(t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()).toMatchObject({ status: 'pending', attempts: 0 });

    jobs = await startHarness(t, { tg });
    await jobs.waitForJob(id);
    expect(owner().messages()).toHaveLength(1);
  });

  it('api and bot roles only write the outbox', async () => {
    jobs = await startHarness(t, { tg, role: 'api' });
    requestSofa();
    jobs.wake();
    await jobs.stop();
    jobs = undefined;
    expect(t.deps.db.select().from(outbox).all().map((r) => r.status)).toEqual(['pending']);
    expect(tg.calls()).toEqual([]);
  });
});
