// #14: a transfer may carry a category (a label of either kind); its card offers
// "Change category" and the core accepts the change, as for any other entry.
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet, listTransactions } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { addWallet, aliceWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("a transfer's category in the bot", () => {
  it('the card of a transfer offers categories of both kinds and the change is recorded', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    alice.send('/menu');
    await alice.waitForMessage(/what would you like to do/);

    alice.press('🔁 Transfer');
    await alice.waitForMessage('How much do you move?');
    alice.send('50');
    await alice.waitForMessage('From which wallet?');
    alice.press(/^Cash/);
    await alice.waitForMessage('To which wallet?');
    alice.press(/^Bank/);
    await alice.waitForMessage('Add a note?');
    alice.send('rent');
    await alice.waitForMessage('Record this transfer?');
    alice.press('✅ Save');
    await alice.waitForMessage('Bank: $50.00');
    expect(alice.buttons()).toContain('🏷 Change category');

    alice.press('🏷 Change category');
    await alice.waitForMessage(() => alice.buttons().includes('🛒 Groceries'));
    // A label of either kind: expense and income categories are both offered.
    expect(alice.buttons()).toEqual(expect.arrayContaining(['🛒 Groceries', '💼 Salary']));
    alice.press('🏠 Housing');
    const changed = await alice.waitForMessage('🏠 Housing');
    expect(changed.text).toContain('🔁 $50.00 from Cash to Bank · 🏠 Housing · rent');
    const newest = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items[0]!;
    expect(newest).toMatchObject({ kind: 'transfer', source: 'correction', status: 'executed', fromWalletId: f.cashId, toWalletId: bank });
    expect(getWallet(h.db.deps, owner, f.familyId, bank).balanceMinor).toBe(5_000);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(15_000);
  });
});
