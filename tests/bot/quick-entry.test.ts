import { afterEach, describe, expect, it } from 'vitest';
import { getTransaction, getWallet, listTransactions } from '../../src/domain/index.js';
import { parseQuickEntry } from '../../src/bot/transactions/quick-entry.js';
import { isClearQuickEntry } from '../../src/bot/transactions/quick-entry-grammar.js';
import { startHarness, type Harness } from './support/harness.js';
import { addFundedWallet, addWallet, aliceWithFamily, aliceWithFundedCash, familyWithFundedCash, fund, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('reading a quick entry', () => {
  it('splits amount and note, and tells incomes from expenses', () => {
    expect(parseQuickEntry('50 coffee')).toMatchObject({ income: false, amountText: '50', note: 'coffee', sign: '' });
    expect(parseQuickEntry('1 234,50 groceries')).toMatchObject({ income: false, amountText: '1 234,50', note: 'groceries' });
    expect(parseQuickEntry('+3000 salary')).toMatchObject({ income: true, amountText: '3000', note: 'salary', sign: '+' });
    expect(parseQuickEntry('3000 зарплата за май')).toMatchObject({ income: true, note: 'зарплата за май' });
    expect(parseQuickEntry('12.5')).toMatchObject({ income: false, amountText: '12.5', note: '' });
    expect(parseQuickEntry('50coffee')).toBeUndefined();
    expect(parseQuickEntry('Europe/Berlin')).toBeUndefined();
    expect(parseQuickEntry('2026-12-01')).toBeUndefined();
    // Lower-case codes that are everyday words stay words: "gel" is hair gel, not Georgian lari; "cad" a cad.
    expect(parseQuickEntry('hair gel 5')).toMatchObject({ amountText: '5', note: 'hair gel' });
    expect(parseQuickEntry('hair gel 5')?.currency).toBeUndefined();
    expect(parseQuickEntry('12 shower gel')?.currency).toBeUndefined();
    expect(parseQuickEntry('12 GEL shower')).toMatchObject({ currency: 'GEL', note: 'shower' });
    expect(parseQuickEntry('cad 40')?.currency).toBeUndefined();
    expect(parseQuickEntry('40 CAD')).toMatchObject({ currency: 'CAD' });
  });

  it('reads currencies before or after, the amount after the words, k and sums, and the signs', () => {
    expect(parseQuickEntry('$50 coffee')).toMatchObject({ amountText: '50', currency: 'USD', note: 'coffee' });
    expect(parseQuickEntry('50$ coffee')).toMatchObject({ amountText: '50', currency: 'USD', note: 'coffee' });
    expect(parseQuickEntry('€20 lunch')).toMatchObject({ amountText: '20', currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('50р кофе')).toMatchObject({ amountText: '50', currency: 'RUB', note: 'кофе' });
    expect(parseQuickEntry('50 usd coffee')).toMatchObject({ amountText: '50', currency: 'USD', note: 'coffee' });
    expect(parseQuickEntry('50 EUR')).toMatchObject({ amountText: '50', currency: 'EUR', note: '' });
    expect(parseQuickEntry('50 bus fare')).toMatchObject({ note: 'bus fare' });
    expect(parseQuickEntry('coffee 50')).toMatchObject({ amountText: '50', note: 'coffee', form: 'amount-last' });
    expect(parseQuickEntry('lunch €20')).toMatchObject({ amountText: '20', currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('1.5k rent')).toMatchObject({ amountText: '1.5k', note: 'rent' });
    expect(parseQuickEntry('120+35 groceries')).toMatchObject({ amountText: '120+35', note: 'groceries' });
    // An explicit sign beats the words: "-5 refund" is an expense of 5, "+50 refund" an income.
    expect(parseQuickEntry('-5 refund')).toMatchObject({ income: false, sign: '-', amountText: '5' });
    expect(parseQuickEntry('+50 refund')).toMatchObject({ income: true, sign: '+' });
    expect(parseQuickEntry('5 refund')).toMatchObject({ income: true, sign: '' });
    expect(parseQuickEntry('$50 EUR')).toBeUndefined();
  });

  it('reads a currency word next to the amount and keeps it out of the note', () => {
    expect(parseQuickEntry('9250 рублей')).toMatchObject({ amountText: '9250', currency: 'RUB', note: '', form: 'amount-first' });
    expect(parseQuickEntry('50 dollars taxi')).toMatchObject({ amountText: '50', currency: 'USD', note: 'taxi' });
    expect(parseQuickEntry('20 евро обед')).toMatchObject({ currency: 'EUR', note: 'обед' });
    expect(parseQuickEntry('50 Euros, lunch')).toMatchObject({ currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('300 долл. отель')).toMatchObject({ currency: 'USD', note: 'отель' });
    expect(parseQuickEntry('1000 тенге такси')).toMatchObject({ currency: 'KZT', note: 'такси' });
    expect(parseQuickEntry('500 йен')).toMatchObject({ currency: 'JPY' });
    expect(parseQuickEntry('200 гривен')).toMatchObject({ currency: 'UAH' });
    // Currencies without decimals or with three: their signs, Hangul and kanji names, and words in both languages.
    expect(parseQuickEntry('coffee 4500₩')).toMatchObject({ amountText: '4500', currency: 'KRW', note: 'coffee' });
    expect(parseQuickEntry('₩4500 coffee')).toMatchObject({ amountText: '4500', currency: 'KRW', note: 'coffee' });
    expect(parseQuickEntry('4500원 커피')).toMatchObject({ amountText: '4500', currency: 'KRW', note: '커피' });
    expect(parseQuickEntry('4500 원')).toMatchObject({ currency: 'KRW', note: '' });
    expect(parseQuickEntry('500円 ramen')).toMatchObject({ amountText: '500', currency: 'JPY', note: 'ramen' });
    expect(parseQuickEntry('4500 won coffee')).toMatchObject({ currency: 'KRW', note: 'coffee' });
    expect(parseQuickEntry('кофе 4500 вон')).toMatchObject({ currency: 'KRW', note: 'кофе' });
    expect(parseQuickEntry('300 yen')).toMatchObject({ currency: 'JPY' });
    expect(parseQuickEntry('300 иен суши')).toMatchObject({ currency: 'JPY', note: 'суши' });
    expect(parseQuickEntry('₫50000 pho')).toMatchObject({ currency: 'VND', note: 'pho' });
    expect(parseQuickEntry('1.500 dinars taxi')).toMatchObject({ amountText: '1.500', currency: 'BHD', note: 'taxi' });
    expect(parseQuickEntry('такси 3 динара')?.currencies).toEqual(['BHD', 'KWD', 'JOD', 'IQD', 'LYD', 'TND', 'RSD', 'DZD']);
    expect(parseQuickEntry('2 риала')?.currencies).toEqual(['OMR', 'IRR', 'YER']);
    expect(parseQuickEntry('12 BHD')).toMatchObject({ currency: 'BHD' });
    // "won" before a final amount is the verb.
    expect(parseQuickEntry('bet won 500')).toMatchObject({ amountText: '500', note: 'bet won' });
    expect(parseQuickEntry('bet won 500')?.currency).toBeUndefined();
    // Fils and baisas are thousandths: never read as whole dinars or rials.
    expect(parseQuickEntry('500 fils')).toBeUndefined();
    expect(parseQuickEntry('хлеб 500 филсов')).toBeUndefined();
    expect(parseQuickEntry('200 baisa')).toBeUndefined();
    expect(parseQuickEntry('+3000 рублей зарплата')).toMatchObject({ income: true, currency: 'RUB', note: 'зарплата' });
    // Only the word next to the amount names it: further words are the note.
    expect(parseQuickEntry('50 taxi dollars')).toMatchObject({ note: 'taxi dollars' });
    expect(parseQuickEntry('50 taxi dollars')?.currency).toBeUndefined();
    // Amount last: the word right after it, or right before it.
    expect(parseQuickEntry('taxi 50 dollars')).toMatchObject({ amountText: '50', currency: 'USD', note: 'taxi', form: 'amount-last' });
    expect(parseQuickEntry('coffee 5 euros')).toMatchObject({ currency: 'EUR', note: 'coffee' });
    expect(parseQuickEntry('обед 20 евро')).toMatchObject({ currency: 'EUR', note: 'обед' });
    expect(parseQuickEntry('lunch EUR 20')).toMatchObject({ currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('lunch 20 bus')).toMatchObject({ note: 'lunch bus' });
    expect(parseQuickEntry('lunch 20 bus')?.currency).toBeUndefined();
    expect(parseQuickEntry('meet at 5 pm')).toBeUndefined();
    expect(parseQuickEntry('Card 2 something')).toBeUndefined();
    // Two different currencies are no entry: the bot picks neither.
    expect(parseQuickEntry('$50 euros')).toBeUndefined();
    expect(parseQuickEntry('50₽ dollars')).toBeUndefined();
    expect(parseQuickEntry('lunch €20 dollars')).toBeUndefined();
    expect(parseQuickEntry('$50 dollars taxi')).toMatchObject({ currency: 'USD', note: 'taxi' });
    // "pounds" is kept as a currency (a family without a GBP wallet is told so, nothing is recorded).
    expect(parseQuickEntry('5 pounds apples')).toMatchObject({ currency: 'GBP', note: 'apples' });
    // A full stop, "!" or "?" ending the sentence after a code or a sign still names the currency.
    expect(parseQuickEntry('50 EUR.')).toMatchObject({ amountText: '50', currency: 'EUR', note: '' });
    expect(parseQuickEntry('50 EUR. lunch')).toMatchObject({ currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('250 ₽.')).toMatchObject({ amountText: '250', currency: 'RUB', note: '' });
    expect(parseQuickEntry('50 евро!')).toMatchObject({ currency: 'EUR', note: '' });
    expect(parseQuickEntry('lunch 20 EUR.')).toMatchObject({ amountText: '20', currency: 'EUR', note: 'lunch' });
    expect(parseQuickEntry('300 долл. отель')).toMatchObject({ currency: 'USD', note: 'отель' });
    // Any word may be looked up: words of Object.prototype name no currency.
    expect(parseQuickEntry('50 constructor')).toMatchObject({ note: 'constructor' });
    expect(parseQuickEntry('50 constructor')?.currency).toBeUndefined();
  });

  it('keeps a thousands or millions word with the amount, for the core to read or refuse, not in the note', () => {
    expect(parseQuickEntry('кофе 2 тыс')).toMatchObject({ amountText: '2 тыс', note: 'кофе', form: 'amount-last' });
    expect(parseQuickEntry('500 тыс')).toMatchObject({ amountText: '500 тыс', note: '' });
    expect(parseQuickEntry('500 тысяч ремонт')).toMatchObject({ amountText: '500 тысяч', note: 'ремонт' });
    expect(parseQuickEntry('2 тыс. руб подарок')).toMatchObject({ amountText: '2 тыс.', note: 'подарок', currency: 'RUB' });
    expect(parseQuickEntry('2 thousand rent')).toMatchObject({ amountText: '2 thousand', note: 'rent' });
    expect(parseQuickEntry('rent 2 Thousand')).toMatchObject({ amountText: '2 Thousand', note: 'rent' });
    expect(parseQuickEntry('2 млн квартира')).toMatchObject({ amountText: '2 млн', note: 'квартира' });
    expect(parseQuickEntry('квартира 3 миллиона')).toMatchObject({ amountText: '3 миллиона', note: 'квартира' });
    // A word that only starts like one stays in the note.
    expect(parseQuickEntry('50 тысячелистник')).toMatchObject({ amountText: '50', note: 'тысячелистник' });
    // Letters of a scale are kept with the amount as k always was: "2m" was no entry, "2 m rent" and
    // "2 к" were read as 2 with the note "m rent" or "к", "2тыс" (no space) was no entry.
    for (const [text, amountText, note] of [
      ['2m rent', '2m', 'rent'], ['rent 2M', '2M', 'rent'], ['1.5m flat', '1.5m', 'flat'], ['2 m rent', '2 m', 'rent'], ['2mln', '2mln', ''],
      ['2млн квартира', '2млн', 'квартира'], ['квартира 2кк', '2кк', 'квартира'], ['3kk car', '3kk', 'car'], ['2м', '2м', ''],
      ['2 k rent', '2 k', 'rent'], ['rent 2 K', '2 K', 'rent'], ['кофе 2 к', '2 к', 'кофе'], ['2 к', '2 к', ''], ['2тыс кофе', '2тыс', 'кофе'], ['кофе 2тыс.', '2тыс.', 'кофе'],
      ['5 кк', '5 кк', ''], ['2 k+3 k', '2 k+3 k', ''], ['2 к+3 к', '2 к+3 к', ''], ['3 ляма квартира', '3 ляма', 'квартира'],
    ] as const) {
      expect(parseQuickEntry(text), text).toMatchObject({ amountText, note });
    }
    // A number right after thousands goes with the amount, for the core to ask about: "2 тыс 500" was
    // 2000 with the note "500", and "ремонт 2 тыс 500" was 500 with the note "ремонт 2 тыс".
    for (const [text, amountText, note] of [
      ['2 тыс 500', '2 тыс 500', ''], ['ремонт 2 тыс 500', '2 тыс 500', 'ремонт'], ['1к 2 билета', '1к 2', 'билета'], ['2 тыс 500₽ обед', '2 тыс 500', 'обед'],
      ['5 к ₽', '5 к', ''],
    ] as const) {
      expect(parseQuickEntry(text), text).toMatchObject({ amountText, note });
    }
    expect(parseQuickEntry('1к 2билета')).toMatchObject({ amountText: '1к', note: '2билета' });
    // A lone к before words is the preposition ("100 к чаю": 100 towards tea); a word like M&M's stays in the note.
    expect(parseQuickEntry('100 к чаю')).toMatchObject({ amountText: '100', note: 'к чаю' });
    expect(parseQuickEntry("5 M&M's")).toMatchObject({ amountText: '5', note: "M&M's" });
    expect(parseQuickEntry('2 kg apples')).toMatchObject({ amountText: '2', note: 'kg apples' });
    expect(parseQuickEntry('5km taxi')).toBeUndefined();
  });

  it('reads every thousands separator the core reads: a thin space or a typographic apostrophe is never the end of the amount', () => {
    // "1 500" with a thin space (pasted from a formatted figure) was read as 1 with the note "500 coffee";
    // "1’500" (iOS types ’ for ') was no entry at all.
    expect(parseQuickEntry('1\u2009500 coffee')).toMatchObject({ amountText: '1\u2009500', note: 'coffee' });
    expect(parseQuickEntry('coffee 1\u2009500')).toMatchObject({ amountText: '1\u2009500', note: 'coffee' });
    expect(parseQuickEntry('1\u2019500 coffee')).toMatchObject({ amountText: '1\u2019500', note: 'coffee' });
    expect(parseQuickEntry("1'500 coffee")).toMatchObject({ amountText: "1'500", note: 'coffee' });
    expect(parseQuickEntry('1\u202f500 coffee')).toMatchObject({ amountText: '1\u202f500', note: 'coffee' });
  });

  it('counts an amount with a currency word as a clear entry while a question waits; a bare or final amount stays an answer', () => {
    expect(isClearQuickEntry('9250 рублей')).toBe(true);
    expect(isClearQuickEntry('50 dollars')).toBe(true);
    expect(isClearQuickEntry('taxi 50 dollars')).toBe(false);
    expect(isClearQuickEntry('9250')).toBe(false);
  });
});

describe('the quick-entry grammar in the chat', () => {
  it('records symbols, codes, k, sums and amounts after the words; a code picks the wallet in that currency', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 500_000);
    const euro = addFundedWallet(h.db.deps, f, 'Euro card', 'EUR', 10_000);

    const cases: Array<[string, RegExp]> = [
      ['$50 coffee', /➖ \$50\.00 from Cash · ☕ Cafes · coffee/],
      ['50$ tea', /➖ \$50\.00 from Cash/],
      ['coffee 4.5', /➖ \$4\.50 from Cash · ☕ Cafes · coffee/],
      ['1.5k rent', /➖ \$1,500\.00 from Cash · 🏠 Housing · rent/],
      ['120+35 groceries', /➖ \$155\.00 from Cash · 🛒 Groceries · groceries/],
      ['€20 lunch', /➖ €20\.00 from Euro card/],
      ['5 EUR', /➖ €5\.00 from Euro card/],
      ['-5 refund', /➖ \$5\.00 from Cash/],
      ['+50 refund', /➕ \$50\.00 to Cash/],
    ];
    for (const [text, expected] of cases) {
      const reply = alice.waitForMessage(expected);
      alice.send(text);
      await reply;
    }
    const short = alice.waitForMessage('Not enough money in Euro card: it has €75.00.');
    alice.send('€500 hotel');
    await short;
    const refused = alice.waitForMessage(/no wallet in GBP/);
    alice.send('£7 sandwich');
    await refused;
    expect(getWallet(h.db.deps, owner, f.familyId, euro).balanceMinor).toBe(10_000 - 2500);
  });

  it('records a photo with a money caption, and refuses a forwarded money message with the reason', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 10_000);
    const photo = alice.waitForMessage(/➖ \$12\.00 from Cash · .* · receipt/);
    alice.sendPhoto(Buffer.from('jpeg'), { caption: '12 receipt' });
    await photo;
    const refused = alice.waitForMessage(/forwarded message, so I did not record it/);
    alice.forward('30 taxi', { id: 555, is_bot: false, first_name: 'Bob' });
    await refused;
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.map((t) => t.amountMinor)).toEqual([1200, 10_000]);
  });

  it('an edited entry is corrected (reversal + copy) and its card edited; too old gets a clear answer', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    const card = alice.waitForMessage('Cash: $50.00');
    alice.send('50 coffee');
    const shown = await card;
    const mine = alice.history().filter((m) => m.text === '50 coffee').at(-1)!;
    const edited = alice.waitForMessage((m) => m.message_id === shown.message_id && (m.text ?? '').includes('Corrected'));
    alice.edit(mine.message_id, '45 coffee');
    const after = await edited;
    expect(after.text).toContain('➖ $45.00 from Cash · ☕ Cafes · coffee');
    expect(after.text).toContain('Cash: $55.00');
    const all = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items;
    expect(all.filter((t) => t.amountMinor === 5000).map((t) => t.status)).toEqual(expect.arrayContaining(['reversed']));
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(5500);

    // An edit that turns the expense into an income is a new entry, not a correction: said so, nothing changes.
    const kindChanged = alice.waitForMessage(/cannot turn an expense into an income/);
    alice.edit(mine.message_id, '+45 coffee');
    await kindChanged;
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(5500);

    h.db.clock.advance(49 * 3600 * 1000);
    alice.send('/start');
    await alice.waitForMessage(/Welcome back/);
    const tooOld = alice.waitForMessage(/48 hours/);
    alice.edit(mine.message_id, '40 coffee');
    await tooOld;
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(5500);
  });

  it('answers in Russian: no wallet in a currency, a forwarded message', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Ольга', 'ru');
    familyWithFundedCash(h.db.deps, olga, 100_000, { currency: 'RUB' });
    const rub = olga.waitForMessage(/➖ 50,00\s₽/u);
    olga.send('50р кофе');
    // Default names (the Cash wallet, the categories) read in the reader's language, though the family was created in English.
    expect((await rub).text).toMatch(/с «Наличные» · ☕ Кафе · кофе/);
    const none = olga.waitForMessage(/нет кошелька в EUR/);
    olga.send('€20 обед');
    await none;
    const fwd = olga.waitForMessage(/пересланное сообщение/);
    olga.forward('30 такси', { id: 555, is_bot: false, first_name: 'Боб' });
    await fwd;
  });

  it('reads "кофе 2 тыс" and "500 тыс" as thousands, and refuses "2 млн" clearly instead of recording 2 ₽', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 1_000_000_00, { currency: 'RUB' });
    const owner = f.userOf(olga);
    const coffee = olga.waitForMessage(/➖ 2\s000,00\s₽ с «Наличные» · ☕ Кафе · кофе/u);
    olga.send('кофе 2 тыс');
    await coffee;
    const repair = olga.waitForMessage(/➖ 500\s000,00\s₽/u);
    olga.send('500 тыс ремонт');
    await repair;
    const refused = olga.waitForMessage(/Миллионы/);
    olga.send('2 млн квартира');
    expect((await refused).text).toMatch(/^Миллионы словами я не читаю \(«2 млн»\): напишите сумму цифрами, например 2000000, или в тысячах — 2000 тыс\.\n/);
    const expenses = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(expenses.map((t) => t.amountMinor).sort((a, b) => a - b)).toEqual([2000_00, 500_000_00]);
  });

  it('asks about "120+35 тыс" instead of recording 35 120 ₽, in the person\'s language, and records "120к+35к"', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 1_000_000_00, { currency: 'RUB' });
    const owner = f.userOf(olga);
    const asked = olga.waitForMessage(/относятся только к последнему/);
    olga.send('ремонт 120+35 тыс');
    expect((await asked).text).toMatch(/^В «120\+35 тыс» тысячи \(тыс, к\) относятся только к последнему числу или ко всей сумме\? Поставьте их у каждого числа, например 120к\+35к \(155 тысяч\), или напишите тысячи цифрами: 120\+35000\.\n/);
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
    const recorded = olga.waitForMessage(/➖ 155\s000,00\s₽/u);
    olga.send('ремонт 120к+35к');
    await recorded;
    const alice = h.person(1002, 'Alice');
    seedFamily(h.db.deps, alice);
    alice.send('120+35k groceries');
    await alice.waitForMessage(/^Does the k or thousand in “120\+35k” cover only the last number or the whole sum\? Put it on every number, for example 120k\+35k \(155 thousand\), or write the thousands in digits: 120\+35000\.\n/);
  });

  it('refuses "2m rent" clearly instead of ignoring it, and records "2 k rent" as $2,000', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 1_000_000);
    const refused = alice.waitForMessage(/millions/);
    alice.send('2m rent');
    expect((await refused).text).toMatch(/^I don't read millions from words \(“2m”\): write the amount in digits, e\.g\. 2000000, or in thousands, 2000k\.\n/);
    const spaced = alice.waitForMessage(/“2 m”/);
    alice.send('2 m rent');
    await spaced;
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
    const rent = alice.waitForMessage(/➖ \$2,000\.00 from Cash/);
    alice.send('2 k rent');
    await rent;
  });

  it('asks about "ремонт 2 тыс 500" instead of recording 500 ₽ (or 2000 ₽)', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 1_000_000_00, { currency: 'RUB' });
    const owner = f.userOf(olga);
    const asked = olga.waitForMessage(/Число после тысяч/);
    olga.send('ремонт 2 тыс 500');
    expect((await asked).text).toMatch(/^Число после тысяч в «2 тыс 500» — часть суммы\? Напишите всю сумму одним числом, например 2500 или 2,5 тыс, а заметку — после неё\.\n/);
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
    const recorded = olga.waitForMessage(/➖ 2\s500,00\s₽/u);
    olga.send('ремонт 2,5 тыс');
    await recorded;
  });
});

