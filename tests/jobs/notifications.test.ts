// End to end in one process: the core writes outbox rows, startJobs delivers
// them through the fake Bot API, people see the messages.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
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
import { fund } from '../support/builders.js';
import { tooManyRequests } from '../support/fake-telegram.js';
import { chatOf, quietLogger, testConfig } from './support/env.js';
import { lastOutboxId, startHarness, useJobsFamily } from './support/jobs-harness.js';

const fx = useJobsFamily(); // its member.joined outbox rows removed: they are tested on their own below

const owner = () => chatOf(fx.people, fx.f.owner);
const admin = () => chatOf(fx.people, fx.f.members.admin);
const member = () => chatOf(fx.people, fx.f.members.member);
const viewer = () => chatOf(fx.people, fx.f.members.viewer);
// A request is checked for funds when it is made: the wallet holds the sofa's price first.
const requestSofa = () => {
  fund(fx.t.deps, fx.f, fx.f.cashId, 120_000);
  return createTransaction(fx.t.deps, fx.f.members.member, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor: 120_000, categoryId: fx.f.expenseCategoryId, description: 'Sofa' })
    .transaction;
};

describe('approval notifications', () => {
  it('sends the request with Approve/Reject buttons to every approver but the requester, then edits every copy with the outcome', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const tx = requestSofa();
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.requested'));

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
    const copies = fx.t.deps.db.select().from(approvalMessages).where(eq(approvalMessages.transactionId, tx.id)).all();
    expect(copies.map((c) => c.chatId).sort()).toEqual([owner().chatId, admin().chatId].sort());

    fund(fx.t.deps, fx.f, fx.f.cashId, 200_000);
    approveTransaction(fx.t.deps, fx.f.members.admin, tx.id);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.decided'));

    for (const approver of [owner(), admin()]) {
      const [copy, ...rest] = approver.messages();
      expect(rest).toEqual([]);
      expect(copy?.text).toMatch(/Note: Sofa\n\n✅ Approved by admin\.$/);
      expect(copy?.reply_markup).toBeUndefined();
      expect(copy?.edit_date).toBeDefined();
    }
    const told = member().messages();
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/^✅ admin approved your request:\nExpense: \$1,200\.00/);
  });

  it('tolerates a copy already edited to the same text or deleted, and tells the requester the reason of a rejection', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const tx = requestSofa();
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.requested'));
    const ownerCopy = owner().messages()[0]!;
    await new (await import('grammy')).Api(fx.tg.token, { apiRoot: fx.tg.apiRoot }).deleteMessage(owner().chatId, ownerCopy.message_id);

    rejectTransaction(fx.t.deps, fx.f.owner, tx.id, 'We have a sofa');
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.decided'));
    expect(admin().messages()[0]?.text).toMatch(/❌ Rejected by Owner\.\nReason: We have a sofa$/);
    expect(member().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^❌ Owner rejected your request:[\s\S]*Reason: We have a sofa$/)]);
    expect(fx.tg.calls('editMessageText').map((c) => c.error?.description ?? 'ok')).toEqual(expect.arrayContaining(['ok', 'Bad Request: message to edit not found']));
  });

  it('writes in each recipient’s language: their own, else the family’s', async () => {
    setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const tx = requestSofa();
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.requested'));
    expect(admin().messages()[0]?.text).toMatch(/^🔔 member просит одобрить \(Test family\):\nРасход: 1\s200,00\s\$/);
    expect(admin().buttons()).toEqual(['✅ Одобрить', '❌ Отклонить']);
    expect(owner().buttons()).toEqual(['✅ Approve', '❌ Reject']);
    rejectTransaction(fx.t.deps, fx.f.owner, tx.id);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.decided'));
    expect(admin().messages()[0]?.text).toMatch(/❌ Отклонил\(а\) Owner\.$/);
  });

  it('does not send a request that was decided before the job ran', async () => {
    const tx = requestSofa();
    rejectTransaction(fx.t.deps, fx.f.owner, tx.id);
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    await fx.jobs.settle();
    expect(owner().messages()).toEqual([]);
    expect(admin().messages()).toEqual([]);
    expect(member().messages()).toHaveLength(1);
  });

  it('waits out a 429 retry_after and sends each message exactly once', async () => {
    fx.tg.failNext('sendMessage', tooManyRequests(1));
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    requestSofa();
    const id = lastOutboxId(fx.t, 'approval.requested');
    await fx.jobs.waitForJob(id);
    const sends = fx.tg.calls('sendMessage');
    expect(sends.filter((c) => c.error?.error_code === 429)).toHaveLength(1);
    expect(sends.filter((c) => c.error === undefined)).toHaveLength(2);
    const limited = sends.find((c) => c.error !== undefined)!;
    const retried = sends.find((c) => c.error === undefined && c.params['chat_id'] === limited.params['chat_id'])!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(900);
    expect(owner().messages()).toHaveLength(1);
    expect(admin().messages()).toHaveLength(1);
    // auto-retry handled it inside the job: no job-level retry was needed.
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('reminds approvers once about a request pending longer than APPROVAL_REMINDER_HOURS, as a reply to their copy', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, env: { APPROVAL_REMINDER_HOURS: '2' } });
    requestSofa();
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.requested'));
    const config = testConfig({ dbPath: fx.t.path, tg: fx.tg, env: { APPROVAL_REMINDER_HOURS: '2' } });

    fx.t.clock.advance(2 * 3600_000 - 1);
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(0);
    fx.t.clock.advance(1);
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(1);
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).reminded).toBe(0);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.reminder'));

    for (const approver of [owner(), admin()]) {
      const [request, reminder, ...rest] = approver.messages();
      expect(rest).toEqual([]);
      expect(reminder?.text).toMatch(/^⏰ Reminder: member is still waiting for a decision \(Test family\):\nExpense: \$1,200\.00/);
      expect(reminder?.reply_to_message?.message_id).toBe(request?.message_id);
    }
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.reminder')).all()).toHaveLength(1);
  });
});

