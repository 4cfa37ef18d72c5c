// /budgets as a person uses it: the list with spent / limit / left, a bar and
// the days left; an owner adds one in a conversation (a typo is asked again),
// changes its limit and removes it; a member sees no buttons.
import { describe, expect, it } from 'vitest';
import { archiveBudget, archiveCategory, createBudget, createTransaction, listBudgets, updateFamilySettings } from '../../src/domain/index.js';
import { family, fundCash, groceriesBudgetUpToItsLimit, press, say, startHarness } from './manage/harness.js';

describe('budgets in the bot', () => {
  it('adds, lists, changes and removes a budget', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    fundCash(h, f, 1000_00);
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 120_00, categoryId: f.category('Groceries') });
    const tg = f.owner.tg;

    await say(tg, '/budgets', /No budgets yet/);
    const scope = tg.waitForMessage(/What should the budget cover/);
    await press(h, tg, '➕ Add a budget');
    await scope;
    const amount = tg.waitForMessage(/Monthly limit for “🛒 Groceries” in USD/);
    await press(h, tg, '🛒 Groceries');
    await amount;
    await say(tg, '4OO', /Monthly limit for “🛒 Groceries”/);
    const created = await say(tg, '400', /Budget for “🛒 Groceries” added/);
    expect(created.text).toContain('1. 🛒 Groceries: $120.00 of $400.00 · left $280.00\n   ▓▓▓░░░░░░░ 30% · 6 days left');
    expect(listBudgets(deps, f.owner.userId, f.familyId)).toHaveLength(1);

    const change = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '✏️ 1');
    await change;
    const changed = await say(tg, '150', /Budget for “🛒 Groceries” changed/);
    expect(changed.text).toContain('$120.00 of $150.00 · left $30.00');

    const removed = tg.waitForMessage(/No budgets yet/);
    await press(h, tg, '🗑 1');
    await removed;
    expect(listBudgets(deps, f.owner.userId, f.familyId)).toHaveLength(0);
  });

  it('a budget removed while its new limit is typed says so and ends; the limit is not asked again', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const budget = createBudget(deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 400_00 });
    const tg = f.owner.tg;
    await say(tg, '/budgets', /Groceries/);
    const change = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '✏️ 1');
    await change;
    archiveBudget(deps, f.owner.userId, { familyId: f.familyId, budgetId: budget.id });
    const gone = await say(tg, '150', /removed/);
    expect(gone.text).toBe('That budget was removed meanwhile.');
    // The conversation is over: the next number is a quick entry, not a limit.
    expect(listBudgets(deps, f.owner.userId, f.familyId)).toHaveLength(0);
    await say(tg, '/budgets', /No budgets yet/);
  });

  it('a limit is changed in the budget’s own currency after the family’s currency changed', async () => {
    // Made in won; the family now counts in dollars. "500000" is ₩500,000, not $500,000.00 (50,000,000 minor units of won).
    const h = await startHarness();
    const f = family(h, [], 'KRW');
    const deps = h.db.deps;
    const budget = createBudget(deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 300_000 });
    updateFamilySettings(deps, f.owner.userId, { familyId: f.familyId, baseCurrency: 'USD' });
    const tg = f.owner.tg;
    await say(tg, '/budgets', /Groceries: ₩0 of ₩300,000/);
    const change = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '✏️ 1');
    expect((await change).text).toContain('in KRW');
    const changed = await say(tg, '500000', /Budget for “🛒 Groceries” changed/);
    expect(changed.text).toContain('₩0 of ₩500,000');
    expect(listBudgets(deps, f.owner.userId, f.familyId).find((b) => b.id === budget.id)).toMatchObject({ currency: 'KRW', amountMinor: 500_000 });
  });

  it('a member sees the budgets without buttons to change them', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!.tg;
    await say(max, '/budgets', /No budgets yet/);
    expect(max.buttons()).toEqual([]);
  });

  it('what the budget covers, refused at save time (a budget added meanwhile, a category archived), is asked again from a fresh list; the amount is kept', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const tg = f.owner.tg;

    await groceriesBudgetUpToItsLimit(h, tg);
    // Someone else adds a budget for Groceries while the amount is typed.
    createBudget(deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 100_00 });
    const again = await say(tg, '400', /clashes[^]*What should the budget cover/);
    expect(again.reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain('🛒 Groceries');
    // The next pick is a category archived meanwhile: refused, asked again.
    const cafes = again.reply_markup!.inline_keyboard.flat().find((b) => b.text.endsWith('Cafes'))!.text;
    archiveCategory(deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Cafes') });
    const refused = tg.waitForMessage(/That category was archived; pick another\.[^]*What should the budget cover/);
    await press(h, tg, cafes);
    expect((await refused).reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain(cafes);
    const created = tg.waitForMessage(/Budget for “.*” added/);
    await press(h, tg, /All expenses/);
    await created;
    const budgets = listBudgets(deps, f.owner.userId, f.familyId);
    expect(budgets.map((b) => [b.categoryId, b.amountMinor])).toEqual(expect.arrayContaining([[null, 400_00], [f.category('Groceries'), 100_00]]));
    expect(budgets).toHaveLength(2);
  });
});
