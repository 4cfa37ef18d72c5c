// A person in two families presses a button that opens a question (a settings
// field, ➕ Add wallet, ✏️ Rename, a category's or budget's ✏️…) on an older
// message of one family after switching the bot to the other (/family): the
// question and the change it makes are the message's family's. Before, the
// conversation worked in the active family: Home's approval limit answered on
// Home's /settings set PARENTS' limit, a wallet added from Home's list went to
// Parents, and renaming Home's wallet was refused as not found.
import { describe, expect, it } from 'vitest';
import {
  archiveCategory,
  createBudget,
  createCategory,
  createFamily,
  createWallet,
  getFamily,
  getWallet,
  leaveFamily,
  listBudgets,
  listCategories,
  listGoals,
  listThresholds,
  listTransactions,
  listWallets,
  setActiveFamily,
} from '../../../src/domain/index.js';
import { listRecurringRules } from '../../../src/domain/recurring/index.js';
import { family, say, startHarness, type Harness } from './harness.js';
import type { FakeUser } from '../../support/fake-telegram.js';

/** Presses a button of one given (older) message and waits for the callback answer. */
function pressOn(h: Harness, who: FakeUser, label: string | RegExp, messageId: number) {
  return h.tg.waitForCallbackAnswer(who.press(label, { messageId }));
}

