// The guided entry (/expense, /income, /transfer) asks the amount in one currency, the default wallet's.
// A wallet then chosen in another currency never takes that number as its own ("10" asked in USD is
// not €10): the amount is asked again in the wallet's currency, saying what was typed, and nothing is
// recorded until it is given. A quick entry's card offers only wallets in the entry's currency.
import { afterEach, describe, expect, it } from 'vitest';
import { archiveWallet, createTransaction, getWallet, listTransactions, type CoreDeps } from '../../src/domain/index.js';
import { press, say, startHarness, type Harness } from './support/harness.js';
import { addWallet, fund, seedFamily, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});


const entries = (deps: CoreDeps, f: SeededFamily, userId: number) => listTransactions(deps, userId, { familyId: f.familyId }).items;

/** Alice owns a USD family: Cash (USD, $100) and Euro (EUR, €100). */
async function family(languageCode = 'en') {
  h = await startHarness();
  const alice = h.person(1001, 'Alice', languageCode);
  const f = seedFamily(h.db.deps, alice);
  const owner = f.userOf(alice);
  const euro = addWallet(h.db.deps, f, owner, 'Euro', 'EUR');
  fund(h.db.deps, f, owner, f.cashId, 10_000);
  fund(h.db.deps, f, owner, euro, 10_000);
  return { h, alice, f, owner, euro, before: entries(h.db.deps, f, owner).length };
}

describe('a wallet in another currency than the amount was asked in', () => {
  it('/expense: 10 asked in USD, then the EUR wallet: the amount is asked again in EUR, and the euros given are recorded', async () => {
    const { h, alice, f, owner, euro, before } = await family();
    await say(alice, '/expense', 'How much did you spend? Amount in USD');
    await say(alice, '10', 'From which wallet?');
    const again = await press(alice, /^Euro/, 'Euro is in EUR. How much in EUR? (you wrote $10.00)');
    expect(alice.buttons(again.message_id)).toEqual(['‹ Back', 'Cancel']);
    expect(entries(h.db.deps, f, owner)).toHaveLength(before);
    // Another currency is no answer to a question in euros (and does not move the entry back to Cash).
    await say(alice, '$10', /This question is in EUR, and you wrote USD[^]*Euro is in EUR\. How much in EUR\?/);
    await say(alice, '9.20', 'Which category?');
    await press(alice, /Cafes/, 'Add a note?');
    const confirm = await press(alice, 'Skip', 'Record this expense?');
    expect(confirm.text).toContain('€9.20 from Euro');
    expect(entries(h.db.deps, f, owner)).toHaveLength(before);
    await press(alice, '✅ Save', /Euro: €90\.80/);
    const [saved] = entries(h.db.deps, f, owner);
    expect(saved).toMatchObject({ kind: 'expense', fromWalletId: euro, amountMinor: 920, currency: 'EUR' });
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
  });

  it('/income: the same, into the EUR wallet; Back from the question again returns to the wallets, and Cash keeps the $10 typed', async () => {
    const { h, alice, f, owner, euro, before } = await family();
    await say(alice, '/income', 'How much came in? Amount in USD');
    await say(alice, '10', 'Into which wallet?');
    await press(alice, /^Euro/, 'Euro is in EUR. How much in EUR? (you wrote $10.00)');
    await press(alice, '‹ Back', 'Into which wallet?');
    await press(alice, /^Cash/, 'Which category?');
    await press(alice, '‹ Back', 'Into which wallet?');
    await press(alice, /^Euro/, 'Euro is in EUR. How much in EUR? (you wrote $10.00)');
    await say(alice, '9', 'Which category?');
    await press(alice, /Salary/, 'Add a note?');
    await press(alice, 'Skip', 'Record this income?');
    await press(alice, '✅ Save', /Euro: €109\.00/);
    expect(entries(h.db.deps, f, owner)).toHaveLength(before + 1);
    expect(entries(h.db.deps, f, owner)[0]).toMatchObject({ kind: 'income', toWalletId: euro, amountMinor: 900 });
  });

  it('/transfer: sent from the EUR wallet the amount is asked in EUR; the received one in USD is asked as before', async () => {
    const { h, alice, f, owner, euro, before } = await family();
    await say(alice, '/transfer', 'How much do you move? Amount in USD');
    await say(alice, '50', 'From which wallet?');
    await press(alice, /^Euro/, 'Euro is in EUR. How much in EUR? (you wrote $50.00)');
    expect(entries(h.db.deps, f, owner)).toHaveLength(before);
    await say(alice, '46', 'To which wallet?');
    await press(alice, /^Cash/, 'How much arrived in Cash, in USD?');
    await say(alice, '50', 'Add a note?');
    const confirm = await press(alice, 'Skip', 'Record this transfer?');
    expect(confirm.text).toContain('🔁 €46.00 → $50.00 from Euro to Cash');
    await press(alice, '✅ Save', /Cash: \$150\.00/);
    expect(entries(h.db.deps, f, owner)[0]).toMatchObject({ kind: 'transfer', fromWalletId: euro, toWalletId: f.cashId, amountMinor: 4_600, toAmountMinor: 5_000 });
  });

  it('a wallet refused at Save (archived meanwhile) and another picked in EUR: the amount is asked again, not read as euros', async () => {
    const { h, alice, f, owner, euro, before } = await family();
    await say(alice, '/expense', 'How much did you spend? Amount in USD');
    await say(alice, '10', 'From which wallet?');
    await press(alice, /^Cash/, 'Which category?');
    await press(alice, /Cafes/, 'Add a note?');
    await press(alice, 'Skip', 'Record this expense?');
    // Cash emptied into a new USD wallet and archived meanwhile.
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    createTransaction(h.db.deps, owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: bank, amountMinor: 10_000 });
    archiveWallet(h.db.deps, owner, { familyId: f.familyId, walletId: f.cashId });
    await press(alice, '✅ Save', /archived[^]*From which wallet\?/);
    await press(alice, /^Euro/, 'Euro is in EUR. How much in EUR? (you wrote $10.00)');
    expect(entries(h.db.deps, f, owner)).toHaveLength(before + 1);
    const confirm = await say(alice, '9', 'Record this expense?');
    expect(confirm.text).toContain('€9.00 from Euro');
    await press(alice, '✅ Save', /Euro: €91\.00/);
    expect(entries(h.db.deps, f, owner)[0]).toMatchObject({ kind: 'expense', fromWalletId: euro, amountMinor: 900 });
  });

  it('in Russian the question again names the wallet, its currency and what was typed', async () => {
    const { alice } = await family('ru');
    await say(alice, '/expense', 'Сколько потратили? Сумма в USD');
    await say(alice, '10', 'С какого кошелька?');
    await press(alice, /^Euro/, '«Euro» в EUR. Сколько в EUR? (вы указали');
  });
});

describe("a quick entry's card", () => {
  it('👛 Change wallet offers no wallet in another currency: the $10 is never moved into euros', async () => {
    const { h, alice, f, owner } = await family();
    const card = await say(alice, '10 coffee', /➖ \$10\.00 from Cash/);
    const open = alice.press('👛 Change wallet', { messageId: card.message_id });
    expect(await h.tg.waitForCallbackAnswer(open)).toMatchObject({ text: 'There is no other wallet in USD.', show_alert: true });
    expect(entries(h.db.deps, f, owner)[0]).toMatchObject({ amountMinor: 1_000, fromWalletId: f.cashId, currency: 'USD' });
  });
});
