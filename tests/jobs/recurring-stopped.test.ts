// A recurring rule the scheduler has to stop (its wallet or category archived,
// its creator gone) is not stopped silently: its creator and the people who
// manage the family hear once, in their language, that nothing was recorded
// and why.
import { expect, it } from 'vitest';
import { archiveCategory, archiveWallet, createCategory, createWallet, removeMember, setUserLocale } from '../../src/domain/index.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { chatOf, quietLogger, testConfig } from './support/env.js';
import { startHarness, useJobsFamily } from './support/jobs-harness.js';

const fx = useJobsFamily(); // the test clock stands on 25 November 2026

const texts = (userId: number) => chatOf(fx.people, userId).messages().map((m) => m.text);
const today = () => new Date(fx.t.clock.now).toISOString().slice(0, 10);
const run = () => runScheduledWork(fx.t.deps, testConfig({ dbPath: fx.t.path, tg: fx.tg }), quietLogger());

it('a rule whose wallet was archived: the creator and the managers are told once, nothing is recorded', async () => {
  setUserLocale(fx.t.deps, fx.f.members.admin, 'ru');
  const card = createWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Card', type: 'card', currency: 'USD' }).id;
  createRecurringRule(fx.t.deps, fx.f.members.member, {
    familyId: fx.f.familyId, kind: 'expense', walletId: card, amountMinor: 900_00, description: 'Rent', frequency: 'monthly', startDate: today(),
  });
  archiveWallet(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, walletId: card });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  run();
  run();
  await fx.jobs.settle();
  const english = '⛔ The recurring expense of $900.00 due Nov 25, 2026 was not recorded, and the rule has stopped (Test family): its wallet “Card” is archived.\nNote: Rent\nSet it up again in /recurring if it is still needed.';
  expect(texts(fx.f.members.member)).toEqual([english]);
  expect(texts(fx.f.owner)).toEqual([english]);
  expect(texts(fx.f.members.admin)).toEqual([expect.stringMatching(/^⛔ Повторяющийся расход .+ на 25 нояб\. 2026 г\. не записан, правило остановлено \(Test family\): кошелёк «Card» в архиве\.\nЗаметка: Rent\n.+\/recurring/)]);
  expect(texts(fx.f.members.viewer)).toEqual([]);
});

it('a rule whose category was archived, and one whose creator left, say so', async () => {
  const bills = createCategory(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, name: 'Bills', kind: 'expense' }).id;
  createRecurringRule(fx.t.deps, fx.f.members.admin, {
    familyId: fx.f.familyId, kind: 'expense', walletId: fx.f.cashId, categoryId: bills, amountMinor: 50_00, frequency: 'monthly', startDate: today(),
  });
  createRecurringRule(fx.t.deps, fx.f.members.member, {
    familyId: fx.f.familyId, kind: 'income', walletId: fx.f.cashId, amountMinor: 10_00, frequency: 'weekly', startDate: today(),
  });
  archiveCategory(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, categoryId: bills });
  removeMember(fx.t.deps, fx.f.owner, { familyId: fx.f.familyId, userId: fx.f.members.member });
  fx.jobs = await startHarness(fx.t, { tg: fx.tg });
  run();
  await fx.jobs.settle();
  expect(texts(fx.f.owner)).toEqual([
    expect.stringMatching(/^⛔ The recurring expense of \$50\.00 due Nov 25, 2026 was not recorded, and the rule has stopped \(Test family\): its category “Bills” is archived\.\n/),
    expect.stringMatching(/^⛔ The recurring income of \$10\.00 due Nov 25, 2026 was not recorded, and the rule has stopped \(Test family\): member, who set it up, can no longer record entries\.\n/),
  ]);
  expect(texts(fx.f.members.admin)).toHaveLength(2);
  expect(texts(fx.f.members.member).filter((x) => x?.startsWith('⛔'))).toEqual([]);
});
