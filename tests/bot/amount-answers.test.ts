// Answers to the bot's amount questions are read as what they are: the amount
// asked for, in the question's currency. A currency sign or word, a note or a
// minus never turns the answer into a quick entry (an expense nobody meant), a
// negative is refused where it makes no sense (and kept for a credit card's
// debt), another currency is refused instead of being read as this one, and an
// edited message passes by the open question to correct its entry.
import { afterEach, describe, expect, it } from 'vitest';
import {
  findUserByChat,
  getWallet,
  listBudgets,
  listFamiliesForUser,
  listGoals,
  listRecurringRules,
  listThresholds,
  listTransactions,
  listWallets,
  type CoreDeps,
} from '../../src/domain/index.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { nextReply, press, say, startHarness, type Harness } from './support/harness.js';
import { addFundedWallet, addWallet, aliceWithFamily, aliceWithFundedCash, fund, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});


const kinds = (deps: CoreDeps, f: SeededFamily, userId: number) => listTransactions(deps, userId, { familyId: f.familyId }).items.map((t) => t.kind);

/** Starts a $100 transfer from Cash to `wallet` and waits for the question about what arrived. */
async function receivedAmountAsked(who: FakeUser, wallet: string, currency: string) {
  await say(who, '/menu', /what would you like to do/);
  await press(who, '🔁 Transfer', 'How much do you move?');
  await say(who, '100', 'From which wallet?');
  await press(who, /^Cash/, 'To which wallet?');
  await press(who, new RegExp(`^${wallet}`), `How much arrived in ${wallet}, in ${currency}?`);
}

describe('the received amount of a transfer across currencies', () => {

  it.each([
    ['92.50 EUR', 9250],
    ['€92.50', 9250],
    ['92,50 €', 9250],
    ['92.50 euro', 9250],
    ['EUR 92.50', 9250],
    ['+92.50', 9250],
  ])('takes “%s” as the amount that arrived, not as an expense', async (typed, minor) => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const euro = addWallet(h.db.deps, f, owner, 'Euro', 'EUR');
    await receivedAmountAsked(alice, 'Euro', 'EUR');
    await say(alice, typed, 'Add a note?');
    const confirm = await press(alice, 'Skip', 'Record this transfer?');
    expect(confirm.text).toContain('🔁 $100.00 → €92.50 from Cash to Euro');
    await press(alice, '✅ Save', 'Euro: €92.50');
    expect(getWallet(h.db.deps, owner, f.familyId, euro).balanceMinor).toBe(minor);
    expect(kinds(h.db.deps, f, owner)).not.toContain('expense');
    expect(alice.messages().map((m) => m.text ?? '').join('\n')).not.toContain('looks like an entry');
  });

  it('reads “9250 рублей” in roubles, and a note typed with the amount is the note', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const rub = addWallet(h.db.deps, f, owner, 'Roubles', 'RUB');
    await receivedAmountAsked(alice, 'Roubles', 'RUB');
    const confirm = await say(alice, '9250 рублей за квартиру', 'Record this transfer?');
    expect(confirm.text).toMatch(/→ RUB\s9,250\.00 from Cash to Roubles · за квартиру/);
    await press(alice, '✅ Save', /Roubles: /);
    expect(getWallet(h.db.deps, owner, f.familyId, rub).balanceMinor).toBe(925_000);
    expect(kinds(h.db.deps, f, owner)).not.toContain('expense');
  });

  it('refuses another currency, a negative and a bad amount, asks again and records nothing meanwhile', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const euro = addWallet(h.db.deps, f, owner, 'Euro', 'EUR');
    await receivedAmountAsked(alice, 'Euro', 'EUR');
    const before = kinds(h.db.deps, f, owner);
    const wrong = await say(alice, '$92.50', /This question is in EUR, and you wrote USD/);
    expect(wrong.text).toContain('How much arrived in Euro, in EUR?');
    await say(alice, '92 dollars', /This question is in EUR, and you wrote USD[^]*How much arrived in Euro/);
    await say(alice, 'USD 92.50', /This question is in EUR, and you wrote USD[^]*How much arrived in Euro/);
    await say(alice, '-92.50 EUR', /The amount must be positive[^]*How much arrived in Euro/);
    await say(alice, '92.5055 EUR', /At most 2 digits after the decimal point[^]*How much arrived in Euro/);
    expect(kinds(h.db.deps, f, owner)).toEqual(before);
    expect(getWallet(h.db.deps, owner, f.familyId, euro).balanceMinor).toBe(0);
    await say(alice, '92.50 EUR', 'Add a note?');
  });
});

