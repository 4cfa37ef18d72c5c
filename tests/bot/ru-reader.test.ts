// What a Russian reader sees in numbers and dates: percentages in their style
// ("87,2 %", with Intl's no-break space), not "87.2%"; dates in Russian
// ("30 апр. 2027 г."), not "2027-04-30" or English month names.
import { describe, expect, it } from 'vitest';
import { createBudget, createGoal, createTransaction, createWallet, setUserLocale } from '../../src/domain/index.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { family, press, say, startHarness } from './manage/harness.js';

const NBSP = '\u00a0';

describe('a Russian reader', () => {
  it('reads percentages the Russian way in /report, /budgets and /goals', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const o = f.owner.userId;
    const fam = f.familyId;
    setUserLocale(deps, o, 'ru');
    h.db.clock.set(Date.UTC(2026, 9, 30, 12));
    createTransaction(deps, o, { familyId: fam, toWalletId: f.cashId, amountMinor: 999900, categoryId: f.category('Salary') });
    h.db.clock.set(Date.UTC(2026, 10, 2, 12));
    createTransaction(deps, o, { familyId: fam, toWalletId: f.cashId, amountMinor: 300000, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: fam, fromWalletId: f.cashId, amountMinor: 17000, categoryId: f.category('Groceries') });
    createTransaction(deps, o, { familyId: fam, fromWalletId: f.cashId, amountMinor: 2500, categoryId: f.category('Cafes') });
    const eur = createWallet(deps, o, { familyId: fam, name: 'Euro', type: 'bank', currency: 'EUR' });
    createTransaction(deps, o, { familyId: fam, toWalletId: eur.id, amountMinor: 10000, categoryId: f.category('Gifts') });
    createBudget(deps, o, { familyId: fam, categoryId: f.category('Groceries'), amountMinor: 40000, currency: 'USD' });
    createGoal(deps, o, { familyId: fam, name: 'Отпуск', targetMinor: 40000, currency: 'EUR', walletId: eur.id });
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));

    const report = (await say(f.owner.tg, '/report', /Отчёт: Ноябрь 2026/)).text!;
    expect(report).toContain(`: 170,00${NBSP}$ · 87,2${NBSP}%`);
    expect(report).toContain(`: 25,00${NBSP}$ · 12,8${NBSP}%`);
    expect(report).toContain(` · 100${NBSP}% · ▼ 70${NBSP}%`);
    expect(report).toContain(`(42${NBSP}%)`);
    expect(report).toContain(`• Отпуск: 100,00${NBSP}€ из 400,00${NBSP}€ (25${NBSP}%)`);
    expect(report).not.toMatch(/\d%|\d\.\d/);

    const budgets = (await say(f.owner.tg, '/budgets', /Бюджеты/)).text!;
    expect(budgets).toContain(`▓▓▓▓░░░░░░ 42${NBSP}% · `);
    const goals = (await say(f.owner.tg, '/goals', /Цели/)).text!;
    expect(goals).toContain(`▓▓▓░░░░░░░ 25${NBSP}%`);
  });

  it('reads dates in Russian (a goal\'s deadline, a recurring rule\'s next date, /history) and a note in «»', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const o = f.owner.userId;
    setUserLocale(deps, o, 'ru');
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));
    const piggy = createWallet(deps, o, { familyId: f.familyId, name: 'Копилка', type: 'savings', currency: 'USD' });
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: piggy.id, amountMinor: 300_00, categoryId: f.category('Salary') });
    createGoal(deps, o, { familyId: f.familyId, name: 'Море', targetMinor: 1200_00, currency: 'USD', walletId: piggy.id, deadline: '2027-04-30' });
    createRecurringRule(deps, o, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, categoryId: f.category('Housing'), amountMinor: 1200_00, frequency: 'monthly', startDate: '2026-12-01' });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: piggy.id, amountMinor: 250, categoryId: f.category('Cafes'), description: 'кофе с собой' });

    const goals = (await say(f.owner.tg, '/goals', /Цели/)).text!;
    expect(goals).toContain(' в месяц до 30 апр. 2027 г.');
    expect(goals).not.toContain('2027-04-30');

    const rules = await say(f.owner.tg, '/recurring', /ежемесячно/);
    expect(rules.text).toContain('ежемесячно, следующая 1 дек. 2026 г.');
    expect(rules.text).not.toContain('2026-12-01');

    const history = (await say(f.owner.tg, '/history', /Последние операции/)).text!;
    expect(history).toContain('25 нояб.');
    // A note is quoted the Russian way.
    expect(history).toContain(' · «кофе с собой» · ');
    expect(history).not.toMatch(/Nov|\d{4}-\d{2}-\d{2}/);

  });

  it('offers a new recurring rule\'s first date as "Сегодня 25 нояб." / "Завтра 26 нояб."', async () => {
    const h = await startHarness();
    const f = family(h);
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));
    const owner = f.owner.tg;
    await say(owner, '/recurring', /Регулярн/);
    await press(h, owner, '➕ Добавить');
    await press(h, owner, '➕ Доход');
    await owner.waitForMessage(/Сколько каждый раз/, { includeExisting: true });
    await say(owner, '3000', /Какая категория/);
    await press(h, owner, '💼 Зарплата');
    await owner.waitForMessage(/Как часто/, { includeExisting: true });
    await press(h, owner, 'еженедельно');
    await owner.waitForMessage(/Когда первая/, { includeExisting: true });
    const created = owner.waitForMessage(/еженедельно, следующая 26 нояб\. 2026 г\./);
    await press(h, owner, 'Завтра 26 нояб.');
    await created;
  });
});