describe('other notices', () => {
  it('member.joined tells the owner and admins, each in their language', async () => {
    setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const newcomer = ensureTelegramUser(fx.t.deps, { chatId: 777001, firstName: 'Nina', languageCode: 'en' }).user.id;
    const nina = fx.tg.user({ id: 777001, first_name: 'Nina' });
    joinFamily(fx.t.deps, newcomer, createInvite(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, role: 'viewer' }).code);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'member.joined'));
    expect(owner().messages().map((m) => m.text)).toEqual(['👋 Nina joined Test family as viewer.']);
    expect(admin().messages().map((m) => m.text)).toEqual(['👋 Nina присоединяется к «Test family», роль: наблюдатель.']);
    expect(member().messages()).toEqual([]);
    expect(nina.messages()).toEqual([]);
  });

  it('transaction.reversed tells the person whose transaction it was, with the reason', async () => {
    fund(fx.t.deps, fx.f, fx.f.cashId, 10_000);
    const { transaction } = createTransaction(fx.t.deps, fx.f.members.member, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor: 250, description: 'Coffee' });
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    reverseTransaction(fx.t.deps, fx.f.members.admin, { transactionId: transaction.id, reason: 'entered twice' });
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'transaction.reversed'));
    expect(member().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^↩️ admin reversed your transaction \(Test family\):\nExpense: \$2\.50[\s\S]*Reason: entered twice$/)]);
  });

  it('binding.confirmed says "Connected" in the bound chat', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    enqueueOutbox(fx.t.deps.db, { topic: 'binding.confirmed', payload: { chatId: member().chatId, userId: fx.f.members.member } }, fx.t.clock.now);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'binding.confirmed'));
    expect(member().messages()[0]?.text).toMatch(/^✅ Connected!/);
  });

  it('recurring.created tells the family, and says when the entry waits for approval', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const today = new Date(fx.t.clock.now).toISOString().slice(0, 10);
    fund(fx.t.deps, fx.f, fx.f.cashId, 900_000);
    createRecurringRule(fx.t.deps, fx.f.members.member, {
      familyId: fx.f.familyId, kind: 'expense', walletId: fx.f.cashId, amountMinor: 900_000, description: 'Rent', frequency: 'monthly', startDate: today,
    });
    const config = testConfig({ dbPath: fx.t.path, tg: fx.tg });
    expect(runScheduledWork(fx.t.deps, config, quietLogger()).recurringCreated).toBe(1);
    await fx.jobs.settle();
    for (const person of [owner(), admin(), member(), viewer()]) {
      expect(person.messages().map((m) => m.text)).toContainEqual(expect.stringMatching(/^🔁 Recurring entry for Nov 25, 2026 recorded \(Test family\):\nExpense: \$9,000\.00[\s\S]*Note: Rent\n⏳ It waits for approval\.$/));
    }
    expect(owner().buttons()).toEqual(['✅ Approve', '❌ Reject']); // and the approval request went out too
  });

  it('recurring.unpaid tells the creator which wallet is short and which could pay, once', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const today = new Date(fx.t.clock.now).toISOString().slice(0, 10);
    createWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 500_000 });
    createRecurringRule(fx.t.deps, fx.f.members.member, {
      familyId: fx.f.familyId, kind: 'expense', walletId: fx.f.cashId, amountMinor: 90_000, description: 'Rent', frequency: 'monthly', startDate: today,
    });
    const config = testConfig({ dbPath: fx.t.path, tg: fx.tg });
    runScheduledWork(fx.t.deps, config, quietLogger());
    runScheduledWork(fx.t.deps, config, quietLogger());
    await fx.jobs.settle();
    expect(member().messages().map((m) => m.text)).toEqual([
      '⚠️ The recurring $900.00 on Nov 25, 2026 cannot be paid: Cash has $0.00.\nNote: Rent\nWallets that can pay: Bank ($5,000.00)',
    ]);
    expect(owner().messages()).toEqual([]);
  });

  it('approval.withdrawn edits every approver’s copy to say it was withdrawn, without buttons', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const tx = requestSofa();
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.requested'));
    withdrawTransaction(fx.t.deps, fx.f.members.member, tx.id);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'approval.withdrawn'));
    for (const approver of [owner(), admin()]) {
      const [copy] = approver.messages();
      expect(copy?.text).toMatch(/Note: Sofa\n\n↩️ Withdrawn by member\.$/);
      expect(copy?.reply_markup?.inline_keyboard ?? []).toEqual([]);
    }
  });

  it('budget.threshold from before the spender was recorded alerts the approvers', async () => {
    // Spent before the budget was made (so nothing was queued): 90 % of it, which the job finds still reached.
    fund(fx.t.deps, fx.f, fx.f.cashId, 450_00);
    createTransaction(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor: 450_00, categoryId: fx.f.expenseCategoryId });
    const budget = createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, categoryId: fx.f.expenseCategoryId, amountMinor: 50_000, currency: 'USD' });
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    enqueueOutbox(fx.t.deps.db, { topic: 'budget.threshold', payload: { budgetId: budget.id, familyId: fx.f.familyId, percent: 80, period: '2026-11' } }, fx.t.clock.now);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
    for (const person of [owner(), admin()]) expect(person.messages()[0]?.text).toMatch(/^📊 Budget “.+” has reached 80% \(November 2026\)\.\nLimit: \$500\.00 per month$/);
    expect(member().messages()).toEqual([]);
  });
});