describe('a question opened from a message of another family than the active one', () => {
  it("a settings field (🔒 Approval limit, 🕒 Time zone) answered on Home's /settings changes Home's, not the active family's", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const shown = await say(olga.tg, '/settings', /Settings/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);
    const parentsLimits = listThresholds(h.db.deps, olga.userId, parents.id);

    const ask = olga.tg.waitForMessage(/Send the new limit in USD/);
    await pressOn(h, olga.tg, '🔒 Approval limit', shown.message_id);
    await ask;
    const done = await say(olga.tg, '100', /Approval is now needed above \$100\.00/);
    // The settings drawn after it are Home's.
    expect(done.text).toContain('Home');
    expect(listThresholds(h.db.deps, olga.userId, home.familyId)).toEqual([{ currency: 'USD', amountMinor: 10000 }]);
    expect(listThresholds(h.db.deps, olga.userId, parents.id)).toEqual(parentsLimits);

    const askZone = olga.tg.waitForMessage(/time zone is/);
    await pressOn(h, olga.tg, '🕒 Time zone', shown.message_id);
    await askZone;
    await say(olga.tg, 'Asia/Tokyo', /Time zone set to Asia\/Tokyo/);
    expect(getFamily(h.db.deps, olga.userId, home.familyId).timezone).toBe('Asia/Tokyo');
    expect(getFamily(h.db.deps, olga.userId, parents.id).timezone).not.toBe('Asia/Tokyo');
  });

  it("➕ Add wallet on Home's /wallets adds it to Home, and ✏️ Rename on Home's wallet card renames it", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const list = await say(olga.tg, '/wallets', /Wallets/);
    const card = await say(olga.tg, '/wallets', /Wallets/);
    await pressOn(h, olga.tg, 'Cash', card.message_id);
    await olga.tg.waitForMessage((m) => m.message_id === card.message_id && /Balance:/.test(m.text ?? ''), { includeExisting: true });
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);
    const parentsWallets = listWallets(h.db.deps, olga.userId, parents.id).map((w) => w.name);

    const askRename = olga.tg.waitForMessage(/new name for “Cash”/);
    await pressOn(h, olga.tg, '✏️ Rename', card.message_id);
    await askRename;
    await say(olga.tg, 'Purse', /now called “Purse”/);
    expect(getWallet(h.db.deps, olga.userId, home.familyId, home.cashId).name).toBe('Purse');

    const askName = olga.tg.waitForMessage(/called/);
    await pressOn(h, olga.tg, '➕ Add wallet', list.message_id);
    await askName;
    await say(olga.tg, 'Jar', /What kind of wallet is “Jar”/);
    const askCurrency = olga.tg.waitForMessage(/Which currency/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('Savings'));
    await askCurrency;
    const askBalance = olga.tg.waitForMessage(/How much is in “Jar” now/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('USD'));
    await askBalance;
    const created = await say(olga.tg, '5', /Wallet “Jar” \(USD\) created/);
    expect(created.text).toContain('Purse');
    expect(listWallets(h.db.deps, olga.userId, home.familyId).map((w) => w.name).sort()).toEqual(['Jar', 'Purse']);
    expect(listWallets(h.db.deps, olga.userId, parents.id).map((w) => w.name)).toEqual(parentsWallets);
  });

  it("➕ Add a category and a budget's ✏️ on Home's messages work in Home", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    createBudget(h.db.deps, olga.userId, { familyId: home.familyId, categoryId: null, amountMinor: 50000 });
    const categories = await say(olga.tg, '/categories', /Categories/);
    const budgets = await say(olga.tg, '/budgets', /Budgets/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);
    const parentsBudgets = listBudgets(h.db.deps, olga.userId, parents.id);

    const askKind = olga.tg.waitForMessage(/A category of expenses or of income/);
    await pressOn(h, olga.tg, '➕ Add a category', categories.message_id);
    await askKind;
    const askName = olga.tg.waitForMessage(/Its name\?/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('➖ Expenses'));
    await askName;
    await say(olga.tg, 'Garden', /Send one emoji/);
    await say(olga.tg, '🌱', /Garden/);
    expect(listCategories(h.db.deps, olga.userId, home.familyId).map((c) => c.name)).toContain('Garden');
    expect(listCategories(h.db.deps, olga.userId, parents.id).map((c) => c.name)).not.toContain('Garden');

    const askAmount = olga.tg.waitForMessage(/Monthly limit for/);
    await pressOn(h, olga.tg, '✏️ 1', budgets.message_id);
    await askAmount;
    await say(olga.tg, '300', /Budget for .* changed/);
    expect(listBudgets(h.db.deps, olga.userId, home.familyId).map((b) => b.amountMinor)).toEqual([30000]);
    expect(listBudgets(h.db.deps, olga.userId, parents.id)).toEqual(parentsBudgets);
  });

  it("➕ Add a goal and ➕ Add recurring on Home's lists add them to Home, with Home's wallets offered", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    createWallet(h.db.deps, olga.userId, { familyId: home.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const goals = await say(olga.tg, '/goals', /Goals/);
    const recurring = await say(olga.tg, '/recurring', /Recurring/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    const askName = olga.tg.waitForMessage(/What are you saving for/);
    await pressOn(h, olga.tg, '➕ Add a goal', goals.message_id);
    await askName;
    // Home's wallets are offered (Parents has none called Piggy).
    await say(olga.tg, 'Bike', /Which wallet holds the savings/);
    const askTarget = olga.tg.waitForMessage(/How much do you need/);
    await h.tg.waitForCallbackAnswer(olga.tg.press(/Piggy/));
    await askTarget;
    await say(olga.tg, '400', /By when/);
    const created = olga.tg.waitForMessage(/Goal “Bike” added/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('Skip'));
    await created;
    expect(listGoals(h.db.deps, olga.userId, home.familyId).map((g) => g.name)).toEqual(['Bike']);
    expect(listGoals(h.db.deps, olga.userId, parents.id)).toEqual([]);

    const askKind = olga.tg.waitForMessage(/expense or an income/);
    await pressOn(h, olga.tg, '➕ Add recurring', recurring.message_id);
    await askKind;
    const askWallet = olga.tg.waitForMessage(/Which wallet\?/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('➖ Expense'));
    await askWallet;
    const askAmount = olga.tg.waitForMessage(/How much each time, in USD \(Cash\)/);
    await h.tg.waitForCallbackAnswer(olga.tg.press(/^Cash/));
    await askAmount;
    await say(olga.tg, '20', /Which category/);
    const askFrequency = olga.tg.waitForMessage('How often?');
    await h.tg.waitForCallbackAnswer(olga.tg.press('No category'));
    await askFrequency;
    const askDate = olga.tg.waitForMessage(/When is the first one/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('monthly'));
    await askDate;
    await say(olga.tg, '2026-12-20', /Added: ➖ Expense: \$20\.00/);
    expect(listRecurringRules(h.db.deps, olga.userId, home.familyId).map((r) => [r.walletId, r.amountMinor])).toEqual([[home.cashId, 2000]]);
    expect(listRecurringRules(h.db.deps, olga.userId, parents.id)).toEqual([]);
  });

  // Before: the menu's record buttons entered the guided flow in the active family: Parents' wallets (in euros)
  // were offered under Home's menu and the entry was recorded in Parents.
  it("➕ Income on Home's main menu records in Home, in Home's currency and wallets", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const menu = await say(olga.tg, '/menu', /Home: what would you like to do/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'EUR' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    const askAmount = olga.tg.waitForMessage(/How much came in\? Amount in USD/);
    await pressOn(h, olga.tg, '➕ Income', menu.message_id);
    await askAmount;
    await say(olga.tg, '30', /Which category/);
    const askNote = olga.tg.waitForMessage(/Add a note/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('💼 Salary'));
    await askNote;
    await say(olga.tg, 'bonus', /Record this income/);
    const card = olga.tg.waitForMessage(/Cash: \$30\.00/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('✅ Save'));
    await card;
    expect(listTransactions(h.db.deps, olga.userId, { familyId: home.familyId }).items.map((t) => [t.amountMinor, t.description])).toEqual([[3000, 'bonus']]);
    expect(listTransactions(h.db.deps, olga.userId, { familyId: parents.id }).items).toEqual([]);
  });

  // Before: the guided flow kept its family for the entry, but a refused answer was asked again from the
  // ACTIVE family's lists: after a switch, Parents' categories were offered for Home's entry.
  it("a refused answer in /income is asked again from the entry's family's lists after a switch", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const bonus = createCategory(h.db.deps, olga.userId, { familyId: home.familyId, kind: 'income', name: 'Bonus' });
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    createCategory(h.db.deps, olga.userId, { familyId: parents.id, kind: 'income', name: 'Pension' });
    setActiveFamily(h.db.deps, olga.userId, home.familyId);

    await say(olga.tg, '/income', /How much came in/);
    await say(olga.tg, '30', /Which category/);
    const askNote = olga.tg.waitForMessage(/Add a note/);
    await h.tg.waitForCallbackAnswer(olga.tg.press(/Bonus/));
    await askNote;
    await say(olga.tg, 'extra', /Record this income/);
    // Meanwhile Bonus is archived and Olga switches to Parents.
    archiveCategory(h.db.deps, olga.userId, { familyId: home.familyId, categoryId: bonus.id });
    setActiveFamily(h.db.deps, olga.userId, parents.id);
    const again = olga.tg.waitForMessage(/Which category/);
    await h.tg.waitForCallbackAnswer(olga.tg.press('✅ Save'));
    const asked = await again;
    const offered = olga.tg.buttons(asked.message_id);
    expect(offered.some((b) => b.includes('Salary'))).toBe(true);
    expect(offered.some((b) => b.includes('Pension') || b.includes('Bonus'))).toBe(false);
    const note = olga.tg.waitForMessage(/Record this income|Add a note/);
    await h.tg.waitForCallbackAnswer(olga.tg.press(/Salary/, { messageId: asked.message_id }));
    await note;
  });

  // Anna answers a question about Home after she left it: nothing changes, in Home or in the active family, and the
  // question ends (before the fix the button was refused as out of date: the question asked in the active family).
  it('someone who left the family while its question waited is told they are no longer in it, and nothing changes', async () => {
    const h = await startHarness();
    const home = family(h, ['admin']);
    const anna = home.people.admin!;
    const shown = await say(anna.tg, '/settings', /Settings/);
    const own = createFamily(h.db.deps, anna.userId, { name: 'Flat', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, anna.userId, own.id);
    const flatLimits = listThresholds(h.db.deps, anna.userId, own.id);
    const homeLimits = listThresholds(h.db.deps, home.owner.userId, home.familyId);

    const ask = anna.tg.waitForMessage(/Send the new limit in USD/);
    await pressOn(h, anna.tg, '🔒 Approval limit', shown.message_id);
    await ask;
    leaveFamily(h.db.deps, anna.userId, home.familyId);
    await say(anna.tg, '100', 'You are no longer in this family, so this question is closed; nothing was saved.');
    expect(listThresholds(h.db.deps, anna.userId, own.id)).toEqual(flatLimits);
    expect(listThresholds(h.db.deps, home.owner.userId, home.familyId)).toEqual(homeLimits);
  });
});
