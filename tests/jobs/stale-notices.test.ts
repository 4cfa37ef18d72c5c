// Notices queued by a change that was taken back before they went out: the
// jobs weigh them against the books as they are when sending. A budget alert
// whose expense was undone, or a "goal reached" whose transfer was undone,
// is not sent; the real crossing that follows is.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { correctTransaction, createBudget, createGoal, createTransaction, createWallet, reverseTransaction } from '../../src/domain/index.js';
import { fund } from '../support/builders.js';
import { chatOf } from './support/env.js';
import { lastOutboxId, startHarness, useJobsFamily } from './support/jobs-harness.js';

const fx = useJobsFamily(); // 25 November 2026

const texts = (userId: number) => chatOf(fx.people, userId).messages().map((m) => m.text);
const rows = (topic: string) => fx.t.deps.db.select().from(outbox).where(eq(outbox.topic, topic)).all();
const spend = (amountMinor: number) =>
  createTransaction(fx.t.deps, fx.f.members.member, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor, categoryId: fx.f.expenseCategoryId }).transaction;

it('a budget alert whose expense was undone before it went out is dropped, and the next crossing is sent', async () => {
  fund(fx.t.deps, fx.f, fx.f.cashId, 50_000);
  createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, categoryId: fx.f.expenseCategoryId, amountMinor: 10_000 });
  const typo = spend(8_500); // 85 %: crosses 80, queued
  reverseTransaction(fx.t.deps, fx.f.members.member, { transactionId: typo.id, reason: 'typo' });
  const corrected = spend(9_000); // 90 % again: a second crossing, queued
  correctTransaction(fx.t.deps, fx.f.members.member, { transactionId: corrected.id, amountMinor: 5_000 }); // 50 %: nothing stands
  expect(rows('budget.threshold')).toHaveLength(2);
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  await fx.jobs.settle();
  for (const reader of [fx.f.members.member, fx.f.owner, fx.f.members.admin]) expect(texts(reader).filter((x) => x?.startsWith('📊'))).toEqual([]);

  spend(3_500); // 85 %: the real crossing
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
  for (const reader of [fx.f.members.member, fx.f.owner]) {
    expect(texts(reader).filter((x) => x?.startsWith('📊'))).toEqual([expect.stringMatching(/^📊 Budget “.+” has reached 80% \(November 2026\)\.\nLimit: \$100\.00 per month\nSpent by member$/)]);
  }
});

it('a goal reached by a transfer undone before the notice went out is not announced, and is when really reached', async () => {
  fund(fx.t.deps, fx.f, fx.f.cashId, 1_500_00);
  const savings = createWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Savings', type: 'savings', currency: 'USD' }).id;
  createGoal(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Trip', targetMinor: 1_000_00, walletId: savings });
  const save = (amountMinor: number) => createTransaction(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, toWalletId: savings, amountMinor }).transaction;
  const typo = save(1_200_00);
  reverseTransaction(fx.t.deps, fx.f.owner, { transactionId: typo.id, reason: 'meant 120' });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  await fx.jobs.settle();
  expect(texts(fx.f.owner).filter((x) => x?.startsWith('🎉'))).toEqual([]);

  save(1_000_00);
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'goal.reached'));
  for (const reader of [fx.f.owner, fx.f.members.member]) expect(texts(reader).filter((x) => x?.startsWith('🎉'))).toEqual(['🎉 Goal reached: “Trip” — $1,000.00 saved (Test family).']);
});