describe('a photo with a money caption at an amount question', () => {
  it('is no entry there: nothing is recorded, the question is asked again and then answered', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    addWallet(h.db.deps, f, owner, 'Euro', 'EUR');
    await receivedAmountAsked(alice, 'Euro', 'EUR');
    const before = kinds(h.db.deps, f, owner);
    const refused = nextReply(alice, 'Please answer with text or the buttons.');
    alice.sendPhoto(Buffer.from('receipt'), { caption: '92.50 EUR' });
    await refused;
    expect(kinds(h.db.deps, f, owner)).toEqual(before);
    expect(alice.messages().map((m) => m.text ?? '').join('\n')).not.toContain('looks like an entry');
    await say(alice, '92.50', 'Add a note?');
  });
});

describe('the first amount of an expense', () => {
  it('refuses a minus instead of dropping it, and a currency no wallet holds', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    await say(alice, '/menu', /what would you like to do/);
    await press(alice, '➖ Expense', 'How much did you spend?');
    await say(alice, '-12 bus', /The amount must be positive[^]*How much did you spend/);
    await say(alice, '€12 bus', /This question is in USD, and you wrote EUR[^]*How much did you spend/);
    expect(kinds(h.db.deps, f, owner)).toEqual(['income']);
  });

  it('takes a named currency from the wallet in it; a wallet in another currency asks the amount again in its own', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const euro = addFundedWallet(h.db.deps, f, 'Euro', 'EUR', 5_000);
    fund(h.db.deps, f, owner, f.cashId, 5_000);
    const before = kinds(h.db.deps, f, owner);
    await say(alice, '/menu', /what would you like to do/);
    await press(alice, '➖ Expense', 'How much did you spend?');
    await say(alice, '€12.40 bus', 'From which wallet?');
    await press(alice, /^Cash/, 'Cash is in USD. How much in USD? (you wrote €12.40)');
    expect(kinds(h.db.deps, f, owner)).toEqual(before);
    await say(alice, '€12.40 bus', /This question is in USD, and you wrote EUR[^]*Cash is in USD/);
    await press(alice, '‹ Back', 'From which wallet?');
    await press(alice, /^Euro/, 'Which category?');
    const confirm = await press(alice, /Transport/, 'Record this expense?');
    expect(confirm.text).toContain('€12.40 from Euro');
    await press(alice, '✅ Save', /Euro: €37\.60/);
    expect(getWallet(h.db.deps, owner, f.familyId, euro).balanceMinor).toBe(3_760);
  });
});

describe('a name several currencies share', () => {
  it('answers in the wallet asked about when it is one of them: "$12.40" is Canadian dollars from a CAD cash, not the US card', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h, 'CAD');
    const us = addFundedWallet(h.db.deps, f, 'US card', 'USD', 5_000);
    fund(h.db.deps, f, owner, f.cashId, 5_000);
    await say(alice, '/menu', /what would you like to do/);
    await press(alice, '➖ Expense', 'How much did you spend?');
    await say(alice, '$12.40 bus', 'From which wallet?');
    await press(alice, /^Cash/, 'Which category?');
    const confirm = await press(alice, /Transport/, 'Record this expense?');
    expect(confirm.text).toMatch(/12\.40 from Cash/);
    await press(alice, '✅ Save', /Cash:/);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(3_760);
    expect(getWallet(h.db.deps, owner, f.familyId, us).balanceMinor).toBe(5_000);
  });
});

