// "Not enough money" names the wallet and its balance, offers [Pay from X] for
// the wallets that can pay, and a press re-runs the same entry from that wallet
// once, however often it is pressed.
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet, listTransactions } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { addWallet, fund, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('not enough money', () => {
  it('names Cash and its balance, offers Bank, and [Pay from Bank] pressed twice records one entry', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const f = seedFamily(h.db.deps, alice);
    const owner = f.userOf(alice);
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    const empty = addWallet(h.db.deps, f, owner, 'Piggy');
    fund(h.db.deps, f, owner, f.cashId, 1_000);
    fund(h.db.deps, f, owner, bank, 50_000);
    fund(h.db.deps, f, owner, empty, 100);

    const short = alice.waitForMessage(/^Not enough money in Cash: it has \$10\.00\. These can pay: Bank \(\$500\.00\)\.$/);
    alice.send('120 shoes');
    await short;
    // Only the wallets that can pay get a button (Piggy cannot).
    expect(alice.buttons()).toEqual(['Pay from Bank']);
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'shoes')).toHaveLength(0);

    const card = alice.waitForMessage(/➖ \$120\.00 from Bank/);
    const first = alice.press('Pay from Bank');
    const second = alice.press('Pay from Bank');
    await h.tg.waitForCallbackAnswer(first);
    const again = await h.tg.waitForCallbackAnswer(second);
    await card;
    const recorded = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'shoes');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amountMinor: 12_000, fromWalletId: bank, status: 'executed', source: 'quick' });
    expect(getWallet(h.db.deps, owner, f.familyId, bank).balanceMinor).toBe(50_000 - 12_000);
    expect(alice.messages().filter((m) => /from Bank/.test(m.text ?? ''))).toHaveLength(1);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(1_000);
    // Whichever press came second found it recorded (or its buttons already gone).
    expect([undefined, 'Already recorded.', "This button is out of date. Open the menu again."]).toContain(again?.text);
  });
});
