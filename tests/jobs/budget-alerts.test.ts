// Budget alerts end to end: an expense crosses 80 % then 100 % of a monthly
// budget; the core writes one budget.threshold row per crossing, the jobs
// deliver it to the person who spent and to the approvers, each in their
// own language, once.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { approveTransaction, createBudget, createTransaction, setUserLocale } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { chatOf, fakePeople } from './support/env.js';
import { lastOutboxId, startHarness, type Harness } from './support/jobs-harness.js';

let t: TestDb;
let f: FamilyFixture;
let tg: FakeTelegram;
let people: Map<number, FakeUser>;
let jobs: Harness | undefined;

beforeEach(async () => {
  t = createTestDb(); // the clock stands on 25 November 2026
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

const texts = (userId: number) => chatOf(people, userId).messages().map((m) => m.text);
const spend = (amountMinor: number, description: string) =>
  createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId, description });

it('reaches the spender and every approver once per crossing, with the month in each reader’s language', async () => {
  setUserLocale(t.deps, f.members.admin, 'ru');
  fund(t.deps, f, f.cashId, 50_000);
  createBudget(t.deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, amountMinor: 10_000, currency: 'USD' });
  jobs = await startHarness(t, { tg });

  spend(8_500, 'Groceries'); // 85 %: crosses 80
  await jobs.waitForJob(lastOutboxId(t, 'budget.threshold'));
  spend(500, 'Bread'); // 90 %: crosses nothing
  spend(2_000, 'Dinner'); // 110 %: crosses 100
  await jobs.waitForJob(lastOutboxId(t, 'budget.threshold'));

  const en = (percent: number) => new RegExp(`^📊 Budget “.+” has reached ${percent}% \\(November 2026\\)\\.\\nLimit: \\$100\\.00 per month\\nSpent by member$`);
  for (const reader of [f.members.member, f.owner]) {
    const got = texts(reader);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatch(en(80));
    expect(got[1]).toMatch(en(100));
  }
  const ru = texts(f.members.admin);
  expect(ru).toHaveLength(2);
  expect(ru[0]).toMatch(/^📊 Бюджет «.+» израсходован на 80% \(ноябрь 2026\)\.\nЛимит: .+\nКто потратил: member$/);
  expect(ru[1]).toMatch(/на 100% \(ноябрь 2026\)/);
  expect(texts(f.members.viewer)).toEqual([]);
});

it('an approver who spent gets the alert once, not twice', async () => {
  fund(t.deps, f, f.cashId, 50_000);
  createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 10_000, currency: 'USD' });
  jobs = await startHarness(t, { tg });
  createTransaction(t.deps, f.members.admin, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 9_000, categoryId: f.expenseCategoryId });
  await jobs.waitForJob(lastOutboxId(t, 'budget.threshold'));
  expect(texts(f.members.admin)).toEqual([expect.stringMatching(/^📊 Budget “All expenses” has reached 80% \(November 2026\)\.\n.+\nSpent by admin$/)]);
  expect(texts(f.owner)).toHaveLength(1);
  expect(texts(f.members.member)).toEqual([]);
});

it('an expense that waited for approval alerts its requester when it is approved, not the approver as spender', async () => {
  fund(t.deps, f, f.cashId, 200_000);
  createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_000, currency: 'USD' });
  jobs = await startHarness(t, { tg });
  const sofa = spend(120_000, 'Sofa').transaction;
  expect(sofa.status).toBe('pending_approval');
  approveTransaction(t.deps, f.owner, sofa.id);
  await jobs.waitForJob(lastOutboxId(t, 'budget.threshold'));
  const alert = /^📊 Budget “All expenses” has reached 100% \(November 2026\)\.\n.+\nSpent by member$/;
  expect(texts(f.members.member).filter((x) => x?.startsWith('📊'))).toEqual([expect.stringMatching(alert)]);
  for (const approver of [f.owner, f.members.admin]) expect(texts(approver).filter((x) => x?.startsWith('📊'))).toEqual([expect.stringMatching(alert)]);
});
