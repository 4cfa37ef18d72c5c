// The buttons of an entry's card in the private chat of someone no longer in the entry's family (removed, or
// left): a press says so and the card loses its buttons; the entry is untouched. Before, a press answered
// nothing on the button and "You are not in a family yet…" in the chat (with no family left), or went by the
// active one, and the buttons stayed.
import { describe, expect, it } from 'vitest';
import { adjustWalletBalance, createFamily, getTransaction, leaveFamily, listTransactions, removeMember } from '../../../src/domain/index.js';
import { family, person, say, startHarness } from './harness.js';

const GONE = '🔒 You are no longer in the family of this entry, so its buttons do nothing.';

describe("an entry's card of a family its author is no longer in", () => {
  it('↩️ Undo after being removed: refused with why, the card loses its buttons, the entry stays', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    adjustWalletBalance(h.db.deps, f.owner.userId, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 100_000 });
    const max = f.people.member!;
    const card = await say(max.tg, '20 coffee', /coffee/);
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: max.userId });
    const before = max.tg.messages().length;

    const edited = max.tg.waitForMessage((m) => m.message_id === card.message_id && (m.text ?? '').includes('🔒'));
    const answer = await h.tg.waitForCallbackAnswer(max.tg.press('↩️ Undo', { messageId: card.message_id }));
    expect(answer).toMatchObject({ text: 'You are no longer in this family.', show_alert: true });
    expect((await edited).text).toBe(`${card.text}\n\n${GONE}`);
    expect(max.tg.buttons(card.message_id)).toEqual([]);
    expect(max.tg.messages().length).toBe(before);
    const coffee = listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items.find((t) => t.description === 'coffee');
    expect(getTransaction(h.db.deps, f.owner.userId, coffee!.id).status).toBe('executed');
  });

  it('🏷 after leaving for another family, in Russian: refused the same way, nothing in either family', async () => {
    const h = await startHarness();
    const f = family(h);
    adjustWalletBalance(h.db.deps, f.owner.userId, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 100_000 });
    const max = person(h, 'Макс', 'ru');
    const { createInvite, joinFamily } = await import('../../../src/domain/index.js');
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code);
    const card = await say(max.tg, '20 кофе', /кофе/);
    createFamily(h.db.deps, max.userId, { name: 'Flat', baseCurrency: 'USD' });
    leaveFamily(h.db.deps, max.userId, f.familyId);

    const edited = max.tg.waitForMessage((m) => m.message_id === card.message_id && (m.text ?? '').includes('🔒'));
    const answer = await h.tg.waitForCallbackAnswer(max.tg.press(/Категория/, { messageId: card.message_id }));
    expect(answer).toMatchObject({ text: 'Вы больше не состоите в этой семье.', show_alert: true });
    expect((await edited).text).toBe(`${card.text}\n\n🔒 Вы больше не состоите в семье этой записи, поэтому её кнопки не работают.`);
    expect(max.tg.buttons(card.message_id)).toEqual([]);
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items.filter((t) => t.description === 'кофе').map((t) => t.status)).toEqual(['executed']);
  });
});
