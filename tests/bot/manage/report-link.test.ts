// /report (this month's numbers, budgets, goals) and /link (a one-time code
// the web side's confirmBinding accepts).
import { describe, expect, it } from 'vitest';
import { confirmBinding } from '../../../src/domain/auth/binding.js';
import { createBudget, createGoal, createTransaction, createWallet, findUserByChat, registerUser } from '../../../src/domain/index.js';
import { PUBLIC_URL, family, say, startHarness } from './harness.js';

describe('report', () => {
  it("sums this month's income and expenses by category, per currency, with budgets and goals", async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const o = f.owner.userId;
    const fam = f.familyId;
    // Last month's salary is not in November's report.
    h.db.clock.set(Date.UTC(2026, 9, 30, 12));
    createTransaction(deps, o, { familyId: fam, toWalletId: f.cashId, amountMinor: 999900, categoryId: f.category('Salary') });
    h.db.clock.set(Date.UTC(2026, 10, 2, 12));
    createTransaction(deps, o, { familyId: fam, toWalletId: f.cashId, amountMinor: 300000, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: fam, fromWalletId: f.cashId, amountMinor: 12050, categoryId: f.category('Groceries') });
    createTransaction(deps, o, { familyId: fam, fromWalletId: f.cashId, amountMinor: 4950, categoryId: f.category('Groceries') });
    createTransaction(deps, o, { familyId: fam, fromWalletId: f.cashId, amountMinor: 2500, categoryId: f.category('Cafes') });
    const eur = createWallet(deps, o, { familyId: fam, name: 'Euro', type: 'bank', currency: 'EUR' });
    createTransaction(deps, o, { familyId: fam, toWalletId: eur.id, amountMinor: 10000, categoryId: f.category('Gifts') });
    createBudget(deps, o, { familyId: fam, categoryId: f.category('Groceries'), amountMinor: 40000, currency: 'USD' });
    createGoal(deps, o, { familyId: fam, name: 'Trip', targetMinor: 40000, currency: 'EUR', walletId: eur.id });
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));

    const report = await say(f.owner.tg, '/report', /Report for November 2026/);
    expect(report.text).toBe(
      [
        '📊 Report for November 2026',
        '',
        'EUR: income €100.00, expenses €0.00, balance €100.00',
        'Income by category:',
        '  🎁 Gifts: €100.00 · 100%',
        '',
        'USD: income $3,000.00, expenses $195.00, balance $2,805.00',
        'Expenses by category:',
        '  🛒 Groceries: $170.00 · 87.2%',
        '  ☕ Cafes: $25.00 · 12.8%',
        'Income by category:',
        '  💼 Salary: $3,000.00 · 100% · ▼ 70%',
        '',
        'Budgets this month:',
        '• 🛒 Groceries: $170.00 of $400.00 (42%)',
        '',
        'Goals:',
        '• Trip: €100.00 of €400.00 (25%)',
      ].join('\n'),
    );
  });

  it('says when the month is empty', async () => {
    const h = await startHarness();
    const f = family(h);
    await say(f.owner.tg, '/report', /No income or expenses in this month/);
  });
});

describe('link', () => {
  it('shows a one-time code and link that the web login can confirm', async () => {
    const h = await startHarness();
    const f = family(h);
    const reply = await say(f.owner.tg, '/link', /one-time code/);
    const text = reply.text ?? '';
    const code = /code: (\S+)/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(text).toContain(`${PUBLIC_URL}/bind?code=${encodeURIComponent(code!)}`);
    expect(text).toContain('10 minutes');

    const web = await registerUser(h.db.deps, { email: 'olga@example.com', password: 'correct horse battery staple', name: 'Olga' });
    const result = confirmBinding(h.db.deps, web.id, { code: code! });
    expect(result.chatId).toBe(f.owner.tg.chatId);
    expect(findUserByChat(h.db.deps, f.owner.tg.chatId)?.email).toBe('olga@example.com');
    // The same login confirming again (its login was moved onto the chat's account) sees the same success;
    // another login is told the code was used.
    expect(confirmBinding(h.db.deps, web.id, { code: code! })).toMatchObject({ status: 'done', userId: result.userId, chatId: f.owner.tg.chatId, absorbedUserId: web.id });
    const other = await registerUser(h.db.deps, { email: 'kit@example.com', password: 'correct horse battery staple', name: 'Kit' });
    expect(() => confirmBinding(h.db.deps, other.id, { code: code! })).toThrow(/already used/);
  });
});
