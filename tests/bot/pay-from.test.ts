// "Not enough money" names the wallet and its balance, offers [Pay from X] for
// the wallets that can pay, and a press re-runs the same entry from that wallet
// once, however often it is pressed.
import { afterEach, describe, expect, it } from 'vitest';
import { archiveWallet, createFamily, createTransaction, getWallet, listTransactions, setActiveFamily } from '../../src/domain/index.js';
import { callbackData } from '../../src/bot/shared/callback-data.js';
import { startHarness, type Harness } from './support/harness.js';
import { addFundedWallet, addWallet, aliceWithFamily, fund, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('not enough money', () => {
  it('names Cash and its balance, offers Bank, and [Pay from Bank] pressed twice records one entry', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
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

  it('[Pay from] a wallet archived since the offer says that wallet was archived and records nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const bank = addFundedWallet(h.db.deps, f, 'Bank', 'USD', 50_000);
    const short = alice.waitForMessage(/Not enough money in Cash/);
    alice.send('120 shoes');
    await short;
    // Bank is emptied into Cash and archived before the button is pressed.
    createTransaction(h.db.deps, owner, { familyId: f.familyId, fromWalletId: bank, toWalletId: f.cashId, amountMinor: 50_000 });
    archiveWallet(h.db.deps, owner, { familyId: f.familyId, walletId: bank });
    const answer = await h.tg.waitForCallbackAnswer(alice.press('Pay from Bank'));
    expect(answer?.text).toBe('That wallet was archived; pick another.');
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'shoes')).toHaveLength(0);
  });

  it('answers an unknown or outdated button with the localized stale-button text and changes nothing', async () => {
    const started = await startHarness();
    h = started;
    const alice = started.person(1001, 'Alice');
    const f = seedFamily(started.db.deps, alice);
    const owner = f.userOf(alice);
    const bank = addFundedWallet(started.db.deps, f, 'Bank', 'USD', 50_000);
    const hello = alice.waitForMessage(/Not enough money in Cash/);
    alice.send('120 shoes');
    const message = await hello;
    let seq = 0;
    const pressData = (data: string): string => {
      const id = `stale-${++seq}`;
      started.tg.api.callbackQueries.set(id, { id, chatId: 1001, messageId: message.message_id, data, answer: undefined });
      started.tg.injectUpdate({
        update_id: started.tg.nextUpdateId(),
        callback_query: { id, from: { id: 1001, is_bot: false, first_name: 'Alice' }, message: structuredClone(message), chat_instance: '1', data },
      });
      return id;
    };
    const stale = 'This button is out of date. Open the menu again.';
    // [Pay from] for a message the bot never saw, a wallet not in the entry's currency, and a layout it does not know.
    for (const data of [callbackData.payFrom(message.message_id + 100, bank), callbackData.payFrom(message.message_id - 1, 999_999), 'q:zz:1', 'old-layout']) {
      expect(await started.tg.waitForCallbackAnswer(pressData(data)), data).toMatchObject({ text: stale });
    }
    expect(listTransactions(started.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'shoes')).toHaveLength(0);
  });

  // Before: pressed after a /family switch, the entry was recorded in the active family (Bank unknown there:
  // "This button is out of date").
  it('[Pay from Bank] pressed after switching to another family records the entry in the family it was typed in', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const bank = addFundedWallet(h.db.deps, f, 'Bank', 'USD', 50_000);
    const short = alice.waitForMessage(/^Not enough money in Cash/);
    alice.send('120 shoes');
    await short;
    const other = createFamily(h.db.deps, owner, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, owner, other.id);

    const card = alice.waitForMessage(/➖ \$120\.00 from Bank/);
    await h.tg.waitForCallbackAnswer(alice.press('Pay from Bank'));
    await card;
    expect(getWallet(h.db.deps, owner, f.familyId, bank).balanceMinor).toBe(38_000);
    expect(listTransactions(h.db.deps, owner, { familyId: other.id }).items).toHaveLength(0);
  });
});
