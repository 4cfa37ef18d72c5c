// A reply under an approval request, a reminder digest or one's own waiting card is asked about before
// it is recorded, like a reply under an entry's card, and the question names the buttons that message
// really has: ✅/❌ (and the author's ✋ Withdraw), not the executed card's 🏷 👛 ↩️.
import { InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { listTransactions, pendingTransactions } from '../../src/domain/index.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { startHarness, type Harness } from './support/harness.js';
import { familyWithFundedCash, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start() {
  h = await startHarness();
  const alice = h.person(1001, 'Alice');
  const mike = h.person(1003, 'Mike');
  const f = familyWithFundedCash(h.db.deps, alice, 100_000, { others: [[mike, 'member']] });
  return { h, alice, mike, f };
}

async function requestFrom(h: Harness, who: FakeUser, f: SeededFamily, text: string): Promise<{ id: number; cardId: number }> {
  const before = new Set(pendingTransactions(h.db.deps, f.userOf(who), f.familyId).map((t) => t.id));
  who.send(text);
  const card = await who.waitForMessage('waits for approval');
  const added = pendingTransactions(h.db.deps, f.userOf(who), f.familyId).find((t) => !before.has(t.id));
  return { id: added!.id, cardId: card.message_id };
}

/** The buttons the jobs put under an approval request (render.ts approvalKeyboard) and a digest (digestKeyboard). */
async function sendToApprover(h: Harness, to: FakeUser, text: string, ids: number[]): Promise<number> {
  const kb = new InlineKeyboard();
  if (ids.length === 1) kb.text('✅ Approve', `appr:${ids[0]}:a`).text('❌ Reject', `appr:${ids[0]}:r`);
  else ids.forEach((id, i) => kb.text(`✅ ${i + 1}`, `appr:${id}:a`).text(`❌ ${i + 1}`, `appr:${id}:r`).row());
  const m = await h.app.bot.api.sendMessage(to.chatId, text, { reply_markup: kb });
  return m.message_id;
}

const entries = (h: Harness, f: SeededFamily, who: FakeUser) =>
  listTransactions(h.db.deps, f.userOf(who), { familyId: f.familyId }).items.filter((t) => t.source === 'quick' && t.createdBy === f.userOf(who));

describe('a reply under an approval request or a waiting entry', () => {
  it('under an approval request: asks, naming ✅ Approve / ❌ Reject (and the author’s ✋ Withdraw), records nothing yet', async () => {
    const { h, alice, mike, f } = await start();
    const { id } = await requestFrom(h, mike, f, '600 new tv');
    const request = await sendToApprover(h, alice, '🔔 Mike asks for approval (Smiths):\nExpense: $600.00', [id]);

    alice.send('45 coffee', { replyTo: request });
    const question = await alice.waitForMessage(/as a new entry\?/);
    expect(question.text).toBe(
      'Record “45 coffee” as a new entry? To decide the request above instead, use its buttons: ✅ Approve or ❌ Reject (if the request is yours, ✋ Withdraw on your card withdraws it).',
    );
    expect(question.text).not.toMatch(/Change category/);
    expect(alice.buttons(question.message_id)).toEqual(['✅ Record', '✖️ Cancel']);
    expect(entries(h, f, alice)).toHaveLength(0);

    // Its [Record] still records the reply, once.
    const shown = alice.waitForMessage(/\$45\.00/);
    await h.tg.waitForCallbackAnswer(alice.press('✅ Record', { messageId: question.message_id }));
    await shown;
    expect(entries(h, f, alice).map((t) => t.amountMinor)).toEqual([4500]);
  });

  it('under a reminder digest of several requests: names the listed requests’ ✅/❌ buttons', async () => {
    const { h, alice, mike, f } = await start();
    const tv = await requestFrom(h, mike, f, '600 new tv');
    const sofa = await requestFrom(h, mike, f, '700 sofa');
    const digest = await sendToApprover(h, alice, '⏰ Reminder: 2 requests are waiting for your decision (Smiths):', [tv.id, sofa.id]);

    alice.send('12 bus', { replyTo: digest });
    const question = await alice.waitForMessage(/as a new entry\?/);
    expect(question.text).toBe('Record “12 bus” as a new entry? To decide a request listed above instead, use its ✅ or ❌ button.');
    expect(entries(h, f, alice)).toHaveLength(0);
  });

  it('under one’s own waiting card: names its ✋ Withdraw, not the executed card’s buttons', async () => {
    const { h, mike, f } = await start();
    const { cardId } = await requestFrom(h, mike, f, '600 new tv');

    mike.send('actually 550', { replyTo: cardId });
    const question = await mike.waitForMessage(/as a new entry\?/);
    expect(question.text).toBe('Record “actually 550” as a new entry? The request above waits for approval: to drop it instead, use its ✋ Withdraw button.');
    expect(pendingTransactions(h.db.deps, f.userOf(mike), f.familyId).map((t) => t.amountMinor)).toEqual([60_000]);
    expect(entries(h, f, mike).filter((t) => t.status === 'executed')).toHaveLength(0);
  });

  it('a decided request (its buttons gone) is no card: a reply there is an entry as usual', async () => {
    const { h, alice, mike, f } = await start();
    const { id } = await requestFrom(h, mike, f, '600 new tv');
    const request = await sendToApprover(h, alice, 'Request', [id]);
    await h.tg.waitForCallbackAnswer(alice.press('✅ Approve', { messageId: request }));
    await alice.waitForMessage((m) => m.message_id === request && alice.buttons(request).length === 0, { includeExisting: true });

    alice.send('3 bread', { replyTo: request });
    await alice.waitForMessage(/\$3\.00/);
    expect(entries(h, f, alice).map((t) => t.amountMinor)).toEqual([300]);
  });
});
