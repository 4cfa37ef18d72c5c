// Wallets through the bot: balances in each wallet's currency and the person's
// locale, an owner adding, renaming and archiving, and the core's refusals.
import { describe, expect, it } from 'vitest';
import { createTransaction, createWallet, getWallet, listWallets, setUserLocale } from '../../../src/domain/index.js';
import { family, forgePress, fundCash, press, say, startHarness, walletUpToItsBalance } from './harness.js';

describe('wallets', () => {
  it('lists every wallet with its balance formatted in its currency', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    fundCash(h, f, 123456);
    const eur = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Euro card', type: 'card', currency: 'EUR' });
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, toWalletId: eur.id, amountMinor: 5050, categoryId: f.category('Gifts') });

    const list = await say(f.owner.tg, '/wallets', /Wallets/);
    expect(list.text).toContain('Cash: $1,234.56');
    expect(list.text).toContain('Euro card: €50.50');
    expect(f.owner.tg.buttons()).toEqual(['Cash', 'Euro card', '➕ Add wallet']);
  });

  it('opens a wallet and pages through its transactions', async () => {
    const h = await startHarness();
    const f = family(h);
    for (let i = 1; i <= 10; i++) {
      h.db.clock.advance(60_000);
      createTransaction(h.db.deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: i * 100, categoryId: f.category('Salary') });
    }
    await say(f.owner.tg, '/wallets', /Wallets/);
    const opened = f.owner.tg.waitForMessage(/Balance: \$55\.00/);
    await press(h, f.owner.tg, 'Cash');
    const first = await opened;
    expect(first.text).toContain('$10.00');
    expect(first.text).not.toContain('$2.00');
    expect(first.text?.split('\n').filter((l) => l.includes('➕'))).toHaveLength(8);

    const older = f.owner.tg.waitForMessage((m) => m.message_id === first.message_id && (m.text ?? '').includes('$1.00'));
    await press(h, f.owner.tg, 'Older ▶');
    const second = await older;
    expect(second.text?.split('\n').filter((l) => l.includes('➕'))).toHaveLength(2);
    expect(second.text).not.toContain('$10.00');
    expect(f.owner.tg.buttons()).toContain('⏮ Newest');
    expect(f.owner.tg.buttons()).not.toContain('Older ▶');
  });

  it('lets the owner add a wallet step by step, rename it and archive it', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await walletUpToItsBalance(h, owner, 'Savings jar', 'Savings', 'EUR');
    // A bad amount is explained and asked again; the answer is the starting balance.
    await say(owner, 'lots', /not an amount[^]*How much is in “Savings jar” now/);
    const created = await say(owner, '0', /Wallet “Savings jar” \(EUR\) created/);
    expect(created.text).toContain('Savings jar: €0.00');
    const jar = listWallets(h.db.deps, f.owner.userId, f.familyId).find((w) => w.name === 'Savings jar');
    expect(jar).toMatchObject({ type: 'savings', currency: 'EUR', balanceMinor: 0 });

    // A typed currency code works too, and a bad one is explained and asked again.
    await press(h, owner, '➕ Add wallet');
    await say(owner, 'Swiss', /What kind of wallet/);
    await press(h, owner, 'Bank account');
    await say(owner, 'XY1', /not a currency code/);
    await say(owner, 'chf', /How much is in “Swiss” now, in CHF/);
    await press(h, owner, 'Skip');
    await owner.waitForMessage(/Wallet “Swiss” \(CHF\) created/, { includeExisting: true });

    await press(h, owner, 'Savings jar');
    const askRename = owner.waitForMessage(/new name for “Savings jar”/);
    await press(h, owner, '✏️ Rename');
    await askRename;
    await say(owner, 'Holiday fund', /now called “Holiday fund”/);
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, jar!.id).name).toBe('Holiday fund');

    await say(owner, '/wallets', /Holiday fund/);
    await press(h, owner, 'Holiday fund');
    const confirm = owner.waitForMessage(/Archive “Holiday fund”\?/);
    await press(h, owner, '🗄 Archive');
    await confirm;
    const done = owner.waitForMessage(/“Holiday fund” is archived/);
    await press(h, owner, '🗄 Yes, archive');
    await done;
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, jar!.id).archivedAt).not.toBeNull();
    expect(listWallets(h.db.deps, f.owner.userId, f.familyId).map((w) => w.name)).toEqual(['Cash', 'Swiss']);
  });

  it('asks for the name again when the core refuses it', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/wallets', /Wallets/);
    await press(h, owner, '➕ Add wallet');
    await say(owner, 'x'.repeat(60), /What kind of wallet/);
    const firstCurrency = owner.waitForMessage(/Which currency/);
    await press(h, owner, 'Card');
    await firstCurrency;
    const firstBalance = owner.waitForMessage(/How much is in/);
    await press(h, owner, 'USD');
    await firstBalance;
    const again = owner.waitForMessage(/A name must be 1–48 characters[^]*What should the new wallet be called\?/);
    await press(h, owner, 'Skip');
    await again;
    await say(owner, 'Visa', /What kind of wallet is “Visa”/);
    const currency = owner.waitForMessage(/Which currency/);
    await press(h, owner, 'Card');
    await currency;
    const balance = owner.waitForMessage(/How much is in/);
    await press(h, owner, 'USD');
    await balance;
    await say(owner, '0', /Wallet “Visa” \(USD\) created/);
    expect(listWallets(h.db.deps, f.owner.userId, f.familyId).map((w) => w.name)).toEqual(['Cash', 'Visa']);
  });

  it('refuses a name with a hidden text-direction character in the reader’s language and asks again; nothing is renamed', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    const cash = listWallets(h.db.deps, f.owner.userId, f.familyId)[0]!;
    await say(owner, '/wallets', /Кошельки|Wallets/);
    const opened = owner.waitForMessage(/Баланс/);
    await press(h, owner, 'Наличные'); // the default Cash wallet, shown in the reader's language
    await opened;
    const ask = owner.waitForMessage(/новое название|new name/i);
    await press(h, owner, '✏️ Переименовать');
    await ask;
    // U+202E (right-to-left override) would make "Cash\u202Ekcab" read as another name.
    await say(owner, 'Cash\u202Ekcab', /невидимые управляющие символы[^]*(новое название)/i);
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, cash.id).name).toBe(cash.name);
    await say(owner, 'Копилка', /Копилка/);
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, cash.id).name).toBe('Копилка');
  });

  it('adds a credit card with its debt and limit: it may go below zero down to the limit', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/wallets', /Wallets/);
    await press(h, owner, '➕ Add wallet');
    await owner.waitForMessage(/called/, { includeExisting: true });
    await say(owner, 'Visa', /What kind of wallet is “Visa”/);
    await press(h, owner, 'Credit card');
    await owner.waitForMessage(/Which currency/, { includeExisting: true });
    await press(h, owner, 'USD');
    await owner.waitForMessage(/Send a debt with a minus/, { includeExisting: true });
    await say(owner, '-120', /How far below zero may “Visa” go/);
    const created = await say(owner, '1 000', /Wallet “Visa” \(USD\) created/);
    expect(created.text).toContain('Visa: -$120.00');
    const visa = listWallets(h.db.deps, f.owner.userId, f.familyId).find((w) => w.name === 'Visa');
    expect(visa).toMatchObject({ type: 'card', balanceMinor: -12000, creditLimitMinor: 100000 });
  });

  it('asks the same questions in Russian', async () => {
    const h = await startHarness();
    const f = family(h);
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    const owner = f.owner.tg;
    await say(owner, '/wallets', /Кошельки/);
    await press(h, owner, '➕ Добавить кошелёк');
    await owner.waitForMessage(/Как назвать новый кошелёк/, { includeExisting: true });
    await say(owner, 'Копилка', /Какой это кошелёк — «Копилка»/);
    await press(h, owner, 'Накопления');
    await owner.waitForMessage(/В какой валюте/, { includeExisting: true });
    await press(h, owner, 'RUB');
    await owner.waitForMessage(/Сколько сейчас в «Копилка»/, { includeExisting: true });
    await say(owner, 'много', /не сумма[^]*Сколько сейчас/);
    const created = await say(owner, '5 000', /Кошелёк «Копилка» \(RUB\) создан/);
    expect(created.text).toMatch(/Копилка: 5\s000,00\s₽/u);
  });

  it("shows the core's refusal to archive a wallet that still holds money", async () => {
    const h = await startHarness();
    const f = family(h);
    fundCash(h, f, 1000);
    await say(f.owner.tg, '/wallets', /Wallets/);
    await press(h, f.owner.tg, 'Cash');
    await press(h, f.owner.tg, '🗄 Archive');
    const answer = await press(h, f.owner.tg, '🗄 Yes, archive');
    expect(answer).toMatchObject({ show_alert: true, text: 'Move the money out of this wallet before archiving it.' });
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).archivedAt).toBeNull();
  });

  it('shows members no management buttons, and the core refuses their forged presses', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!.tg;
    await say(max, '/wallets', /Cash: \$0\.00/);
    expect(max.buttons()).toEqual(['Cash']);
    await press(h, max, 'Cash');
    await max.waitForMessage(/Balance/, { includeExisting: true });
    expect(max.buttons()).toEqual(['★ Default wallet', '« Wallets']); // a member's own choice, not management

    const answer = await h.tg.waitForCallbackAnswer(forgePress(h, max, `m1:w:arok:${f.cashId}`));
    expect(answer).toMatchObject({ show_alert: true, text: "Your role does not allow this. Ask the family's owner or an admin." });
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).archivedAt).toBeNull();

    const add = await h.tg.waitForCallbackAnswer(forgePress(h, max, 'm1:w:add'));
    expect(add).toMatchObject({ show_alert: true });
    expect(listWallets(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });
});
