// /recurring (add step by step, list, stop) and a viewer refused for every
// write: no buttons to press, and forged presses change nothing.
import { describe, expect, it } from 'vitest';
import { listRecurringRules } from '../../../src/domain/recurring/index.js';
import { archiveCategory, archiveWallet, createTransaction, createWallet, findMembership, getFamily, listThresholds, listWallets } from '../../../src/domain/index.js';
import { family, forgePress, fundCash, press, recurringExpenseUpToItsAmount, say, startHarness } from './harness.js';

describe('recurring', () => {
  it('adds a monthly expense step by step, lists it and stops it', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/recurring', /No recurring transactions yet/);
    const kind = owner.waitForMessage(/expense or an income/);
    await press(h, owner, '➕ Add recurring');
    await kind;
    // One wallet: the wallet question is skipped.
    const amount = owner.waitForMessage(/How much each time, in USD \(Cash\)/);
    await press(h, owner, '➖ Expense');
    await amount;
    await say(owner, 'rent', /not an amount/);
    await say(owner, '1 200', /Which category/);
    const freq = owner.waitForMessage('How often?');
    await press(h, owner, '🏠 Housing');
    await freq;
    const date = owner.waitForMessage(/When is the first one/);
    await press(h, owner, 'monthly');
    await date;
    await say(owner, '2020-01-01', /YYYY-MM-DD, today or later/);
    const created = await say(owner, '2026-12-01', /Added: ➖ Expense: \$1,200\.00, 🏠 Housing, Cash, monthly, next Dec 1, 2026/);
    expect(created.text).toContain('1. ➖ Expense: $1,200.00');
    const rules = listRecurringRules(h.db.deps, f.owner.userId, f.familyId);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ kind: 'expense', amountMinor: 120000, frequency: 'monthly', startDate: '2026-12-01', walletId: f.cashId });

    const answer = await press(h, owner, '⏹ Stop 1');
    expect(answer).toMatchObject({ text: 'Stopped.' });
    expect(listRecurringRules(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(0);
  });

  it('starts today with the button', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/recurring', /Recurring/);
    await press(h, owner, '➕ Add recurring');
    await press(h, owner, '➕ Income');
    await owner.waitForMessage(/How much/, { includeExisting: true });
    await say(owner, '3000', /Which category/);
    await press(h, owner, '💼 Salary');
    await owner.waitForMessage(/How often/, { includeExisting: true });
    await press(h, owner, 'weekly');
    await owner.waitForMessage(/When is the first one/, { includeExisting: true });
    const created = owner.waitForMessage(/Added: ➕ Income: \$3,000\.00, 💼 Salary, Cash, weekly, next Nov 25, 2026/);
    await press(h, owner, 'Today Nov 25');
    await created;
  });

  it('a category the core refuses at save time (archived meanwhile) is asked for again; the other answers are kept', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await recurringExpenseUpToItsAmount(h, owner);
    await say(owner, '1 200', /Which category/);
    const freq = owner.waitForMessage('How often?');
    await press(h, owner, '🏠 Housing');
    await freq;
    const date = owner.waitForMessage(/When is the first one/);
    await press(h, owner, 'monthly');
    await date;
    archiveCategory(h.db.deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Housing') });
    const refused = await say(owner, '2026-12-01', /That category was archived; pick another\.[^]*Which category\?/);
    // Read afresh: the archived category is no longer offered.
    expect(refused.reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain('🏠 Housing');
    const created = owner.waitForMessage(/Added: ➖ Expense: \$1,200\.00, No category, Cash, monthly, next Dec 1, 2026/);
    await press(h, owner, 'No category');
    await created;
    const rules = listRecurringRules(h.db.deps, f.owner.userId, f.familyId);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ kind: 'expense', amountMinor: 120000, frequency: 'monthly', startDate: '2026-12-01', categoryId: null });
  });

  it('a wallet the core refuses at save time (archived meanwhile) is asked for again; the other answers are kept', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const card = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD' });
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD' });
    const owner = f.owner.tg;
    await say(owner, '/recurring', /No recurring transactions yet/);
    const kind = owner.waitForMessage(/expense or an income/);
    await press(h, owner, '➕ Add recurring');
    await kind;
    const wallet = owner.waitForMessage(/Which wallet/);
    await press(h, owner, '➖ Expense');
    await wallet;
    const amount = owner.waitForMessage(/How much each time/);
    await press(h, owner, 'Card (USD)');
    await amount;
    await say(owner, '50', /Which category/);
    const freq = owner.waitForMessage('How often?');
    await press(h, owner, '🏠 Housing');
    await freq;
    const date = owner.waitForMessage(/When is the first one/);
    await press(h, owner, 'weekly');
    await date;
    archiveWallet(deps, f.owner.userId, { familyId: f.familyId, walletId: card.id });
    const refused = await say(owner, '2026-12-01', /That wallet was archived; pick another\.[^]*Which wallet\?/);
    expect(refused.reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain('Card (USD)');
    const created = owner.waitForMessage(/Added: ➖ Expense: \$50\.00, 🏠 Housing, Bank, weekly, next Dec 1, 2026/);
    await press(h, owner, 'Bank (USD)');
    await created;
    expect(listRecurringRules(deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });
});

