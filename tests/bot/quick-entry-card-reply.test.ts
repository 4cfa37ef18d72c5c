// A reply to one's own entry card in the private chat ("actually 45" under the card of 50) is not a second
// entry recorded silently: the bot asks once. A reply to any other bot message, and an answer to a
// question the person was asked, behave as before.
import { afterEach, describe, expect, it } from 'vitest';
import { createFamily, listTransactions, setActiveFamily } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start() {
  h = await startHarness();
  const { alice, f } = aliceWithFundedCash(h, 10_000);
  const deps = h.db.deps;
  const quick = () => listTransactions(deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.source === 'quick').reverse();
  return { h, alice, quick, f };
}

describe('a reply to an entry card in the private chat', () => {
  it('asks "Record … as a new entry?"; [Record] records it once, with its card; a second press adds nothing', async () => {
    const { h, alice, quick } = await start();
    alice.send('50 coffee');
    const card = await alice.waitForMessage('Cash: $50.00');

    alice.send('actually 45', { replyTo: card.message_id });
    const question = await alice.waitForMessage(/as a new entry\?/);
    expect(question.text).toBe('Record “actually 45” as a new entry? To correct the entry above instead, use its card\'s buttons: Change category, Change wallet, Undo.');
    expect(question.reply_to_message?.text).toBe('actually 45');
    expect(alice.buttons(question.message_id)).toEqual(['✅ Record', '✖️ Cancel']);
    expect(quick().map((t) => t.amountMinor)).toEqual([5000]);

    const shown = alice.waitForMessage('Cash: $5.00');
    const first = alice.press('✅ Record', { messageId: question.message_id });
    const second = alice.press('✅ Record', { messageId: question.message_id });
    const newCard = await shown;
    expect(newCard.text).toBe('➖ $45.00 from Cash · 📦 Other · actually\nCash: $5.00');
    await h.tg.waitForCallbackAnswer(first);
    expect(await h.tg.waitForCallbackAnswer(second)).toMatchObject({ text: 'Already recorded.' });
    expect(quick().map((t) => [t.amountMinor, t.description])).toEqual([[5000, 'coffee'], [4500, 'actually']]);
    expect(alice.messages().some((m) => m.message_id === question.message_id)).toBe(false);
  });

  it('[Cancel] removes the question and records nothing; a later press of it is stale', async () => {
    const { h, alice, quick } = await start();
    alice.send('50 coffee');
    const card = await alice.waitForMessage('Cash: $50.00');
    alice.send('45 coffee', { replyTo: card.message_id });
    const question = await alice.waitForMessage(/as a new entry\?/);
    const removed = h.tg.waitForCall('deleteMessage', (c) => c.params['message_id'] === question.message_id);
    const cancel = alice.press('✖️ Cancel', { messageId: question.message_id });
    const record = alice.press('✅ Record', { messageId: question.message_id });
    expect(await h.tg.waitForCallbackAnswer(cancel)).toMatchObject({ text: 'Not recorded' });
    expect(await h.tg.waitForCallbackAnswer(record)).toMatchObject({ text: expect.stringMatching(/out of date/) as unknown });
    await removed;
    expect(alice.messages().some((m) => m.message_id === question.message_id)).toBe(false);
    expect(quick().map((t) => t.amountMinor)).toEqual([5000]);
  });

  it('a reply to a bot message that is not a card records as before; a question being asked still takes the answer', async () => {
    const { alice, quick } = await start();
    alice.send('/help');
    const help = await alice.waitForMessage(/./);
    alice.send('3 bread', { replyTo: help.message_id });
    const card = await alice.waitForMessage('Cash: $97.00');

    // The guided expense asks for the amount: a reply (to its question or to a card) is the answer.
    alice.send('/menu');
    await alice.waitForMessage(/what would you like to do/);
    alice.press('➖ Expense');
    const asked = await alice.waitForMessage('How much did you spend?');
    alice.send('12', { replyTo: asked.message_id });
    await alice.waitForMessage('Which category?');
    expect(quick().map((t) => t.amountMinor)).toEqual([300]);
    expect(card.reply_markup).toBeDefined();
  });

  // Before: [Record] pressed after a /family switch filed the entry in the family switched to.
  it('[Record] pressed after switching to another family records the entry in the family it was asked in', async () => {
    const { h, alice, quick, f } = await start();
    alice.send('50 coffee');
    const card = await alice.waitForMessage('Cash: $50.00');
    alice.send('45 tea', { replyTo: card.message_id });
    const question = await alice.waitForMessage(/as a new entry\?/);
    const other = createFamily(h.db.deps, f.userOf(alice), { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, f.userOf(alice), other.id);

    const shown = alice.waitForMessage('Cash: $5.00');
    await h.tg.waitForCallbackAnswer(alice.press('✅ Record', { messageId: question.message_id }));
    await shown;
    expect(quick().map((t) => [t.amountMinor, t.description])).toEqual([[5000, 'coffee'], [4500, 'tea']]);
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: other.id }).items).toHaveLength(0);
  });
});
