// Forged presses in the family group: the management buttons of a private chat, pressed with hand-made
// data on a message in the group, must not turn it into a wallet list, a member list or settings the
// group may not see (nor read another family's books there). Only the read-only views' own buttons
// (history pages, report months) work in a group, and only where the family lets it see them.
import { afterEach, describe, expect, it } from 'vitest';
import { createFamily } from '../../../src/domain/index.js';
import type { FakeTelegram, FakeUser } from '../../support/fake-telegram.js';
import { linkGroup, updateGroupSettings } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

let seq = 0;
/** A callback query with hand-made data on the group message `messageId`. */
async function forge(tg: FakeTelegram, who: FakeUser, messageId: number, data: string) {
  const id = String(8_000_000_000_000 + ++seq);
  const message = who.messages().find((m) => m.message_id === messageId)!;
  tg.api.callbackQueries.set(id, { id, chatId: who.chatId, messageId, data, answer: undefined });
  tg.injectUpdate({ update_id: tg.nextUpdateId(), callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data } });
  return tg.waitForCallbackAnswer(id);
}

const privately = /works in a private chat/;

describe('forged buttons in the family group', () => {
  it('private views and changes are refused on a card; the card stays as it was', async () => {
    h = await startGroupHarness();
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    const { g, tg, f } = h;
    g.mia.send('/e 12 coffee');
    const card = await waitFor(g.mia, /\$12\.00/);
    const fam = `f${f.familyId}`;
    for (const data of [`m1:w:l:${fam}`, 'm1:w:l', `m1:w:o:${f.cashId}`, `m1:h:p:${fam}`, `m1:h:o:${card.message_id}:${fam}`, 'm1:s:v', `m1:mb:l:${fam}`, `m1:w:def:${f.cashId}:${fam}`]) {
      expect(await forge(tg, g.mia, card.message_id, data), data).toMatchObject({ text: expect.stringMatching(privately), show_alert: true });
    }
    expect(g.mia.messages().find((m) => m.message_id === card.message_id)?.text).toBe(card.text);
  });

  it('where the group sees reports, history pages work; other buttons and another family still do not', async () => {
    h = await startGroupHarness();
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    updateGroupSettings(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, visibility: 'everything' });
    const { g, tg, f } = h;
    // Mia's own other family: its books are not read in this group either.
    const own = createFamily(h.deps, f.userOf(h.mia), { name: 'Mine', baseCurrency: 'USD' });
    g.mia.send('/history');
    const history = await waitFor(g.mia, /Recent transactions/);
    for (const data of [`m1:w:l:f${f.familyId}`, `m1:mb:l:f${f.familyId}`, `m1:h:p:f${own.id}`, `m1:h:o:1:f${f.familyId}`]) {
      expect(await forge(tg, g.mia, history.message_id, data), data).toMatchObject({ text: expect.stringMatching(privately), show_alert: true });
    }
    expect(g.mia.messages().find((m) => m.message_id === history.message_id)?.text).toBe(history.text);
    // The view's own button still works there.
    expect((await forge(tg, g.mia, history.message_id, `m1:h:p:f${f.familyId}`)).text).toBeUndefined();
    expect(g.mia.messages().find((m) => m.message_id === history.message_id)?.text).toMatch(/Recent transactions/);
  });
});