describe('the onboarding cash question', () => {
  async function cashAsked(who: FakeUser, currency: string) {
    await say(who, '/start', /What should we call it/);
    await say(who, 'The Smiths', /which currency/);
    await press(who, currency, /How much cash/);
  }

  function cashOf(deps: CoreDeps, chatId: number) {
    const user = findUserByChat(deps, chatId)!;
    const families = listFamiliesForUser(deps, user.id);
    return { families, cash: families[0] ? listWallets(deps, user.id, families[0].id)[0] : undefined };
  }

  it.each([
    ['RUB', '5000 руб', 500_000],
    ['RUB', '500₽', 50_000],
    ['RUB', '9250 рублей', 925_000],
    ['USD', '$500', 50_000],
    ['EUR', '250,50 EUR', 25_050],
  ])('in %s takes the typed cash (case %#) and finishes onboarding', async (currency, typed, minor) => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    await cashAsked(alice, currency);
    await say(alice, typed, /“The Smiths” is ready/);
    const { families, cash } = cashOf(h.db.deps, 1001);
    expect(families).toMatchObject([{ name: 'The Smiths', baseCurrency: currency }]);
    expect(cash).toMatchObject({ currency, balanceMinor: minor });
  });

  it('refuses a negative and another currency in a friendly way and asks again; the name and currency are kept', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    await cashAsked(alice, 'EUR');
    await say(alice, '-100', /The amount must be positive[^]*How much cash do you have now, in EUR/);
    await say(alice, '$500', /This question is in EUR, and you wrote USD[^]*How much cash/);
    expect(cashOf(h.db.deps, 1001).families).toEqual([]);
    expect(alice.messages().map((m) => m.text ?? '').join('\n')).not.toContain('not in a family');
    await say(alice, '€500', /“The Smiths” is ready/);
    expect(cashOf(h.db.deps, 1001).cash).toMatchObject({ currency: 'EUR', balanceMinor: 50_000 });
  });

  it('says it in Russian', async () => {
    h = await startHarness();
    const boris = h.person(1002, 'Борис', 'ru');
    await say(boris, '/start', /Как её назвать/);
    await say(boris, 'Ивановы', /в какой валюте/);
    await press(boris, 'RUB', /Сколько у вас сейчас наличных/);
    await say(boris, '-100', /Сумма должна быть положительной/);
    await say(boris, '100 долларов', /Здесь сумма в RUB, а вы указали USD/);
    await say(boris, '100 рублей', /Ивановы: что сделаем/);
    expect(cashOf(h.db.deps, 1002).cash).toMatchObject({ currency: 'RUB', balanceMinor: 10_000 });
  });
});

describe('a new wallet’s starting balance', () => {
  async function balanceAsked(who: FakeUser, name: string, kind: string, currency = 'USD') {
    await say(who, '/wallets', /Wallets/);
    await press(who, '➕ Add wallet', /called/);
    await say(who, name, /What kind of wallet/);
    await press(who, kind, /Which currency/);
    await press(who, currency, /How much (is in|does)/);
  }

  it.each(['Bank account', 'Cash', 'Card', 'Savings'])('refuses -120 for a %s wallet and asks again; nothing is created', async (kind) => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    await balanceAsked(alice, 'Pot', kind);
    await say(alice, '-120', /The amount must be positive[^]*How much is in “Pot” now, in USD/);
    await say(alice, '−120 $', /The amount must be positive[^]*How much is in “Pot” now/);
    expect(listWallets(h.db.deps, owner, f.familyId).map((w) => w.name)).toEqual(['Cash']);
    await say(alice, '120', /Wallet “Pot” \(USD\) created/);
    expect(listWallets(h.db.deps, owner, f.familyId).find((w) => w.name === 'Pot')).toMatchObject({ balanceMinor: 12_000 });
  });

  it('refuses another currency; a credit card keeps a debt with a minus', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    await balanceAsked(alice, 'Visa', 'Credit card', 'EUR');
    await say(alice, '-$120', /This question is in EUR, and you wrote USD[^]*How much does “Visa” show now/);
    await say(alice, '-120 EUR', /How far below zero may “Visa” go/);
    await say(alice, '-1000', /The amount must be positive[^]*How far below zero/);
    await say(alice, '1000 €', /Wallet “Visa” \(EUR\) created/);
    expect(listWallets(h.db.deps, owner, f.familyId).find((w) => w.name === 'Visa')).toMatchObject({ balanceMinor: -12_000, creditLimitMinor: 100_000 });
  });
});