describe('a currency named by a word in the chat', () => {
  it('records "9250 рублей" in the family\'s RUB wallet as 9250 RUB, and "taxi 50 dollars" in the USD one', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 100_000);
    const rubles = addFundedWallet(h.db.deps, f, 'Rubles', 'RUB', 2_000_000);

    const rub = alice.waitForMessage(/from Rubles/);
    alice.send('9250 рублей');
    expect((await rub).text).toMatch(/^➖ .*9,250\.00.* from Rubles/u);
    const taxi = alice.waitForMessage(/➖ \$50\.00 from Cash · .* · taxi/);
    alice.send('taxi 50 dollars');
    await taxi;

    const entries = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick');
    expect(entries.map((t) => [t.currency, t.amountMinor, t.fromWalletId, t.description])).toEqual(
      expect.arrayContaining([
        ['RUB', 925_000, rubles, null],
        ['USD', 5_000, f.cashId, 'taxi'],
      ]),
    );
    expect(getWallet(h.db.deps, owner, f.familyId, rubles).balanceMinor).toBe(2_000_000 - 925_000);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(100_000 - 5_000);
  });

  it('never records "9250 рублей" as dollars in a family with only a USD wallet: it says there is no RUB wallet, in the person\'s language', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const olga = h.person(1002, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, alice, 2_000_000, { others: [[olga, 'admin']] });
    const owner = f.userOf(alice);

    const none = alice.waitForMessage('You have no wallet in RUB. Add one in /wallets, or send the amount without the currency.');
    alice.send('9250 рублей');
    await none;
    const inRussian = olga.waitForMessage(/нет кошелька в RUB/);
    olga.send('9250 рублей');
    await inRussian;
    const euro = alice.waitForMessage(/no wallet in EUR/);
    alice.send('coffee 5 euros');
    await euro;
    // A sentence's full stop after the currency still names it: '50 EUR.' was $50 with the note 'EUR.'.
    const euroWithStop = alice.waitForMessage(/no wallet in EUR/);
    alice.send('50 EUR.');
    await euroWithStop;
    const rublesWithStop = alice.waitForMessage(/no wallet in RUB/);
    alice.send('250 ₽.');
    await rublesWithStop;
    // Two different currencies: neither is picked, the person gets the hint.
    const hint = alice.waitForMessage(/To record quickly, send an amount and a note/);
    alice.send('$50 euros');
    await hint;

    const quick = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick');
    expect(quick).toEqual([]);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(2_000_000);
  });
});