describe('viewer', () => {
  it('can look, sees no write buttons, and every forged write is refused with no change', async () => {
    const h = await startHarness();
    const f = family(h, ['member', 'viewer']);
    const deps = h.db.deps;
    const vera = f.people.viewer!.tg;
    fundCash(h, f, 100000);
    const pending = createTransaction(deps, f.people.member!.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60000, categoryId: f.category('Cafes') }).transaction;

    await say(vera, '/wallets', /Cash: \$1,000\.00/);
    expect(vera.buttons()).toEqual(['Cash']);
    await say(vera, '/history', /Recent transactions/);
    const list = await say(vera, '/pending', /Waiting for approval: 1/);
    expect(list.reply_markup).toBeUndefined();
    await say(vera, '/members', /Members/);
    // Nothing that changes the family: only leaving it, which anyone but the owner may.
    expect(vera.buttons()).toEqual(['🚪 Leave the family']);
    await say(vera, '/settings', /Settings/);
    expect(vera.buttons()).toEqual(['🌐 Language']);
    await say(vera, '/recurring', /Recurring/);
    expect(vera.messages().at(-1)?.reply_markup).toBeUndefined();
    await say(vera, '/report', /Report/);
    await say(vera, '/invite', "You can view this family's finances, but your role (viewer) cannot change anything.");

    const refused = /role \(viewer\)|does not allow/;
    const forged = [
      'm1:w:add',
      `m1:w:rn:${f.cashId}`,
      `m1:w:arok:${f.cashId}`,
      'm1:i:r:member',
      `m1:mb:r:${f.people.member!.userId}:viewer`,
      `m1:mb:rmok:${f.people.member!.userId}`,
      'm1:s:cur',
      'm1:s:thr',
      'm1:s:tz',
      'm1:r:add',
    ];
    for (const data of forged) {
      const answer = await h.tg.waitForCallbackAnswer(forgePress(h, vera, data));
      expect(answer, data).toMatchObject({ show_alert: true, text: expect.stringMatching(refused) });
    }
    expect(listWallets(deps, f.owner.userId, f.familyId, { includeArchived: true }).map((w) => [w.name, w.archivedAt])).toEqual([['Cash', null]]);
    expect(findMembership(deps.db, f.familyId, f.people.member!.userId)?.role).toBe('member');
    expect(getFamily(deps, f.owner.userId, f.familyId).baseCurrency).toBe('USD');
    expect(listThresholds(deps, f.owner.userId, f.familyId)).toEqual([{ currency: 'USD', amountMinor: 50000 }]);
    expect(pending.status).toBe('pending_approval');
    // No question was opened by any forged press: the next text is not taken as an answer.
    vera.send('Europe/Paris');
    await say(vera, '/settings', /Time zone: UTC/);
  });
});