describe('other amount questions refuse a minus and another currency instead of misreading them', () => {
  it('a goal’s target', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    await say(alice, '/goals', /No goals yet/);
    await press(alice, '➕ Add a goal', /What are you saving for/);
    await say(alice, 'Sea trip', /Which wallet/);
    await press(alice, /^Cash/, /How much do you need for “Sea trip”, in USD/);
    await say(alice, '-1200', /The amount must be positive[^]*How much do you need/);
    await say(alice, '1200 EUR', /This question is in USD, and you wrote EUR[^]*How much do you need/);
    await say(alice, '1200 dollars', /By when/);
    await say(alice, '2027-04-30', /Goal “Sea trip” added/);
    expect(listGoals(h.db.deps, f.userOf(alice), f.familyId)).toMatchObject([{ targetMinor: 120_000 }]);
  });

  it('a budget’s monthly limit', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    await say(alice, '/budgets', /No budgets yet/);
    await press(alice, '➕ Add a budget', /What should the budget cover/);
    await press(alice, '🛒 Groceries', /Monthly limit for “🛒 Groceries” in USD/);
    await say(alice, '-400', /The amount must be positive[^]*Monthly limit/);
    await say(alice, '400₽', /This question is in USD, and you wrote RUB[^]*Monthly limit/);
    expect(listBudgets(h.db.deps, f.userOf(alice), f.familyId)).toEqual([]);
    await say(alice, '$400', /Budget for “🛒 Groceries” added/);
    expect(listBudgets(h.db.deps, f.userOf(alice), f.familyId)).toMatchObject([{ amountMinor: 40_000 }]);
  });

  it('a recurring rule’s amount', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    await say(alice, '/recurring', /Recurring/);
    await press(alice, '➕ Add recurring', /expense or an income/);
    await press(alice, '➖ Expense', /How much each time/);
    await say(alice, '-900 rent', /The amount must be positive[^]*How much each time/);
    await say(alice, '€900', /This question is in USD, and you wrote EUR[^]*How much each time/);
    // The rule has no note to keep "rent" in: only the amount is taken, and never cut down to it silently.
    await say(alice, '900 rent', /Only an amount goes here, for example “900”; “rent” has no place[^]*How much each time/);
    await say(alice, '900', /Which category/);
    await press(alice, '🏠 Housing', /How often/);
    await press(alice, 'monthly', /When is the first one/);
    await say(alice, '2026-12-01', /Added: ➖ Expense: \$900\.00/);
    expect(listRecurringRules(h.db.deps, f.userOf(alice), f.familyId)).toMatchObject([{ amountMinor: 90_000 }]);
  });

  it('the approval limit', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    await say(alice, '/settings', /Settings/);
    await press(alice, '🔒 Approval limit', /Send the new limit/);
    await say(alice, '-300', /The amount must be positive[^]*Send the new limit/);
    // A currency the family holds no wallet in is refused (one it holds sets that currency's limit).
    await say(alice, '300 EUR', /no wallet in EUR[^]*Send the new limit/);
    await say(alice, '300 usd', /Approval is now needed above \$300\.00/);
    expect(listThresholds(h.db.deps, f.userOf(alice), f.familyId)).toEqual([{ currency: 'USD', amountMinor: 30_000 }]);
  });
});

