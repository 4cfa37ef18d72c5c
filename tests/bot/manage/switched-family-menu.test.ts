// A person in several families presses a view button (👛 Wallets, 📜 History,
// ⏳ Pending, 📊 Reports, ⚙️ Settings) on an older "Home: what would you like
// to do?" after switching the bot to another family (/family): the view is
// Home's, with the presser's role in Home, and its own buttons name Home too.
// Before, the view buttons showed the ACTIVE family's wallets, history… under
// a menu that names Home. Someone no longer in Home is told the button is out
// of date. (The record buttons: switched-family-questions.test.ts.)
import { describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { createFamily, createTransaction, createWallet, leaveFamily, setActiveFamily } from '../../../src/domain/index.js';
import { family, forgePress, say, startHarness, type Harness } from './harness.js';
import type { FakeUser } from '../../support/fake-telegram.js';

/** Presses a button of one given (older) message and resolves with the bot's reply that matches. */
async function openOn(h: Harness, who: FakeUser, label: string | RegExp, messageId: number, expect: RegExp): Promise<Message> {
  const shown = who.waitForMessage(expect);
  await h.tg.waitForCallbackAnswer(who.press(label, { messageId }));
  return shown;
}

/** The callback data of a message's inline buttons. */
function buttonData(message: Message): string[] {
  return (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
}

describe("the main menu's view buttons after a /family switch", () => {
  it("👛 Wallets and 📜 History on Home's older menu show Home's, and their buttons stay in Home", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const deps = h.db.deps;
    const bank = createWallet(deps, olga.userId, { familyId: home.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 100_000 });
    createTransaction(deps, olga.userId, { familyId: home.familyId, fromWalletId: bank.id, amountMinor: 500, categoryId: home.category('Cafes'), description: 'coffee' });
    const menu = await say(olga.tg, '/menu', /Home: what would you like to do/);
    const parents = createFamily(deps, olga.userId, { name: 'Parents', baseCurrency: 'EUR' });
    const pension = createWallet(deps, olga.userId, { familyId: parents.id, name: 'Pension', type: 'bank', currency: 'EUR', openingBalanceMinor: 50_000 });
    createTransaction(deps, olga.userId, { familyId: parents.id, fromWalletId: pension.id, amountMinor: 700, description: 'pharmacy' });
    setActiveFamily(deps, olga.userId, parents.id);

    const wallets = await openOn(h, olga.tg, '👛 Wallets', menu.message_id, /Wallets/);
    expect(wallets.text).toContain('Bank: $995.00');
    expect(wallets.text).not.toContain('Pension');
    const walletButtons = buttonData(wallets);
    expect(walletButtons.length).toBeGreaterThan(0);
    for (const data of walletButtons) expect(data).toMatch(new RegExp(`:f${home.familyId}$`));
    // A wallet opened from that list is Home's, with Home's entries.
    const card = olga.tg.waitForMessage((m) => m.message_id === wallets.message_id && /Balance: \$995\.00[^]*coffee/.test(m.text ?? ''), { includeExisting: true });
    await h.tg.waitForCallbackAnswer(olga.tg.press('Bank', { messageId: wallets.message_id }));
    await card;

    const history = await openOn(h, olga.tg, '📜 History', menu.message_id, /Recent transactions/);
    expect(history.text).toContain('coffee');
    expect(history.text).not.toContain('pharmacy');
    for (const data of buttonData(history)) expect(data).toMatch(new RegExp(`:f${home.familyId}$`));
  });

  // Vera only views Home but owns Flat: Home's settings from Home's menu offer her no owner's buttons.
  it("⏳ Pending, 📊 Reports and ⚙️ Settings on Home's older menu show Home's, with the presser's role in Home", async () => {
    const h = await startHarness();
    const home = family(h, ['member', 'viewer']);
    const vera = home.people.viewer!;
    const max = home.people.member!;
    const deps = h.db.deps;
    createTransaction(deps, home.owner.userId, { familyId: home.familyId, toWalletId: home.cashId, amountMinor: 100_000, categoryId: home.category('Salary') });
    createTransaction(deps, max.userId, { familyId: home.familyId, fromWalletId: home.cashId, amountMinor: 60_000, categoryId: home.category('Cafes'), description: 'sofa' });
    const menu = await say(vera.tg, '/menu', /Home: what would you like to do/);
    const flat = createFamily(deps, vera.userId, { name: 'Flat', baseCurrency: 'EUR' });
    setActiveFamily(deps, vera.userId, flat.id);

    const pending = await openOn(h, vera.tg, /Pending/, menu.message_id, /Waiting for approval|Nothing is waiting/);
    expect(pending.text).toContain('Waiting for approval: 1');
    expect(pending.text).toContain('sofa');

    const report = await openOn(h, vera.tg, '📊 Reports', menu.message_id, /Report for/);
    expect(report.text).toContain('USD: income $1,000.00');
    for (const data of buttonData(report)) expect(data).toMatch(new RegExp(`:f${home.familyId}$`));

    const settings = await openOn(h, vera.tg, '⚙️ Settings', menu.message_id, /Settings/);
    expect(settings.text).toContain('Family: Home');
    expect(settings.text).toContain('Currency: USD');
    // A viewer in Home: only the language, not Home's currency, limit or time zone.
    expect(vera.tg.buttons(settings.message_id)).toEqual(['🌐 Language']);
  });

  it("someone who left Home is told a button of Home's older menu is out of date, and no view opens", async () => {
    const h = await startHarness();
    const home = family(h, ['admin']);
    const anna = home.people.admin!;
    const menu = await say(anna.tg, '/menu', /Home: what would you like to do/);
    const flat = createFamily(h.db.deps, anna.userId, { name: 'Flat', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, anna.userId, flat.id);
    leaveFamily(h.db.deps, anna.userId, home.familyId);

    for (const label of ['👛 Wallets', '📜 History', '📊 Reports', '⚙️ Settings']) {
      const before = anna.tg.messages().length;
      const refused = await openOn(h, anna.tg, label, menu.message_id, /./);
      expect(refused.text, label).toBe('This button is out of date. Open the menu again.');
      expect(anna.tg.messages().length, label).toBe(before + 1);
    }
  });

  it('a menu drawn before its view buttons named a family opens the active family', async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const menu = await say(olga.tg, '/menu', /Home: what would you like to do/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'EUR' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);
    // Settings' button as an older menu drew it: the same data without the payload.
    const data = buttonData(menu).find((d) => d.startsWith('m/3/0/'));
    expect(data).toBeDefined();
    const legacy = data!.replace(/^(m\/3\/0\/)[^/]*\//, '$1/');
    const shown = olga.tg.waitForMessage(/Settings/);
    forgePress(h, olga.tg, legacy);
    expect((await shown).text).toContain('Family: Parents');
  });
});