describe('goal reached', () => {
  it('the transfer that lifts the savings wallet to its target tells everyone in the family once, each in their language', async () => {
    setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
    const savings = createWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Savings', type: 'savings', currency: 'USD' }).id;
    createGoal(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Trip', targetMinor: 1000_00, walletId: savings });
    fund(fx.t.deps, fx.f, fx.f.cashId, 1500_00);
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const save = (amountMinor: number) => createTransaction(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, toWalletId: savings, amountMinor });
    save(600_00);
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toEqual([]);
    save(400_00);
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'goal.reached'));

    const english = '🎉 Goal reached: “Trip” — $1,000.00 saved (Test family).';
    for (const person of [owner(), member(), viewer()]) expect(person.messages().map((m) => m.text)).toEqual([english]);
    expect(admin().messages().map((m) => m.text)).toEqual([expect.stringMatching(/^🎉 Цель достигнута: «Trip» — накоплено 1\s000,00\s\$ \(Test family\)\.$/)]);

    // Above the target, and again after dipping below it: no second notice.
    save(100_00);
    createTransaction(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, fromWalletId: savings, toWalletId: fx.f.cashId, amountMinor: 300_00 });
    save(300_00);
    await fx.jobs.settle();
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toHaveLength(1);
    for (const person of [owner(), admin(), member(), viewer()]) expect(person.messages()).toHaveLength(1);
  });
});

describe('goal reached by an import', () => {
  it('an imported opening balance that covers the target announces the goal like any posting', async () => {
    const savings = createWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Savings', type: 'savings', currency: 'USD' }).id;
    createGoal(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Car', targetMinor: 50_00, walletId: savings });
    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    const csv = [
      'id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by',
      '1,2026-11-01T10:00:00+00:00,opening_balance,executed,80.00,USD,,Savings,,,,,Olga,,',
    ].join('\r\n');
    expect(previewImport(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, csv }).balanceEntries).toBe(1);
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all()).toEqual([]); // a preview announces nothing
    commitImport(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, csv });
    await fx.jobs.waitForJob(lastOutboxId(fx.t, 'goal.reached'));
    expect(owner().messages().map((m) => m.text)).toEqual(['🎉 Goal reached: “Car” — $50.00 saved (Test family).']);
  });
});

describe('without a bot token', () => {
  it('keeps notifications pending (not failed) so they go out once a token is configured', async () => {
    fx.jobs = await startHarness(fx.t, { sender: null });
    requestSofa();
    fx.jobs.wake();
    await fx.jobs.stop();
    const id = lastOutboxId(fx.t, 'approval.requested');
    expect(fx.t.deps.db.select().from(outbox).where(eq(outbox.id, id)).get()).toMatchObject({ status: 'pending', attempts: 0 });

    fx.jobs = await startHarness(fx.t, { tg: fx.tg });
    await fx.jobs.waitForJob(id);
    expect(owner().messages()).toHaveLength(1);
  });

  it('api and bot roles only write the outbox', async () => {
    fx.jobs = await startHarness(fx.t, { tg: fx.tg, role: 'api' });
    requestSofa();
    fx.jobs.wake();
    await fx.jobs.stop();
    fx.jobs = undefined;
    expect(fx.t.deps.db.select().from(outbox).all().map((r) => r.status)).toEqual(['pending']);
    expect(fx.tg.calls()).toEqual([]);
  });
});
