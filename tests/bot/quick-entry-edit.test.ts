// Editing a quick-entry message whose entry was refused (an ambiguous amount,
// not enough money): it is recorded when it is edited into one that can be,
// once, keyed by the same message; one that still cannot gets the same answer
// as a new message.
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet, listTransactions } from '../../src/domain/index.js';
import { callbackData } from '../../src/bot/shared/callback-data.js';
import { lastSent, settled, startHarness, type Harness } from './support/harness.js';
import { addWallet, aliceWithFamily, aliceWithFundedCash, fund } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});


describe('editing a refused entry', () => {
  it('an ambiguous amount edited into a clear one is recorded once, with its card; a redelivered edit adds nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 500_000);

    const asked = alice.waitForMessage(/a thousand or a decimal/);
    alice.send('1,234 groceries');
    await asked;
    const message = lastSent(alice, '1,234 groceries');

    const card = alice.waitForMessage(/➖ \$1,234\.00 from Cash · 🛒 Groceries · groceries/);
    alice.edit(message.message_id, '1234 groceries');
    expect((await card).reply_to_message?.message_id).toBe(message.message_id);
    expect(alice.buttons()).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo']);

    // The same edit again (Telegram redelivers, or the person saves it twice): one entry, one card.
    alice.edit(message.message_id, '1234 groceries');
    await settled(alice);
    const recorded = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'groceries');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amountMinor: 123_400, status: 'executed', source: 'quick' });
    expect(alice.messages().filter((m) => /\$1,234\.00 from Cash/.test(m.text ?? ''))).toHaveLength(1);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(500_000 - 123_400);

    // From now on the message has an entry: a further edit corrects it, as for any entry.
    const corrected = alice.waitForMessage(/Corrected[\s\S]*➖ \$1,200\.00 from Cash/);
    alice.edit(message.message_id, '1200 groceries');
    await corrected;
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(500_000 - 120_000);
  });

  it('an edit that still cannot be recorded gets the same friendly answer and records nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 1_000);

    const asked = alice.waitForMessage(/a thousand or a decimal/);
    alice.send('1,234 rent');
    await asked;
    const message = lastSent(alice, '1,234 rent');
    const short = alice.waitForMessage('Not enough money in Cash: it has $10.00. No other wallet in USD can pay it.');
    alice.edit(message.message_id, '1234 rent');
    expect((await short).reply_to_message?.message_id).toBe(message.message_id);
    const again = alice.waitForMessage(/a thousand or a decimal/);
    alice.edit(message.message_id, '2,345 rent');
    await again;
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'rent')).toHaveLength(0);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(1_000);
  });

  it('"Not enough money" edited to an amount the wallet has is recorded once; the old [Pay from] records nothing more', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    fund(h.db.deps, f, owner, f.cashId, 5_000);
    fund(h.db.deps, f, owner, bank, 50_000);

    const short = alice.waitForMessage(/^Not enough money in Cash/);
    alice.send('120 shoes');
    const refusal = await short;
    expect(alice.buttons(refusal.message_id)).toEqual(['Pay from Bank']);
    const message = lastSent(alice, '120 shoes');

    const card = alice.waitForMessage(/➖ \$40\.00 from Cash/);
    alice.edit(message.message_id, '40 shoes');
    await card;
    // The refusal's buttons are gone, and a press that was already on its way records nothing more.
    await alice.waitForMessage(() => alice.buttons(refusal.message_id).length === 0);
    const id = 'stale-pay-from';
    h.tg.api.callbackQueries.set(id, { id, chatId: alice.chatId, messageId: refusal.message_id, data: callbackData.payFrom(message.message_id, bank), answer: undefined });
    h.tg.injectUpdate({
      update_id: h.tg.nextUpdateId(),
      callback_query: { id, from: { id: 1001, is_bot: false, first_name: 'Alice' }, message: structuredClone(refusal), chat_instance: '1', data: callbackData.payFrom(message.message_id, bank) },
    });
    expect(await h.tg.waitForCallbackAnswer(id)).toMatchObject({ text: 'Already recorded.' });
    alice.edit(message.message_id, '40 shoes');
    await settled(alice);

    const recorded = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'shoes');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amountMinor: 4_000, fromWalletId: f.cashId, status: 'executed' });
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(1_000);
    expect(getWallet(h.db.deps, owner, f.familyId, bank).balanceMinor).toBe(50_000);
  });

  it('an edit of a message that was not an entry is not taken for one', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    await settled(alice);
    alice.send('hello there');
    await settled(alice);
    alice.edit(lastSent(alice, 'hello there').message_id, '50 coffee');
    await settled(alice);
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.description === 'coffee')).toHaveLength(0);
  });
});
