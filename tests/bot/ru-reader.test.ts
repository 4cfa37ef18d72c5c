// What a Russian reader sees in numbers and dates: percentages in their style
// ("87,2 %", with Intl's no-break space), not "87.2%".
import { describe, expect, it } from 'vitest';
import { createBudget, createGoal, createTransaction, createWallet, setUserLocale } from '../../src/domain/index.js';
import { family, say, startHarness } from './manage/harness.js';

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
});
