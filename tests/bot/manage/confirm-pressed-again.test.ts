// A confirming button pressed again once its action is done (a double tap before
// the screen changed, or the same question still open in an older message): a new
// press, not a redelivery (redelivered-changes.test.ts covers that). Nothing more
// happens, and the alert says why: the person is no longer in the family, the
// other one is the owner already, the rule is stopped already. Never "could not
// find that" or "your role does not allow this".
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { createFamily, createInvite, createRecurringRule, joinFamily, removeMember } from '../../../src/domain/index.js';
import type { FakeUser } from '../../support/fake-telegram.js';
import { family, person, press, say, startHarness, type Harness } from './harness.js';
import { handled } from './redelivery.js';

const events = (h: Harness, action: string): number =>
  h.db.conn.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM event_log WHERE action = ?').get(action)!.n;

let seq = 0;

/**
 * Presses `label` on the newest message that has it and waits for the answer, then presses the same
 * button of that message as it was (a second tap before the edit): returns the second press's answer.
 */
async function pressAgain(h: Harness, who: FakeUser, label: string): Promise<{ text?: string; show_alert?: boolean }> {
  const message = who.messages().filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === label)).at(-1) as Message;
  const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text === label) as { callback_data: string };
  await press(h, who, label);
  await handled(h);
  const id = String(8_000_000_000_000 + ++seq);
  h.tg.api.callbackQueries.set(id, { id, chatId: who.chatId, messageId: message.message_id, data: button.callback_data, answer: undefined });
  h.tg.injectUpdate({ update_id: h.tg.nextUpdateId(), callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data: button.callback_data } });
  return (await h.tg.waitForCallbackAnswer(id)) as { text?: string; show_alert?: boolean };
}

async function openMember(h: Harness, owner: FakeUser, name: string, action: string, question: RegExp): Promise<void> {
  await say(owner, '/members', /Members \(2\)/);
  const card = owner.waitForMessage(`${name}: `);
  await press(h, owner, name);
  await card;
  const confirm = owner.waitForMessage(question);
  await press(h, owner, action);
  await confirm;
}

describe('a confirming button pressed again after its action', () => {
  it('[🚪 Yes, remove]: removed once; again, "no longer in the family"', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    await openMember(h, f.owner.tg, 'Max', '🚪 Remove from family', /Remove Max from the family\?/);
    const again = await pressAgain(h, f.owner.tg, '🚪 Yes, remove');
    expect(again).toMatchObject({ text: 'This person is no longer in the family: they were removed or left.', show_alert: true });
    expect(events(h, 'member.removed')).toBe(1);
  });

  it('[👑 Yes, hand over]: handed over once; again, "Anna is already the owner"', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    await openMember(h, f.owner.tg, 'Anna', '👑 Hand over ownership', /Make Anna the owner of the family\?/);
    const again = await pressAgain(h, f.owner.tg, '👑 Yes, hand over');
    expect(again).toMatchObject({ text: 'Anna is already the owner of the family.', show_alert: true });
    expect(events(h, 'member.ownership_transferred')).toBe(1);
  });

  it('[🚪 Yes, leave]: left once; again, "you are no longer in this family"', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!.tg;
    await say(max, '/members', /Members \(2\)/);
    const confirm = max.waitForMessage(/Leave “Home”\?/);
    await press(h, max, '🚪 Leave the family');
    await confirm;
    const again = await pressAgain(h, max, '🚪 Yes, leave');
    expect(again).toMatchObject({ text: 'You are no longer in this family.', show_alert: true });
    expect(events(h, 'member.left')).toBe(1);
  });

  it('[⏹ Stop]: stopped once; again, "already stopped"', async () => {
    const h = await startHarness();
    const f = family(h);
    createRecurringRule(h.db.deps, f.owner.userId, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 1200_00, frequency: 'monthly', startDate: '2026-12-01' });
    await say(f.owner.tg, '/recurring', /Recurring/);
    const again = await pressAgain(h, f.owner.tg, '⏹ Stop 1');
    expect(again).toMatchObject({ text: 'This recurring transaction is already stopped.', show_alert: true });
    expect(events(h, 'recurring.stopped')).toBe(1);
  });

  it('a member’s list, card or confirmation shown before they were removed: each says "no longer in the family"', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const owner = f.owner.tg;
    const list = await say(owner, '/members', /Members \(2\)/);
    const card = await say(owner, '/members', /Members \(2\)/);
    const opened = owner.waitForMessage('Max: ');
    owner.press('Max', { messageId: card.message_id });
    await opened;
    await openMember(h, owner, 'Max', '🚪 Remove from family', /Remove Max from the family\?/);
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: f.people.member!.userId });
    const gone = { text: 'This person is no longer in the family: they were removed or left.', show_alert: true };
    expect(await press(h, owner, '🚪 Yes, remove')).toMatchObject(gone);
    for (const label of ['Make admin', '🚪 Remove from family', '👑 Hand over ownership']) {
      expect(await h.tg.waitForCallbackAnswer(owner.press(label, { messageId: card.message_id }))).toMatchObject(gone);
    }
    expect(await h.tg.waitForCallbackAnswer(owner.press('Max', { messageId: list.message_id }))).toMatchObject(gone);
  });

  it('in Russian too', async () => {
    const h = await startHarness();
    const olga = person(h, 'Ольга', 'ru');
    const anna = person(h, 'Анна', 'ru');
    const home = createFamily(h.db.deps, olga.userId, { name: 'Дом', baseCurrency: 'RUB', locale: 'ru' });
    joinFamily(h.db.deps, anna.userId, createInvite(h.db.deps, olga.userId, { familyId: home.id, role: 'admin' }).code);
    await say(olga.tg, '/members', /\(2\)/);
    const card = olga.tg.waitForMessage('Анна: ');
    await press(h, olga.tg, 'Анна');
    await card;
    const confirm = olga.tg.waitForMessage(/Сделать Анна владельцем семьи\?/);
    await press(h, olga.tg, '👑 Передать семью');
    await confirm;
    const again = await pressAgain(h, olga.tg, '👑 Да, передать');
    expect(again).toMatchObject({ text: 'Анна уже владелец семьи.', show_alert: true });
  });
});
