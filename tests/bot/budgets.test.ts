// /budgets as a person uses it: the list with spent / limit / left, a bar and
// the days left; an owner adds one in a conversation (a typo is asked again),
// changes its limit and removes it; a member sees no buttons.
import { describe, expect, it } from 'vitest';
import { createTransaction, listBudgets } from '../../src/domain/index.js';
import { family, press, say, startHarness } from './manage/harness.js';

describe('budgets in the bot', () => {
  it('adds, lists, changes and removes a budget', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 1000_00, categoryId: f.category('Salary') });
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

  it('a member sees the budgets without buttons to change them', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!.tg;
    await say(max, '/budgets', /No budgets yet/);
    expect(max.buttons()).toEqual([]);
  });
});
