// [Ask to join] in the family's group, handled again after a crash: the process
// committed the join request, then died before the update's own commit (its
// "handled" mark), so Telegram delivers the press again. The press is answered
// as the first time (the request was made: its card is posted) instead of "you
// already asked, wait", which after a crash before the card left nobody a card
// to decide on. A second tap (another press) still posts no second card.
// The same for the card's [✅ Let in]: handled again, the admin who let the
// person in is told 'Done.' again, not 'Already decided.'; another admin's
// press still is.
import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { eventsOf, linkGroup } from './imports.js';
import { startGroupHarness, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Resolves once every update the bot took is marked handled. */
async function handled(h: GroupHarness): Promise<void> {
  const open = h.db.conn.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM processed_updates WHERE processed_at < 0');
  while (open.get()!.n > 0) await new Promise((resolve) => setImmediate(resolve));
}

describe('[Ask to join] delivered again after a crash', () => {
  it('is answered as made and its card is posted; a second tap is told to wait', async () => {
    h = await startGroupHarness();
    const { tg, g } = h;
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    const offer = g.oscar.waitForMessage(/not in the family «Family» yet/);
    g.oscar.send('/e 5 cake');
    const offered = await offer;

    const cards = () => g.olga.messages().filter((m) => /Oscar asks to join the family/.test(m.text ?? ''));
    const card = g.olga.waitForMessage(/Oscar asks to join the family/);
    const pressId = g.oscar.press('🙋 Ask to join', { messageId: offered.message_id });
    const first = await tg.waitForCallbackAnswer(pressId);
    await card;
    await handled(h);
    expect(cards()).toHaveLength(1);

    // The same press again, as a process that died after the core's commit leaves it: claimed by a
    // process that is gone, and (the crash came before it) never answered.
    const sqlite = h.db.conn.sqlite;
    const updateId = sqlite.prepare<[], { id: number }>('SELECT max(update_id) AS id FROM processed_updates').get()!.id;
    sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
    tg.api.callbackQueries.get(pressId)!.answer = undefined;
    const callbackQuery: NonNullable<Update['callback_query']> = {
      id: pressId, from: g.oscar.user, message: g.oscar.messages().find((m) => m.message_id === offered.message_id)!, chat_instance: String(h.group.id), data: 'grp:ask',
    };
    await h.app.bot.handleUpdate({ update_id: updateId, callback_query: callbackQuery });
    expect(tg.api.callbackQueries.get(pressId)!.answer).toEqual(first);
    expect(cards()).toHaveLength(2);
    expect(eventsOf(h.deps, 'group.join_requested')).toHaveLength(1);

    // A second tap is another press: told the request waits, no card.
    const again = await tg.waitForCallbackAnswer(g.oscar.press('🙋 Ask to join', { messageId: offered.message_id }));
    expect(again.text).toMatch(/wait/i);
    await handled(h);
    expect(cards()).toHaveLength(2);
  });

  it('[✅ Let in] handled again is answered as the first time; another admin is told it was decided', async () => {
    h = await startGroupHarness();
    const { tg, g } = h;
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    const offer = g.oscar.waitForMessage(/not in the family «Family» yet/);
    g.oscar.send('/e 5 cake');
    await offer;
    const posted = g.olga.waitForMessage(/Oscar asks to join the family/);
    g.oscar.press('🙋 Ask to join');
    const card = await posted;
    await handled(h);

    const pressId = g.adam.press('✅ Let in', { messageId: card.message_id });
    const first = await tg.waitForCallbackAnswer(pressId);
    await handled(h);
    expect(first.text).toBe('Done.');

    const sqlite = h.db.conn.sqlite;
    const updateId = sqlite.prepare<[], { id: number }>('SELECT max(update_id) AS id FROM processed_updates').get()!.id;
    sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
    tg.api.callbackQueries.get(pressId)!.answer = undefined;
    const data = card.reply_markup!.inline_keyboard.flat().find((b) => b.text === '✅ Let in') as { callback_data: string };
    await h.app.bot.handleUpdate({ update_id: updateId, callback_query: { id: pressId, from: g.adam.user, message: card, chat_instance: String(h.group.id), data: data.callback_data } });
    expect(tg.api.callbackQueries.get(pressId)!.answer).toEqual(first);
    expect(eventsOf(h.deps, 'group.join_approved')).toHaveLength(1);

    // Olga's [❌ Decline] on her copy of the card (the buttons are gone from it now): another person, another decision.
    const otherId = 'olga-decline';
    tg.api.callbackQueries.set(otherId, { id: otherId, chatId: h.group.id, messageId: card.message_id, data: data.callback_data.replace(/:a$/, ':d'), answer: undefined });
    await h.app.bot.handleUpdate({ update_id: updateId + 100, callback_query: { id: otherId, from: g.olga.user, message: card, chat_instance: String(h.group.id), data: data.callback_data.replace(/:a$/, ':d') } });
    expect(tg.api.callbackQueries.get(otherId)!.answer).toMatchObject({ text: 'Already decided.' });
  });
});