describe('quick entry in the chat', () => {
  it('records at once, and Undo restores the balance with a reversal; a second Undo changes nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);

    alice.send('1 234,50 groceries');
    // "Not enough money" names the wallet, its balance, and the wallets that could pay (none here).
    await alice.waitForMessage('Not enough money in Cash: it has $100.00. No other wallet in USD can pay it.');
    alice.send('50 coffee');
    const reply = await alice.waitForMessage('Cash: $50.00');
    expect(reply.text).toBe('➖ $50.00 from Cash · ☕ Cafes · coffee\nCash: $50.00');
    expect(alice.buttons()).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo']);
    const [tx] = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items;
    expect(tx).toMatchObject({ source: 'quick', amountMinor: 5000, status: 'executed' });

    // Two presses before the bot answers the first: the second finds it already undone.
    const first = alice.press('↩️ Undo');
    const second = alice.press('↩️ Undo');
    expect(await h.tg.waitForCallbackAnswer(first)).toMatchObject({ text: 'Undone' });
    expect(await h.tg.waitForCallbackAnswer(second)).toMatchObject({ text: expect.stringContaining('already undone') as unknown, show_alert: true });
    expect(alice.lastMessage()?.text).toBe('↩️ Undone: ➖ $50.00 from Cash · ☕ Cafes · coffee\nCash: $100.00');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
    const after = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items;
    expect(after.filter((t) => t.reversalOf === tx!.id)).toHaveLength(1);
    expect(getTransaction(h.db.deps, owner, tx!.id)).toMatchObject({ status: 'reversed', reason: 'undo' });
  });

  it('records an income with a plus sign, and moves an expense to another category and wallet', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    addFundedWallet(h.db.deps, f, 'Card', 'USD', 5_000);

    alice.send('+3000 salary');
    expect((await alice.waitForMessage('Cash: $3,000.00')).text).toContain('➕ $3,000.00 to Cash · 💼 Salary · salary');

    alice.send('20 something');
    await alice.waitForMessage('📦 Other · something');
    alice.press('🏷 Change category');
    await alice.waitForMessage(() => alice.buttons().includes('🛒 Groceries'));
    alice.press('🛒 Groceries');
    await alice.waitForMessage('🛒 Groceries · something');
    alice.press('👛 Change wallet');
    await alice.waitForMessage(() => alice.buttons().some((b) => b.startsWith('Card')));
    alice.press(/^Card/);
    const moved = await alice.waitForMessage('from Card');
    expect(moved.text).toBe('➖ $20.00 from Card · 🛒 Groceries · something\nCard: $30.00');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(300_000);
  });

  it('explains an ambiguous amount and points a newcomer to /start', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    alice.send('1,234 rent');
    await alice.waitForMessage(/a thousand or a decimal/);
    const stranger = h.person(1009, 'Stranger');
    stranger.send('50 coffee');
    await stranger.waitForMessage('Send /start to begin');
  });

  it('asks whether "1,500k" is thousands or millions instead of recording 1,500 won', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 5_000_000, 'KRW');
    alice.send('1,500k rent');
    await alice.waitForMessage('Is “1,500k” thousands or millions? Write 1.5k for one and a half thousand, or 1500k for one and a half million.');
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
    alice.send('1500k rent');
    await alice.waitForMessage(/₩1,500,000 from Cash/);
  });

  it('/undo reverses my last transaction after a confirmation', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    alice.send('/undo');
    const ask = await alice.waitForMessage('Undo your last transaction?');
    expect(ask.text).toContain('➕ $100.00 to Cash');
    alice.press('Keep it');
    await alice.waitForMessage('Kept as it is.');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
    alice.send('/undo');
    await alice.waitForMessage('Undo your last transaction?');
    alice.press('↩️ Yes, undo');
    await alice.waitForMessage('↩️ Undone: ➕ $100.00 to Cash');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(0);
    alice.send('/undo');
    await alice.waitForMessage('There is nothing of yours to undo.');
  });
});

