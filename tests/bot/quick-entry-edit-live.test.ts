// Editing a quick-entry message whose entry was changed through its card
// (🏷 category, 👛 wallet: a reversal and a corrected copy) corrects the live,
// corrected entry, keeping what the card changed; the same edit again changes
// nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet, listTransactions } from '../../src/domain/index.js';
import { lastSent, settled, startHarness, type Harness } from './support/harness.js';
import { addWallet, aliceWithFamily, aliceWithFundedCash, fund } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});


describe('editing an entry changed through its card', () => {
  it('after 🏷 Change category the edit corrects the live entry and keeps the chosen category', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);

    const shown = alice.waitForMessage('📦 Other · something');
    alice.send('20 something');
    const card = await shown;
    alice.press('🏷 Change category');
    await alice.waitForMessage(() => alice.buttons().includes('🛒 Groceries'));
    alice.press('🛒 Groceries');
    await alice.waitForMessage('🛒 Groceries · something');

    const corrected = alice.waitForMessage((m) => m.message_id === card.message_id && /Corrected/.test(m.text ?? ''));
    alice.edit(lastSent(alice, '20 something').message_id, '25 something');
    expect((await corrected).text).toContain('➖ $25.00 from Cash · 🛒 Groceries · something');
    expect(alice.messages().some((m) => /already undone/.test(m.text ?? ''))).toBe(false);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000 - 2_500);
    const live = listTransactions(h.db.deps, owner, { familyId: f.familyId, status: 'executed' }).items.filter((t) => t.description === 'something' && t.reversalOf === null);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ amountMinor: 2_500 });

    // The card's buttons act on the entry the edit made.
    alice.press('↩️ Undo');
    await alice.waitForMessage(/↩️ Undone: ➖ \$25\.00/);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
  });

  it('after 👛 Change wallet the edit corrects the live entry in the chosen wallet; the same edit again changes nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    fund(h.db.deps, f, owner, f.cashId, 10_000);
    fund(h.db.deps, f, owner, bank, 10_000);

    const shown = alice.waitForMessage(/➖ \$30\.00 from Cash/);
    alice.send('30 coffee');
    const card = await shown;
    alice.press('👛 Change wallet');
    await alice.waitForMessage(() => alice.buttons().some((b) => b.startsWith('Bank')));
    alice.press(/^Bank/);
    await alice.waitForMessage('from Bank');

    // The edit names no other currency, so the wallet chosen on the card stays.
    const corrected = alice.waitForMessage((m) => m.message_id === card.message_id && /Corrected/.test(m.text ?? ''));
    alice.edit(lastSent(alice, '30 coffee').message_id, '35 coffee');
    expect((await corrected).text).toContain('➖ $35.00 from Bank');
    alice.edit(lastSent(alice, '35 coffee').message_id, '35 coffee');
    await settled(alice);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
    expect(getWallet(h.db.deps, owner, f.familyId, bank).balanceMinor).toBe(10_000 - 3_500);
    const all = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'coffee');
    // 30 (Cash) → reversed, 30 (Bank) → reversed, 35 (Bank): three entries and two reversals, nothing more.
    expect(all).toHaveLength(5);
  });
});
