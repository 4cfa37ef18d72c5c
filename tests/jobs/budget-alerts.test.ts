// Budget alerts end to end: an expense crosses 80 % then 100 % of a monthly
// budget; the core writes one budget.threshold row per crossing, the jobs
// deliver it to the person who spent and to the approvers, each in their
// own language, once.
import { expect, it } from 'vitest';
import { approveTransaction, createBudget, createTransaction, setUserLocale } from '../../src/domain/index.js';
import { fund } from '../support/builders.js';
import { chatOf } from './support/env.js';
import { lastOutboxId, startHarness, useJobsFamily } from './support/jobs-harness.js';

const fx = useJobsFamily(); // the test clock stands on 25 November 2026

const texts = (userId: number) => chatOf(fx.people, userId).messages().map((m) => m.text);
const spend = (amountMinor: number, description: string) =>
  createTransaction(fx.t.deps, fx.f.members.member, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor, categoryId: fx.f.expenseCategoryId, description });

it('reaches the spender and every approver once per crossing, with the month in each reader’s language', async () => {
  setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
  fund(fx.t.deps, fx.f, fx.f.cashId, 50_000);
  createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, categoryId: fx.f.expenseCategoryId, amountMinor: 10_000, currency: 'USD' });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });

  spend(8_500, 'Groceries'); // 85 %: crosses 80
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
  spend(500, 'Bread'); // 90 %: crosses nothing
  spend(2_000, 'Dinner'); // 110 %: crosses 100
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));

  const en = (percent: number) => new RegExp(`^📊 Budget “.+” has reached ${percent}% \\(November 2026\\)\\.\\nLimit: \\$100\\.00 per month\\nSpent by member$`);
  for (const reader of [fx.f.members.member, fx.f.owner]) {
    const got = texts(reader);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatch(en(80));
    expect(got[1]).toMatch(en(100));
  }
  const ru = texts(fx.f.members.admin);
  expect(ru).toHaveLength(2);
  expect(ru[0]).toMatch(/^📊 Бюджет «.+» израсходован на 80\u00a0% \(ноябрь 2026\)\.\nЛимит: .+\nКто потратил: member$/);
  expect(ru[1]).toMatch(/на 100\u00a0% \(ноябрь 2026\)/);
  expect(texts(fx.f.members.viewer)).toEqual([]);
});

it('an approver who spent gets the alert once, not twice', async () => {
  fund(fx.t.deps, fx.f, fx.f.cashId, 50_000);
  createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, amountMinor: 10_000, currency: 'USD' });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  createTransaction(fx.t.deps, fx.f.members.admin, { familyId: fx.f.familyId, fromWalletId: fx.f.cashId, amountMinor: 9_000, categoryId: fx.f.expenseCategoryId });
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
  expect(texts(fx.f.members.admin)).toEqual([expect.stringMatching(/^📊 Budget “All expenses” has reached 80% \(November 2026\)\.\n.+\nSpent by admin$/)]);
  expect(texts(fx.f.owner)).toHaveLength(1);
  expect(texts(fx.f.members.member)).toEqual([]);
});

it('an expense that waited for approval alerts its requester when it is approved, not the approver as spender', async () => {
  fund(fx.t.deps, fx.f, fx.f.cashId, 200_000);
  createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, amountMinor: 100_000, currency: 'USD' });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  const sofa = spend(120_000, 'Sofa').transaction;
  expect(sofa.status).toBe('pending_approval');
  approveTransaction(fx.t.deps, fx.f.owner, sofa.id);
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
  const alert = /^📊 Budget “All expenses” has reached 100% \(November 2026\)\.\n.+\nSpent by member$/;
  expect(texts(fx.f.members.member).filter((x) => x?.startsWith('📊'))).toEqual([expect.stringMatching(alert)]);
  for (const approver of [fx.f.owner, fx.f.members.admin]) expect(texts(approver).filter((x) => x?.startsWith('📊'))).toEqual([expect.stringMatching(alert)]);
});

it('names a default category in each reader’s language, as their cards do', async () => {
  setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
  fund(fx.t.deps, fx.f, fx.f.cashId, 50_000);
  createBudget(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, categoryId: fx.f.expenseCategoryId, amountMinor: 10_000, currency: 'USD' });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  spend(8_500, 'Groceries');
  await fx.jobs.waitForJob(lastOutboxId(fx.t, 'budget.threshold'));
  expect(texts(fx.f.owner)).toEqual([expect.stringMatching(/^📊 Budget “🛒 Groceries” has reached 80%/)]);
  expect(texts(fx.f.members.admin)).toEqual([expect.stringMatching(/^📊 Бюджет «🛒 Продукты» израсходован на 80\u00a0%/)]);
});