describe('words around the amount that would file it wrong', () => {
  it('records nothing for cents or kopecks: "50 cents" is not 50 dollars, "100 рублей 50 копеек" not 100 rubles', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 100_000);
    addFundedWallet(h.db.deps, f, 'Rubles', 'RUB', 100_000);

    for (const [text, word] of [['50 cents', 'cents'], ['coffee 50 коп', 'коп'], ['5 долларов 50 центов', 'центов'], ['100 рублей 50 копеек', 'копеек'], ['40 копеек', 'копеек']]) {
      const reply = alice.waitForMessage(`Nothing recorded: “${word}” are fractions of the currency’s main unit. Send the amount in the main unit, with decimals: for example “0.50 coffee”.`);
      alice.send(text as string);
      await reply;
    }
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick')).toEqual([]);
  });

  it('records nothing for fils in a dinar family, and says so: "500 fils" is not 500 dinars', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const olga = h.person(1002, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, alice, 1_000_000, { currency: 'BHD', others: [[olga, 'admin']] });
    const owner = f.userOf(alice);
    const en = alice.waitForMessage('Nothing recorded: “fils” are fractions of the currency’s main unit. Send the amount in the main unit, with decimals: for example “0.500 coffee”.');
    alice.send('500 fils');
    await en;
    const ru = olga.waitForMessage('Ничего не записано: «филсов» — это доли основной денежной единицы. Напишите сумму в основных единицах, с дробной частью: например, «0,500 кофе».');
    olga.send('хлеб 500 филсов');
    await ru;
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick')).toEqual([]);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(1_000_000);
  });

  it('records "coffee 4500₩", "500円 ramen" and "1.500 dinars" in the family\'s won, yen and dinar wallets', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const won = addWallet(h.db.deps, f, owner, 'Won', 'KRW');
    const yen = addWallet(h.db.deps, f, owner, 'Yen', 'JPY');
    const dinars = addWallet(h.db.deps, f, owner, 'Dinars', 'BHD');
    for (const w of [won, yen, dinars]) fund(h.db.deps, f, owner, w, 10_000_000);
    for (const [text, card] of [['coffee 4500₩', /₩4,500 from Won/], ['500円 ramen', /¥500 from Yen/], ['1.500 dinars taxi', /BHD\s?1\.500 from Dinars/], ['кофе 3000 вон', /₩3,000 from Won/]] as const) {
      const reply = alice.waitForMessage(card);
      alice.send(text);
      await reply;
    }
    expect(getWallet(h.db.deps, owner, f.familyId, won).balanceMinor).toBe(10_000_000 - 7_500);
    expect(getWallet(h.db.deps, owner, f.familyId, yen).balanceMinor).toBe(10_000_000 - 500);
    expect(getWallet(h.db.deps, owner, f.familyId, dinars).balanceMinor).toBe(10_000_000 - 1_500);
  });

  it('reads a currency word between two numbers as the first one\'s: "купил 100 долларов 9200" is 9200 in the default wallet, not 9200 dollars', async () => {
    h = await startHarness();
    const olga = h.person(1002, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 5_000_000, { currency: 'RUB' });
    const owner = f.userOf(olga);
    const dollars = addFundedWallet(h.db.deps, f, 'Dollars', 'USD', 5_000_000);

    const card = olga.waitForMessage(/купил 100 долларов/);
    olga.send('купил 100 долларов 9200');
    await card;
    const steak = olga.waitForMessage(/steak 3 pounds/);
    olga.send('steak 3 pounds 12');
    await steak;
    const quick = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick');
    expect(quick.map((t) => [t.currency, t.amountMinor, t.fromWalletId, t.description])).toEqual(
      expect.arrayContaining([
        ['RUB', 920_000, f.cashId, 'купил 100 долларов'],
        ['RUB', 1_200, f.cashId, 'steak 3 pounds'],
      ]),
    );
    expect(getWallet(h.db.deps, owner, f.familyId, dollars).balanceMinor).toBe(5_000_000);
  });

  it('reads "dollars" and "$" as the family\'s own dollars and "рублей" as Belarusian rubles where those are the default wallet\'s', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 100_000, 'CAD');
    const us = addFundedWallet(h.db.deps, f, 'US card', 'USD', 100_000);

    const gas = alice.waitForMessage(/gas/);
    alice.send('50 dollars gas');
    await gas;
    const coffee = alice.waitForMessage(/coffee/);
    alice.send('$5 coffee');
    await coffee;
    // A code is exact: "50 USD" is the US card.
    const usd = alice.waitForMessage(/from US card/);
    alice.send('20 USD taxi');
    await usd;

    const olga = h.person(1002, 'Ольга', 'ru');
    const by = familyWithFundedCash(h.db.deps, olga, 100_000, { currency: 'BYN' });
    const olgaId = by.userOf(olga);
    addFundedWallet(h.db.deps, by, 'Российские', 'RUB', 100_000);
    const lunch = olga.waitForMessage(/обед/);
    olga.send('50 рублей обед');
    await lunch;

    const mine = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.source === 'quick');
    expect(mine.map((t) => [t.currency, t.amountMinor, t.fromWalletId, t.description])).toEqual(
      expect.arrayContaining([
        ['CAD', 5_000, f.cashId, 'gas'],
        ['CAD', 500, f.cashId, 'coffee'],
        ['USD', 2_000, us, 'taxi'],
      ]),
    );
    const theirs = listTransactions(h.db.deps, olgaId, { familyId: by.familyId }).items.filter((t) => t.source === 'quick');
    expect(theirs.map((t) => [t.currency, t.amountMinor, t.fromWalletId, t.description])).toEqual([['BYN', 5_000, by.cashId, 'обед']]);
  });
});
