// /settings: the language switch answers in the new language at once and
// stays; family settings (currency, approval limit, time zone) go through the
// core, which checks roles, amounts and zone names.
import { describe, expect, it } from 'vitest';
import { createTransaction, createWallet, getFamily, getUser, listThresholds, listTransactions, pendingTransactions } from '../../../src/domain/index.js';
import { family, fundCash, press, say, startHarness } from './harness.js';

describe('settings', () => {
  it('switches the language: this reply and the next are in Russian', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Language: English/);
    const choose = owner.waitForMessage('Choose your language:');
    await press(h, owner, '🌐 Language');
    await choose;
    const switched = owner.waitForMessage(/Язык: русский/);
    await press(h, owner, 'Русский');
    const reply = await switched;
    expect(reply.text).toContain('Язык: Русский');
    expect(owner.buttons()).toContain('🌐 Язык');
    expect(getUser(h.db.deps, f.owner.userId).locale).toBe('ru');

    const next = await say(owner, '/wallets', /Кошельки/);
    // The default wallet's name follows the reader's language; typed names stay as typed.
    expect(next.text).toMatch(/Наличные: 0,00\s\$/u);

    await press(h, owner, '🌐 Язык');
    const back = owner.waitForMessage(/Language set to English/);
    await press(h, owner, 'English');
    await back;
  });

  it('applies a new approval threshold: a member expense above it waits', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const owner = f.owner.tg;
    fundCash(h, f, 100000);
    const max = f.people.member!.userId;
    const before = createTransaction(deps, max, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 15000, categoryId: f.category('Cafes') });
    expect(before.transaction.status).toBe('executed');

    await say(owner, '/settings', /Approval needed above: \$500\.00/);
    const ask = owner.waitForMessage(/Send the new limit in USD/);
    await press(h, owner, '🔒 Approval limit');
    await ask;
    await say(owner, '1,234', /“1,234” a thousand or a decimal/);
    await say(owner, 'lots', /“lots” is not an amount/);
    const done = await say(owner, '100', /Approval is now needed above \$100\.00/);
    expect(done.text).toContain('Approval needed above: $100.00');
    expect(listThresholds(deps, f.owner.userId, f.familyId)).toEqual([{ currency: 'USD', amountMinor: 10000 }]);

    // The member records 150 through the bot's quick entry: it now waits for approval.
    const maxChat = f.people.member!.tg;
    const replied = maxChat.waitForMessage(() => true);
    maxChat.send('150 coffee');
    await replied;
    expect(pendingTransactions(deps, f.owner.userId, f.familyId).map((t) => [t.amountMinor, t.createdBy, t.status])).toEqual([
      [15000, max, 'pending_approval'],
    ]);
    const small = createTransaction(deps, max, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 9000, categoryId: f.category('Cafes') });
    expect(small.transaction.status).toBe('executed');
  });

  it("sets the approval limit of the family's other currency: '100 EUR' is EUR's limit, and a member's small euro expense no longer waits", async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const owner = f.owner.tg;
    const euros = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Euro card', type: 'bank', currency: 'EUR', allowNegative: true }).id;
    const max = f.people.member!.userId;
    const coffee = () => createTransaction(deps, max, { familyId: f.familyId, fromWalletId: euros, amountMinor: 500, categoryId: f.category('Cafes') }).transaction.status;
    // No limit in EUR: every euro waits, and the settings say so.
    expect(coffee()).toBe('pending_approval');
    await say(owner, '/settings', /Approval needed above: \$500\.00 · EUR: every amount/);
    const ask = owner.waitForMessage(/Send the new limit in USD.*\n.*EUR/);
    await press(h, owner, '🔒 Approval limit');
    await ask;
    const done = await say(owner, '100 EUR', /Approval is now needed above €100\.00/);
    expect(done.text).toContain('Approval needed above: $500.00 · €100.00');
    expect(listThresholds(deps, f.owner.userId, f.familyId)).toEqual(expect.arrayContaining([{ currency: 'USD', amountMinor: 50000 }, { currency: 'EUR', amountMinor: 10000 }]));
    expect(coffee()).toBe('executed');
    // A currency the family holds no wallet in is refused, nothing changes.
    await press(h, owner, '🔒 Approval limit');
    await owner.waitForMessage(/Send the new limit/, { includeExisting: true });
    await say(owner, '100 GBP', /GBP/);
    expect(listThresholds(deps, f.owner.userId, f.familyId)).toHaveLength(2);
  });

  it('changes the time zone (a bad name is explained) and the currency', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Time zone: UTC/);
    await press(h, owner, '🕒 Time zone');
    await owner.waitForMessage(/Send a new one/, { includeExisting: true });
    await say(owner, 'Mars/Olympus', /not a time zone I know/);
    // An abbreviation keeps the wrong clock half the year (EST is New York's winter only): refused, explained.
    await say(owner, 'EST', /keeps the wrong clock part of the year.*\n?.*America\/New_York/);
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).timezone).toBe('UTC');
    await say(owner, 'Europe/Berlin', /Time zone set to Europe\/Berlin/);
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).timezone).toBe('Europe/Berlin');

    const ask = owner.waitForMessage(/Choose a new one or send its code/);
    await press(h, owner, '💱 Currency');
    await ask;
    await say(owner, 'eur', /family's currency is now EUR/);
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).baseCurrency).toBe('EUR');
  });

  it('a command cancels a question, so the next text is not taken as its answer', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Settings/);
    await press(h, owner, '🕒 Time zone');
    await owner.waitForMessage(/Send a new one/, { includeExisting: true });
    await say(owner, '/history', /Recent transactions/);
    owner.send('Europe/Paris');
    await say(owner, '/settings', /Time zone: UTC/);
  });

  it('takes the typed answer whatever the bot sent in between: an approval request and a press on it, a reminder', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const owner = f.owner.tg;
    fundCash(h, f, 100000);
    const max = f.people.member!.userId;
    const request = createTransaction(deps, max, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60000, categoryId: f.category('Cafes') });
    expect(request.transaction.status).toBe('pending_approval');

    await say(owner, '/settings', /Settings/);
    const prompt = owner.waitForMessage(/Send the new limit in USD/);
    await press(h, owner, '🔒 Approval limit');
    await prompt;
    // The jobs send an approval request in between, and the owner even approves it before answering.
    await h.bot.api.sendMessage(owner.chatId, 'Max asks to approve $600.00', {
      reply_markup: { inline_keyboard: [[{ text: 'Approve', callback_data: `appr:${request.transaction.id}:a` }]] },
    });
    expect(await press(h, owner, 'Approve')).toMatchObject({ text: expect.stringMatching(/Approved/) as unknown });
    const done = await say(owner, '300', /Approval is now needed above \$300\.00/);
    expect(done.text).toContain('Approval needed above: $300.00');
    expect(listThresholds(deps, f.owner.userId, f.familyId)).toEqual([{ currency: 'USD', amountMinor: 30000 }]);
    // No $300 expense was recorded by quick entry.
    expect(listTransactions(deps, f.owner.userId, { familyId: f.familyId }).items.map((t) => t.amountMinor)).not.toContain(30000);

    await press(h, owner, '🕒 Time zone');
    await owner.waitForMessage(/Send a new one/, { includeExisting: true });
    await h.bot.api.sendMessage(owner.chatId, '⏰ Reminder: Max is still waiting for your approval');
    await h.bot.api.sendMessage(owner.chatId, 'Budget alert: Cafes at 80%');
    await say(owner, 'Europe/Berlin', /Time zone set to Europe\/Berlin/);
    expect(getFamily(deps, f.owner.userId, f.familyId).timezone).toBe('Europe/Berlin');
  });

  it('records a clear quick entry typed while a question waits, and says the question was left', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const owner = f.owner.tg;
    fundCash(h, f, 10000);
    await say(owner, '/settings', /Settings/);
    await press(h, owner, '🕒 Time zone');
    await owner.waitForMessage(/Send a new one/, { includeExisting: true });
    const left = owner.waitForMessage(/left the open question/);
    await say(owner, '12 bus', /\$12\.00/);
    await left;
    expect(getFamily(deps, f.owner.userId, f.familyId).timezone).toBe('UTC');
    // The question is gone: a zone name now is not an answer any more.
    await say(owner, 'Asia/Tokyo', /To record quickly/);
    expect(getFamily(deps, f.owner.userId, f.familyId).timezone).toBe('UTC');
  });

  it('at the amount question "12 bus" is no entry and no limit of 12: only an amount is asked for again', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Settings/);
    await press(h, owner, '🔒 Approval limit');
    await owner.waitForMessage(/Send the new limit/, { includeExisting: true });
    await say(owner, '12 bus', /Only an amount goes here, for example “12”; “bus” has no place in this answer\.[^]*Send the new limit/);
    expect(listThresholds(h.db.deps, f.owner.userId, f.familyId)).not.toContainEqual({ currency: 'USD', amountMinor: 1_200 });
    await say(owner, '12', /Approval is now needed above \$12\.00/);
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items).toHaveLength(0);
  });

  it('lets a question lapse after 30 minutes of silence: the text is then a quick entry', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    fundCash(h, f, 100000);
    await say(owner, '/settings', /Settings/);
    await press(h, owner, '🔒 Approval limit');
    await owner.waitForMessage(/Send the new limit/, { includeExisting: true });
    h.db.clock.advance(31 * 60 * 1000);
    await say(owner, '300', /\$300\.00 from Cash/);
    expect(listThresholds(h.db.deps, f.owner.userId, f.familyId)).toEqual([{ currency: 'USD', amountMinor: 50000 }]);
  });

  it('toggles whether members\' incomes wait for approval (default: they do not)', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Settings/);
    expect(owner.buttons()).toContain('📥 Incomes wait: off');
    expect(await press(h, owner, '📥 Incomes wait: off')).toMatchObject({ text: "Members' incomes now wait for approval too." });
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(true);
    const income = createTransaction(h.db.deps, f.people.member!.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 90000, categoryId: f.category('Salary') });
    expect(income.transaction.status).toBe('pending_approval');
  });

  it('shows members only the language', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    await say(f.people.member!.tg, '/settings', /Settings/);
    expect(f.people.member!.tg.buttons()).toEqual(['🌐 Language']);
  });
});
