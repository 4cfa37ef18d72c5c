// /groupsettings' buttons name the value they set: a double tap, or two admins
// pressing the same button at once, sets it once (never back to where it
// was); a button drawn before they named a value changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { eventsOf, getGroupSettings, linkGroup } from './imports.js';
import { startGroupHarness, type GroupHarness } from './harness.js';
import type { FakeUser } from '../../support/fake-telegram.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const link = (h: GroupHarness) => linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
const settingsOf = (h: GroupHarness) => getGroupSettings(h.deps, h.f.userOf(h.olga), h.f.familyId);

async function showSettings(h: GroupHarness): Promise<Message> {
  const shown = h.g.olga.waitForMessage(/Group settings of the family/);
  h.g.olga.send('/groupsettings');
  return shown;
}

/** Presses a button with hand-made data on the settings message. */
function pressData(h: GroupHarness, who: FakeUser, message: Message, data: string): string {
  const id = `grp-${data}-${Math.random()}`;
  h.tg.api.callbackQueries.set(id, { id, chatId: h.group.id, messageId: message.message_id, data, answer: undefined });
  h.tg.injectUpdate({ update_id: h.tg.nextUpdateId(), callback_query: { id, from: who.user, message: structuredClone(message), chat_instance: '1', data } });
  return id;
}

describe('group settings buttons', () => {
  it('a double tap on each button sets its next value once', async () => {
    h = await startGroupHarness();
    link(h);
    const settings = await showSettings(h);
    const cases: Array<[RegExp, () => unknown, unknown]> = [
      [/^Approvals:/, () => settingsOf(h!).approvalsTarget, 'group'],
      [/^Group sees:/, () => settingsOf(h!).visibility, 'everything'],
      [/^Pinned summary:/, () => settingsOf(h!).pinnedSummary, true],
    ];
    for (const [label, read, expected] of cases) {
      const first = h.g.olga.press(label, { messageId: settings.message_id });
      const second = h.g.olga.press(label, { messageId: settings.message_id });
      await h.tg.waitForCallbackAnswer(first);
      await h.tg.waitForCallbackAnswer(second);
      expect(read(), String(label)).toBe(expected);
    }
    expect(settingsOf(h)).toEqual({ approvalsTarget: 'group', visibility: 'everything', pinnedSummary: true });
    // One change each in the audit log.
    expect(eventsOf(h.deps, 'group.settings_changed')).toHaveLength(3);
    await h.g.olga.waitForMessage((m) => m.message_id === settings.message_id && /Pinned summary: on/.test(JSON.stringify(m.reply_markup)), { includeExisting: true });
  });

  it('the owner and an admin pressing the same button at once set it once', async () => {
    h = await startGroupHarness();
    link(h);
    const settings = await showSettings(h);
    const byOlga = h.g.olga.press(/^Group sees:/, { messageId: settings.message_id });
    const byAdam = h.g.adam.press(/^Group sees:/, { messageId: settings.message_id });
    await h.tg.waitForCallbackAnswer(byOlga);
    await h.tg.waitForCallbackAnswer(byAdam);
    expect(settingsOf(h).visibility).toBe('everything');
    expect(eventsOf(h.deps, 'group.settings_changed')).toHaveLength(1);
  });

  it('a button from before buttons named a value, or a forged value, changes nothing and is answered as out of date', async () => {
    h = await startGroupHarness();
    link(h);
    const settings = await showSettings(h);
    for (const data of ['grp:s:a', 'grp:s:v', 'grp:s:p', 'grp:s:v:bogus', 'grp:s:p:yes', 'grp:s:a:everything']) {
      expect(await h.tg.waitForCallbackAnswer(pressData(h, h.g.olga, settings, data)), data).toMatchObject({ text: 'This button is out of date. Open the menu again.' });
    }
    expect(settingsOf(h)).toEqual({ approvalsTarget: 'both', visibility: 'entries', pinnedSummary: false });
    expect(eventsOf(h.deps, 'group.settings_changed')).toHaveLength(0);
    // A member's press of a current button is still refused by the core.
    const refused = h.g.mia.press(/^Group sees:/, { messageId: settings.message_id });
    expect(await h.tg.waitForCallbackAnswer(refused)).toMatchObject({ text: expect.stringMatching(/Only an owner or admin/) as unknown });
    expect(settingsOf(h).visibility).toBe('entries');
  });
});
