// A member's large expense approved by an owner: the card in the group keeps 🏷 👛 ↩️, and they are usable.
// Mia may no longer change the entry (someone else approved it), so the card answers the owner or admin
// the core lets change it; Mia pressing 🏷 is told who approved it. Olga owner, Adam admin, Mia member.
import { afterEach, describe, expect, it } from 'vitest';
import { approveTransaction, pendingTransactions } from '../../../src/domain/index.js';
import { linkGroup } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CARD = ['🏷 Change category', '👛 Change wallet', '↩️ Undo'];

describe("an approved member's card in the group", () => {
  it('answers the owner or admin who may change it; a press on a card its author may still change stays the author\'s', async () => {
    h = await startGroupHarness();
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    const { g, tg } = h;
    g.mia.send('/e 600 tv');
    const card = await waitFor(g.mia, /waits for approval/);
    const [request] = pendingTransactions(h.deps, h.f.userOf(h.olga), h.f.familyId);
    approveTransaction(h.deps, h.f.userOf(h.olga), request!.id);
    await g.mia.waitForMessage((m) => m.message_id === card.message_id && !/waits/.test(m.text ?? '') && g.mia.buttons(card.message_id).length === 3, { includeExisting: true });
    expect(g.mia.buttons(card.message_id)).toEqual(CARD);

    // Mia is told who approved it and who may change it.
    const mine = g.mia.press('👛 Change wallet', { messageId: card.message_id });
    expect((await tg.waitForCallbackAnswer(mine)).text).toMatch(/^Olga approved this entry, so only Olga or another owner or admin can change it/);
    expect(g.mia.buttons(card.message_id)).toEqual(CARD);

    // Adam (admin) opens the categories on Mia's card and moves the entry.
    g.adam.press('🏷 Change category', { messageId: card.message_id });
    await g.adam.waitForMessage((m) => m.message_id === card.message_id && /Groceries/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    const pick = g.adam.press(/Groceries/, { messageId: card.message_id });
    await tg.waitForCallbackAnswer(pick);
    const tv = h.entries().filter((t) => t.description === 'tv' && t.reversalOf === null);
    expect(tv.map((t) => t.status)).toEqual(['reversed', 'executed']);
    expect(tv[1]!.createdBy).toBe(h.f.userOf(h.mia));
    expect(tv[1]!.categoryId).not.toBe(tv[0]!.categoryId);

    // A card Mia may still change is hers alone.
    g.mia.send('/e 12 coffee');
    const coffee = await waitFor(g.mia, /\$12\.00/);
    const foreign = g.adam.press(/Undo/, { messageId: coffee.message_id });
    expect((await tg.waitForCallbackAnswer(foreign)).text).toBe("These buttons are Mia's.");
  });
});
