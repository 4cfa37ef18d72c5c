// A card's 🏷/👛 when the change would be refused: said at once in its own words, never a list of refused
// choices, never "already undone or changed" for an entry nobody changed. Mia is a member (the jobs run).
import { afterEach, describe, expect, it } from 'vitest';
import { InlineKeyboard } from 'grammy';
import { approveTransaction, archiveWallet, createTransaction, pendingTransactions, setUserLocale } from '../../src/domain/index.js';
import { startGroupHarness, type GroupHarness } from './groups/harness.js';
import { addWallet } from './support/seed.js';
import { callbackData } from '../../src/presentation/callback-data.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CARD = ['🏷 Change category', '👛 Change wallet', '↩️ Undo'];
const UNDO_RU = '↩️ Отменить';

/** Mia's card as a version before this one left it: 🏷 👛 ↩️ whatever she may do (an edit the bot made then). */
async function olderCard(g: GroupHarness, messageId: number, txId: number, locale: 'en' | 'ru'): Promise<void> {
  const labels = locale === 'en' ? CARD : ['🏷 Категория', '👛 Кошелёк', UNDO_RU];
  const keyboard = new InlineKeyboard().text(labels[0]!, callbackData.card.category(txId)).text(labels[1]!, callbackData.card.wallet(txId)).row().text(labels[2]!, callbackData.card.undo(txId));
  await g.app.bot.api.editMessageReplyMarkup(g.mia.chatId, messageId, { reply_markup: keyboard });
}

/** Waits until Mia's card offers only ↩️ Undo (the buttons of what she may still do). */
async function onlyUndo(g: GroupHarness, messageId: number): Promise<void> {
  await g.mia.waitForMessage((m) => m.message_id === messageId && JSON.stringify(m.reply_markup ?? {}).match(/q:[cw]:/) === null, { includeExisting: true });
  expect(g.mia.buttons(messageId)).toHaveLength(1);
  expect(g.mia.buttons(messageId)[0]).toMatch(/^↩️/);
}

describe("a card's change buttons that the core would refuse", () => {
  it("an entry someone else approved: the member's card keeps only ↩️ Undo; a card still offering 🏷 (an older one) says who approved it and drops it", async () => {
    h = await startGroupHarness();
    const { mia, tg } = h;
    mia.send('600 new tv');
    const card = await mia.waitForMessage('waits for approval');
    const [request] = pendingTransactions(h.deps, h.f.userOf(mia), h.f.familyId);
    approveTransaction(h.deps, h.f.userOf(h.olga), request!.id);
    await mia.waitForMessage((m) => m.message_id === card.message_id && /Cash: \$1,400\.00/.test(m.text ?? ''), { includeExisting: true });
    expect(mia.buttons(card.message_id)).toEqual(['↩️ Undo']);

    for (const button of ['🏷 Change category', '👛 Change wallet']) {
      await olderCard(h, card.message_id, request!.id, 'en');
      const press = mia.press(button, { messageId: card.message_id });
      expect(await tg.waitForCallbackAnswer(press)).toMatchObject({
        text: "Olga approved this entry, so only Olga or another owner or admin can change it now (on the group's card or in /history). You can still ↩️ Undo it.",
        show_alert: true,
      });
      await onlyUndo(h, card.message_id);
    }
    const undo = mia.press('↩️ Undo', { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(undo)).toMatchObject({ text: 'Undone' });
  });

  it('in Russian: the alert names the approver too, and the card keeps ↩️ Отменить only', async () => {
    h = await startGroupHarness();
    const { mia, tg } = h;
    setUserLocale(h.deps, h.f.userOf(mia), 'ru');
    mia.send('600 телевизор');
    const card = await mia.waitForMessage((m) => /q:x:/.test(JSON.stringify(m.reply_markup ?? {})));
    const [request] = pendingTransactions(h.deps, h.f.userOf(h.olga), h.f.familyId);
    approveTransaction(h.deps, h.f.userOf(h.olga), request!.id);
    await mia.waitForMessage((m) => m.message_id === card.message_id && /q:u:/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    expect(mia.buttons(card.message_id)).toEqual([UNDO_RU]);
    await olderCard(h, card.message_id, request!.id, 'ru');
    const press = mia.press('🏷 Категория', { messageId: card.message_id });
    expect((await tg.waitForCallbackAnswer(press)).text).toMatch(/^Запись одобрена: \u2068?Olga\u2069?\. Изменить её теперь может только \u2068?Olga\u2069? или другой владелец/);
    await onlyUndo(h, card.message_id);
  });

  it('past 48 hours: a category picked from a list opened before is refused in those words, and the card keeps the buttons Mia may still use', async () => {
    h = await startGroupHarness();
    const { mia, tg } = h;
    mia.send('30 taxi');
    const card = await mia.waitForMessage(/➖ \$30\.00 from Cash/);
    mia.press('🏷 Change category', { messageId: card.message_id });
    await mia.waitForMessage((m) => m.message_id === card.message_id && /Groceries/.test(JSON.stringify(m.reply_markup ?? {})));
    h.db.clock.advance(49 * 60 * 60 * 1000);

    const pick = mia.press(/Groceries/, { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(pick)).toMatchObject({
      text: 'Entries can be changed for 48 hours after recording; this one is older. Ask an owner or admin, or record a new entry.',
      show_alert: true,
    });
    // The card then offers what Mia may still do: ↩️ Undo (her own entry), no more 🏷 👛.
    await mia.waitForMessage((m) => m.message_id === card.message_id && !/Groceries/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    expect(mia.buttons(card.message_id)).toEqual(['↩️ Undo']);
    expect(h.entries().filter((t) => t.description === 'taxi').map((t) => t.status)).toEqual(['executed']);

    // On a card that still shows 👛 (nothing edits a card when the 48 hours pass), the list is not shown at all.
    await olderCard(h, card.message_id, h.entries().find((t) => t.description === 'taxi')!.id, 'en');
    const open = mia.press('👛 Change wallet', { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(open)).toMatchObject({ text: expect.stringMatching(/48 hours/), show_alert: true });
    await onlyUndo(h, card.message_id);
  });

  it('a wallet archived while its button was on the card: "pick another" comes with the wallets there are now', async () => {
    h = await startGroupHarness();
    const { mia, tg, f } = h;
    const owner = f.userOf(h.olga);
    const bank = addWallet(h.deps, f, owner, 'Bank');
    createTransaction(h.deps, owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 10_000 });
    mia.send('30 taxi');
    const card = await mia.waitForMessage(/➖ \$30\.00 from Cash/);
    mia.press('👛 Change wallet', { messageId: card.message_id });
    await mia.waitForMessage((m) => m.message_id === card.message_id && /Bank/.test(JSON.stringify(m.reply_markup ?? {})));

    createTransaction(h.deps, owner, { familyId: f.familyId, fromWalletId: bank, toWalletId: f.cashId, amountMinor: 10_000 });
    archiveWallet(h.deps, owner, { familyId: f.familyId, walletId: bank });
    const savings = addWallet(h.deps, f, owner, 'Savings');
    createTransaction(h.deps, owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: savings, amountMinor: 5_000 });

    const pick = mia.press(/^Bank/, { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(pick)).toMatchObject({ text: 'That wallet was archived; pick another.', show_alert: true });
    await mia.waitForMessage((m) => m.message_id === card.message_id && /Savings/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    expect(mia.buttons(card.message_id)).toEqual(['Savings · $50.00', '‹ Back']);
    mia.press(/^Savings/, { messageId: card.message_id });
    await mia.waitForMessage(/➖ \$30\.00 from Savings/);
  });
});
