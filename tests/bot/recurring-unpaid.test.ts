// A recurring entry that could not be paid: the jobs send its creator
// [💳 Pay from <wallet>] / [⏭ Skip this time] (callback data from the one
// codec, src/bot/shared/callback-data.ts); a press pays or skips once.
import { InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { callbackData } from '../../src/bot/shared/callback-data.js';
import { createFamily, getWallet, listTransactions, setActiveFamily } from '../../src/domain/index.js';
import { createRecurringRule, deactivateRecurringRule, listRecurringRules } from '../../src/domain/recurring/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { addFundedWallet, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Alice's family: a $50 monthly rule from Cash due 2026-11-25, a Card with $100, and the notice's two buttons. */
async function unpaidInEnglish() {
  const harness = (h = await startHarness());
  const alice = harness.person(1001, 'Alice');
  const f = seedFamily(harness.db.deps, alice);
  const owner = f.userOf(alice);
  const card = addFundedWallet(harness.db.deps, f, 'Card', 'USD', 10_000);
  const rule = monthlyFifty(harness, f, owner);
  const kb = new InlineKeyboard()
    .text('💳 Pay from Card', callbackData.recurringPay(rule.id, '2026-11-25', card))
    .row()
    .text('⏭ Skip this time', callbackData.recurringSkip(rule.id, '2026-11-25'));
  return { h: harness, alice, f, owner, card, rule, kb };
}

/** Olga's Russian family: the same rule, and the notice's Skip button. */
async function unpaidInRussian() {
  const harness = (h = await startHarness());
  const olga = harness.person(1001, 'Ольга', 'ru');
  const f = seedFamily(harness.db.deps, olga);
  const owner = f.userOf(olga);
  const rule = monthlyFifty(harness, f, owner);
  const kb = new InlineKeyboard().text('⏭ Пропустить в этот раз', callbackData.recurringSkip(rule.id, '2026-11-25'));
  return { h: harness, olga, f, owner, rule, kb };
}

function monthlyFifty(harness: Harness, f: ReturnType<typeof seedFamily>, owner: number) {
  return createRecurringRule(harness.db.deps, owner, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, categoryId: null, amountMinor: 5000, frequency: 'monthly', startDate: '2026-11-25' });
}

