// A question asked in the family group: whose it is, how it is answered, and what an entry
// command means while it waits.
import { afterEach, describe, expect, it } from 'vitest';
import { createWallet } from '../../../src/domain/index.js';
import { linkGroup, setUserLocale } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const link = (h: GroupHarness) => linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
const guided = (h: GroupHarness) => h.entries().filter((t) => t.source !== 'quick' && t.kind === 'expense');

describe('a question in the group', () => {
  it("a reply under someone else's question is neither their answer nor the replier's entry", async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g } = h;
    g.mia.send('/expense');
    const question = await waitFor(g.mia, /How much/);
    const before = h.entries().length;

    // Adam replies "50" under Mia's question: he is told whose it is; nothing is recorded.
    g.adam.send('50', { replyTo: question.message_id });
    await waitFor(g.adam, /That question is Mia's/);
    // Adam is in a guided entry of his own: a reply under Mia's question does not answer his either.
    g.adam.send('/expense');
    const his = await waitFor(g.adam, /How much/);
    g.adam.send('70', { replyTo: question.message_id });
    await waitFor(g.adam, /That question is Mia's/);
    expect(h.entries()).toHaveLength(before);

    // Each answers their own question; both questions were still waiting.
    g.mia.send('30', { replyTo: question.message_id });
    await waitFor(g.mia, /category/i);
    g.adam.send('40', { replyTo: his.message_id });
    await waitFor(g.adam, /category/i);
    expect(h.entries()).toHaveLength(before);
  });

  it('in privacy mode the question says to reply: a plain answer never reaches the bot', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g } = h;
    g.mia.send('/expense');
    const question = await waitFor(g.mia, /How much/);
    expect(question.text).toContain('reply to this one to answer');
    expect(g.mia.send('30')).toBe(-1);
    g.mia.send('30', { replyTo: question.message_id });
    await waitFor(g.mia, /category/i);

    // With privacy off the bot reads the group, and the question does not say so.
    await h.close();
    h = await startGroupHarness({ privacy: false });
    link(h);
    h.g.mia.send('/expense');
    expect((await waitFor(h.g.mia, /How much/)).text).not.toContain('reply to this one');
  });

  it('an edited answer is told it changed nothing, as in a private chat; chatter edited among themselves is not answered', async () => {
    h = await startGroupHarness({ privacy: false });
    link(h);
    const { g } = h;
    g.mia.send('/expense');
    const q = await waitFor(g.mia, /How much/);
    g.mia.send('30', { replyTo: q.message_id });
    await waitFor(g.mia, /category/i);
    const answer = g.mia.history().filter((m) => m.text === '30').at(-1)!;
    // Mia meant 3: the chat now shows 3, so the bot says the 30 it took stands.
    const told = waitFor(g.mia, /Editing this message changes nothing/);
    g.mia.edit(answer.message_id, '3');
    expect((await told).reply_to_message?.message_id).toBe(answer.message_id);
    // A message not meant for the bot, edited: the family talking, no answer.
    const chat = g.adam.send('see you at 5');
    await h.tg.waitForConfirmation(chat);
    const edited = g.adam.edit(g.adam.history().filter((m) => m.text === 'see you at 5').at(-1)!.message_id, 'see you at 6');
    await h.tg.waitForConfirmation(edited);
    expect(g.adam.messages().filter((m) => /Editing this message/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('/e while a question waits is an entry: the draft is dropped and the entry recorded, not taken as the answer', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g } = h;
    g.mia.send('/expense');
    let q = await waitFor(g.mia, /How much/);
    g.mia.send('30', { replyTo: q.message_id });
    q = await waitFor(g.mia, /category/i);
    g.mia.press(g.mia.buttons(q.message_id)[0]!, { messageId: q.message_id });
    q = await waitFor(g.mia, /note/);

    // At the note question (any text is a note there) "/e 12 tea" is still an entry.
    const dropped = waitFor(g.mia, /draft was dropped/);
    g.mia.send('/e 12 tea');
    await dropped;
    await waitFor(g.mia, /\$12\.00 from Cash/);
    expect(h.entries().filter((t) => t.source === 'quick').map((t) => [t.amountMinor, t.description])).toEqual([[1200, 'tea']]);
    expect(guided(h)).toEqual([]);
    // The question is gone: its buttons no longer answer it.
    expect(g.mia.buttons(q.message_id)).toEqual([]);
  });

  it('/transfer is guided in the group as /expense is, in the asker\'s language: wallets by name only, recorded for her, its card with its actions', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    createWallet(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, name: 'Card', type: 'bank', currency: 'USD' });
    setUserLocale(h.deps, h.f.userOf(h.mia), 'ru');
    const { g } = h;
    g.mia.send('/transfer');
    let q = await waitFor(g.mia, /Сколько переводим/);
    g.mia.send('30', { replyTo: q.message_id });
    q = await waitFor(g.mia, /С какого кошелька/);
    // The group sees entries only: no balances on the wallet buttons.
    expect(g.mia.buttons(q.message_id).slice(0, 2)).toEqual(['Наличные', 'Card']);
    g.mia.press('Наличные', { messageId: q.message_id });
    q = await waitFor(g.mia, /На какой кошелёк/);
    g.mia.press('Card', { messageId: q.message_id });
    q = await waitFor(g.mia, /заметку/);
    g.mia.press('Пропустить', { messageId: q.message_id });
    q = await waitFor(g.mia, /Записать перевод/);
    // Only its buttons answer the confirmation: no "reply to this one" under it.
    expect(q.text).not.toMatch(/ответьте на это сообщение/);
    g.mia.press(/Сохранить/, { messageId: q.message_id });
    const card = await waitFor(g.mia, /^🔁 30,00\s\$ с «Наличные» на «Card»$/);
    expect(g.mia.buttons(card.message_id)).toEqual(['🏷 Категория', '👛 Кошелёк', '↩️ Отменить']);
    const transfers = h.entries().filter((t) => t.kind === 'transfer');
    expect(transfers.map((t) => [t.amountMinor, t.createdBy])).toEqual([[3000, h.f.userOf(h.mia)]]);
  });
});