describe('words with the amount where no note has a place', () => {
  it('a budget’s limit: “12 bus” is refused and asked again, nothing is made; then the amount alone is the limit', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    await say(alice, '/budgets', /No budgets yet/);
    await press(alice, '➕ Add a budget', /What should the budget cover/);
    await press(alice, '🛒 Groceries', /Monthly limit for “🛒 Groceries” in USD/);
    const refused = await say(alice, '12 bus', /Only an amount goes here/);
    expect(refused.text).toMatch(/Only an amount goes here, for example “12”; “bus” has no place in this answer\.\s+Monthly limit for “🛒 Groceries” in USD\?/);
    await say(alice, 'bus 12', /“bus” has no place[^]*Monthly limit/);
    expect(listBudgets(h.db.deps, f.userOf(alice), f.familyId)).toEqual([]);
    expect(kinds(h.db.deps, f, f.userOf(alice))).toEqual([]);
    await say(alice, '12', /Budget for “🛒 Groceries” added/);
    expect(listBudgets(h.db.deps, f.userOf(alice), f.familyId)).toMatchObject([{ amountMinor: 1_200 }]);
  });

  it('a goal’s target, a new wallet’s balance and the approval limit refuse it as well', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    await say(alice, '/goals', /No goals yet/);
    await press(alice, '➕ Add a goal', /What are you saving for/);
    await say(alice, 'Sea trip', /Which wallet/);
    await press(alice, /^Cash/, /How much do you need for “Sea trip”, in USD/);
    await say(alice, '1200 for the boat', /for example “1200”; “for the boat” has no place[^]*How much do you need/);
    await say(alice, '$1200', /By when/);
    await say(alice, '2027-04-30', /Goal “Sea trip” added/);
    expect(listGoals(h.db.deps, owner, f.familyId)).toMatchObject([{ targetMinor: 120_000 }]);

    await say(alice, '/wallets', /Wallets/);
    await press(alice, '➕ Add wallet', /called/);
    await say(alice, 'Pot', /What kind of wallet/);
    await press(alice, 'Cash', /Which currency/);
    await press(alice, 'USD', /How much is in “Pot” now/);
    await say(alice, '120 in the jar', /“in the jar” has no place[^]*How much is in “Pot” now/);
    expect(listWallets(h.db.deps, owner, f.familyId).map((w) => w.name)).toEqual(['Cash']);
    await say(alice, '120', /Wallet “Pot” \(USD\) created/);

    await say(alice, '/settings', /Settings/);
    await press(alice, '🔒 Approval limit', /Send the new limit/);
    await say(alice, '300 per month', /“per month” has no place[^]*Send the new limit/);
    expect(listThresholds(h.db.deps, owner, f.familyId)).not.toContainEqual({ currency: 'USD', amountMinor: 30_000 });
    await say(alice, '300', /Approval is now needed above \$300\.00/);
    expect(kinds(h.db.deps, f, owner)).toEqual(['opening_balance']);
  });

  it('says it in Russian', async () => {
    h = await startHarness();
    const boris = h.person(1002, 'Борис', 'ru');
    await say(boris, '/start', /Как её назвать/);
    await say(boris, 'Ивановы', /в какой валюте/);
    await press(boris, 'RUB', /Сколько у вас сейчас наличных/);
    await say(boris, '5000 в кошельке', /Здесь нужна только сумма, например «5000»; «в кошельке» в этом ответе некуда записать[^]*Сколько у вас сейчас наличных/);
    await say(boris, '5000', /Ивановы: что сделаем/);
  });
});

describe('an edited message while a question waits', () => {
  it('corrects its entry through quick entry; the question keeps waiting for its answer', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    await say(alice, '12 bus', /\$12\.00/);
    const entryMessage = alice.history().filter((m) => m.text === '12 bus').at(-1)!;

    await say(alice, '/menu', /what would you like to do/);
    await press(alice, '➖ Expense', 'How much did you spend?');
    const corrected = alice.waitForMessage(/Corrected/); // the card is edited in place
    alice.edit(entryMessage.message_id, '15 bus');
    expect((await corrected).text).toContain('$15.00');
    const expenses = () => listTransactions(h!.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense' && t.status === 'executed');
    expect(expenses().map((t) => t.amountMinor)).toContain(1500);

    // The question is still open: the next text answers it.
    await say(alice, '5', 'Which category?');
    expect(alice.messages().map((m) => m.text ?? '').join('\n')).not.toContain('Please answer with text or the buttons');
  });
});
