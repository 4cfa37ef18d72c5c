// A reply to an entry's card in the family group: "50 is a lot for coffee" under Mia's card is not
// silently Olga's $50. She is asked once; [Record] records it (once), [Cancel] drops the question.
import { afterEach, describe, expect, it } from 'vitest';
import { linkGroup } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const link = (h: GroupHarness) => linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
const quick = (h: GroupHarness) => h.entries().filter((t) => t.source === 'quick');
const QUESTION = /Record “50 is a lot for coffee” as a new entry\?.*Change category, Change wallet, Undo/s;

describe('a reply to an entry card in the group', () => {
  it('asks before recording; [Record] records once for the person who replied, a second press adds nothing', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g, tg } = h;
    g.mia.send('/e 12 coffee');
    const miaCard = await waitFor(g.mia, /\$12\.00/);

    g.olga.send('50 is a lot for coffee', { replyTo: miaCard.message_id });
    const question = await waitFor(g.olga, QUESTION);
    expect(g.olga.buttons(question.message_id)).toEqual(['✅ Record', '✖️ Cancel']);
    expect(quick(h).map((t) => t.amountMinor)).toEqual([1200]);

    // Mia cannot answer Olga's question.
    const foreign = g.mia.press('✅ Record', { messageId: question.message_id });
    expect((await tg.waitForCallbackAnswer(foreign)).text).toBe("These buttons are Olga's.");
    expect(quick(h)).toHaveLength(1);

    // Two presses before the bot answers the first: one entry, the card follows, the question goes.
    const shown = waitFor(g.olga, /\$50\.00/);
    const first = g.olga.press('✅ Record', { messageId: question.message_id });
    const second = g.olga.press('✅ Record', { messageId: question.message_id });
    const card = await shown;
    await tg.waitForCallbackAnswer(first);
    expect(await tg.waitForCallbackAnswer(second)).toMatchObject({ text: 'Already recorded.' });
    expect(g.olga.buttons(card.message_id)).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo']);
    expect(g.olga.messages().some((m) => m.message_id === question.message_id)).toBe(false);
    const olgas = quick(h).filter((t) => t.createdBy === h!.f.userOf(h!.olga));
    expect(olgas.map((t) => [t.amountMinor, t.description, t.source])).toEqual([[5000, 'is a lot for coffee', 'quick']]);
  });

  it('[Cancel] removes the question and records nothing', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g, tg } = h;
    g.mia.send('/e 12 coffee');
    const miaCard = await waitFor(g.mia, /\$12\.00/);

    g.adam.send('50 is a lot for coffee', { replyTo: miaCard.message_id });
    const question = await waitFor(g.adam, /as a new entry\?/);
    const removed = tg.waitForCall('deleteMessage', (c) => c.params['message_id'] === question.message_id);
    const cancel = g.adam.press('✖️ Cancel', { messageId: question.message_id });
    expect(await tg.waitForCallbackAnswer(cancel)).toMatchObject({ text: 'Not recorded' });
    await removed;
    expect(g.adam.messages().some((m) => m.message_id === question.message_id)).toBe(false);
    expect(quick(h).map((t) => t.amountMinor)).toEqual([1200]);
  });

  it('a comment under a card that is not an entry gets no answer (no hint): people talk about cards', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g, tg } = h;
    g.mia.send('/e 12 coffee');
    const miaCard = await waitFor(g.mia, /\$12\.00/);
    const before = g.adam.messages().length;
    await tg.waitForConfirmation(g.adam.send('wow, pricey', { replyTo: miaCard.message_id }));
    await tg.waitForConfirmation(g.mia.send('it was a big one', { replyTo: miaCard.message_id }));
    expect(g.adam.messages()).toHaveLength(before);
  });

  it('a reply to a bot message that is not a card is still an entry, and /e under a card says it is one', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g } = h;
    g.olga.send('@finance_test_bot hello');
    const hint = await waitFor(g.olga, /./);
    g.olga.send('3 bread', { replyTo: hint.message_id });
    const card = await waitFor(g.olga, /\$3\.00/);
    g.olga.send('/e 4 milk', { replyTo: card.message_id });
    await waitFor(g.olga, /\$4\.00/);
    expect(quick(h).map((t) => [t.amountMinor, t.description])).toEqual([[300, 'bread'], [400, 'milk']]);
  });
});