describe('a recurring entry that cannot be paid', () => {
  it('is paid from another wallet with one press; a second press says it was already paid', async () => {
    const { h, alice, f, owner, card, kb } = await unpaidInEnglish();
    await h.app.bot.api.sendMessage(alice.chatId, '⚠️ The recurring $50.00 on Nov 25, 2026 cannot be paid', { reply_markup: kb });

    expect(await h.tg.waitForCallbackAnswer(alice.press('💳 Pay from Card'))).toMatchObject({ text: '✅ Paid.' });
    await alice.waitForMessage(/✅ Paid\.\n➖ \$50\.00 from Card/, { includeExisting: true });
    expect(getWallet(h.db.deps, owner, f.familyId, card).balanceMinor).toBe(5000);
    expect(listRecurringRules(h.db.deps, owner, f.familyId)[0]?.nextDate).toBe('2026-12-25');

    await h.app.bot.api.sendMessage(alice.chatId, 'the same notice again', { reply_markup: kb });
    expect(await h.tg.waitForCallbackAnswer(alice.press('⏭ Skip this time'))).toMatchObject({ text: 'It was already paid.' });
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.amountMinor === 5000)).toHaveLength(1);
  });

  it('skips this time in Russian, and the rule moves on', async () => {
    const { h, olga, f, owner, kb } = await unpaidInRussian();
    await h.app.bot.api.sendMessage(olga.chatId, '⚠️ …', { reply_markup: kb });
    expect(await h.tg.waitForCallbackAnswer(olga.press('⏭ Пропустить в этот раз'))).toMatchObject({ text: '⏭ В этот раз пропущено.' });
    expect(listRecurringRules(h.db.deps, owner, f.familyId)[0]?.nextDate).toBe('2026-12-25');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(0);
  });

  // The notice may be answered after the person switched to another family: the buttons act on the
  // rule's own family (before: "not found", the rule looked up in the active family). A press by
  // someone who is not in the rule's family is still refused.
  it("is paid and skipped in the rule's family after the person switched to another one; a stranger is refused", async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const bob = h.person(1002, 'Bob');
    const f = seedFamily(h.db.deps, alice);
    const owner = f.userOf(alice);
    const card = addFundedWallet(h.db.deps, f, 'Card', 'USD', 10_000);
    const rule = createRecurringRule(h.db.deps, owner, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, categoryId: null, amountMinor: 5000, frequency: 'monthly', startDate: '2026-11-25' });
    const other = createFamily(h.db.deps, owner, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, owner, other.id);
    const kb = (date: string) => new InlineKeyboard().text('💳 Pay from Card', callbackData.recurringPay(rule.id, date, card)).row().text('⏭ Skip this time', callbackData.recurringSkip(rule.id, date));

    // Bob, in no family of the rule (his own family only), is refused and nothing moves.
    const b = seedFamily(h.db.deps, bob);
    await h.app.bot.api.sendMessage(bob.chatId, '⚠️ a notice not meant for Bob', { reply_markup: kb('2026-11-25') });
    expect(await h.tg.waitForCallbackAnswer(bob.press('💳 Pay from Card'))).toMatchObject({ show_alert: true });
    expect(getWallet(h.db.deps, owner, f.familyId, card).balanceMinor).toBe(10_000);
    expect(listRecurringRules(h.db.deps, owner, f.familyId)[0]?.nextDate).toBe('2026-11-25');
    expect(b.familyId).not.toBe(f.familyId);

    await h.app.bot.api.sendMessage(alice.chatId, '⚠️ The recurring $50.00 on Nov 25, 2026 cannot be paid', { reply_markup: kb('2026-11-25') });
    expect(await h.tg.waitForCallbackAnswer(alice.press('💳 Pay from Card'))).toMatchObject({ text: '✅ Paid.' });
    expect(getWallet(h.db.deps, owner, f.familyId, card).balanceMinor).toBe(5000);
    expect(listTransactions(h.db.deps, owner, { familyId: other.id }).items).toHaveLength(0);
    expect(listRecurringRules(h.db.deps, owner, f.familyId)[0]?.nextDate).toBe('2026-12-25');

    await h.app.bot.api.sendMessage(alice.chatId, '⚠️ The recurring $50.00 on Dec 25, 2026 cannot be paid', { reply_markup: kb('2026-12-25') });
    expect(await h.tg.waitForCallbackAnswer(alice.press('⏭ Skip this time'))).toMatchObject({ text: '⏭ Skipped this time.' });
    expect(listRecurringRules(h.db.deps, owner, f.familyId)[0]?.nextDate).toBe('2027-01-25');
  });

  // The rule was stopped (⏹ Stop in /recurring, by anyone) after the notice was sent: its buttons went on
  // offering to pay and answered each press with an alert. Now the first press says so and the notice loses
  // its buttons, with the reason written under it; nothing is paid.
  it('a notice of a rule stopped since: a press says it is stopped and the notice loses its buttons', async () => {
    const { h, alice, f, owner, rule, kb } = await unpaidInEnglish();
    const notice = await h.app.bot.api.sendMessage(alice.chatId, '⚠️ The recurring $50.00 on Nov 25, 2026 cannot be paid', { reply_markup: kb });
    deactivateRecurringRule(h.db.deps, owner, { familyId: f.familyId, ruleId: rule.id });

    expect(await h.tg.waitForCallbackAnswer(alice.press('💳 Pay from Card'))).toMatchObject({ text: 'This recurring transaction is already stopped.' });
    const edited = await alice.waitForMessage(/cannot be paid\n\n⏹ This recurring transaction was stopped/, { includeExisting: true });
    expect(edited.message_id).toBe(notice.message_id);
    expect(alice.buttons(notice.message_id)).toEqual([]);
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.amountMinor === 5000)).toEqual([]);
  });

  it('in Russian: the stopped rule’s notice says so and loses its buttons', async () => {
    const { h, olga, f, owner, rule, kb } = await unpaidInRussian();
    const notice = await h.app.bot.api.sendMessage(olga.chatId, '⚠️ …', { reply_markup: kb });
    deactivateRecurringRule(h.db.deps, owner, { familyId: f.familyId, ruleId: rule.id });
    expect(await h.tg.waitForCallbackAnswer(olga.press('⏭ Пропустить в этот раз'))).toMatchObject({ text: 'Эта регулярная операция уже остановлена.' });
    await olga.waitForMessage(/⏹ Эта регулярная операция остановлена/, { includeExisting: true });
    expect(olga.buttons(notice.message_id)).toEqual([]);
  });
});
