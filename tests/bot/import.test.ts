// /import as a person uses it: send a bank's CSV, map its columns with
// buttons, see the preview, record it with one tap; the same file again
// records nothing; a file with a bad row records nothing and lists the line;
// an export with opening balances and a correction shows them apart from
// income and expenses (in English and Russian) and reproduces the balances.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions, wallets } from '../../src/db/schema.js';
import { adjustWalletBalance, createTransaction, createWallet, exportTransactionsCsv, setUserLocale, type CoreDeps } from '../../src/domain/index.js';
import { createI18n } from '../../src/bot/runtime/i18n.js';
import { family, mapBankCsv, press, startHarness, type FamilySetup } from './manage/harness.js';

const BANK = ['Date;Amount;Details', '01.11.2026;1 000,00;Salary', '02.11.2026;-12,50;Bakery', '03.11.2026;-3,00;Kiosk'].join('\n');

describe('import in the bot', () => {
  it('maps a bank CSV, previews it, records it once', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const count = () => h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all().length;

    const send = () => mapBankCsv(h, tg, BANK);

    await send();
    const preview = tg.waitForMessage(/3 rows: 3 to record, 0 already recorded/);
    await press(h, tg, 'Cash (USD)');
    expect((await preview).text).toContain('USD: income $1,000.00, expenses $15.50, transfers $0.00');
    expect(count()).toBe(0);
    const done = tg.waitForMessage(/Recorded 3 transactions/);
    await press(h, tg, '✅ Record 3');
    await done;
    expect(count()).toBe(3);

    await send();
    const again = tg.waitForMessage(/Nothing new to record/);
    await press(h, tg, 'Cash (USD)');
    expect((await again).text).toContain('3 rows: 0 to record, 3 already recorded');
    expect(count()).toBe(3);
  });

  it('a file with a bad row lists its line and records nothing', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const bad = ['id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by', '1,2026-11-02T10:00:00+00:00,income,executed,50.00,USD,,Cash,,,Salary,,Olga,,', '2,2026-11-03T10:00:00+00:00,expense,executed,12.345,USD,Cash,,,,Groceries,,Olga,,'].join('\r\n');
    const answer = tg.waitForMessage(/cannot be imported/);
    tg.sendDocument({ filename: 'export.csv', content: bad, mimeType: 'text/csv' });
    const text = (await answer).text!;
    expect(text).toContain('line 3: at most 2 digits after the decimal point.');
    expect(text).toContain('Nothing was recorded');
    expect(h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all()).toHaveLength(0);
  });
});

describe('import hints in the currency\'s decimals', () => {
  it('an ambiguous "1,234" in a bank statement is answered with a decimal example of the wallet\'s currency: 1.234 for dinars, 1.23 for dollars', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    createWallet(h.db.deps, f.owner.userId, { familyId: f.familyId, name: 'Dinars', type: 'bank', currency: 'BHD' });
    const statement = ['Date;Amount;Details', '01.11.2026;-1,234;Bakery'].join('\n');
    for (const [wallet, example] of [['Dinars (BHD)', '1.234'], ['Cash (USD)', '1.23']]) {
      await mapBankCsv(h, tg, statement);
      const answer = tg.waitForMessage(/cannot be imported/);
      await press(h, tg, wallet as string);
      expect((await answer).text).toContain(`line 2: the amount could be a thousand or a decimal; write 1234 or ${example}.`);
    }
    expect(h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all()).toHaveLength(0);
  });

  it('says the same in Russian: 1,23 for two decimals, 1.234 for three (a comma before three digits stays ambiguous there)', () => {
    const i18n = createI18n('en');
    expect(i18n.t('ru', 'import-row-error', { reason: 'ambiguous', exponent: 3 })).toBe('непонятно, тысяча это или дробь; напишите 1234 или 1.234.');
    expect(i18n.t('ru', 'import-row-error', { reason: 'ambiguous', exponent: 2 })).toBe('непонятно, тысяча это или дробь; напишите 1234 или 1,23.');
  });
});

describe('an import past 2^53 minor units', () => {
  it('a won statement whose totals pass 2^53 is previewed with the exact totals and recorded', async () => {
    const h = await startHarness();
    const f = family(h, [], 'KRW');
    const tg = f.owner.tg;
    // In and out again: the wallet's balance stays a safe integer (the ledger keeps it so), the month's sums do not.
    const amounts = [...Array.from({ length: 10 }, () => ['999999999999999', '-999999999999999']).flat(), '1'];
    const rows = amounts.map((a, i) => `${String(Math.floor(i / 2) + 1).padStart(2, '0')}.11.2026;${a};Row ${i}`);
    const statement = ['Date;Amount;Details', ...rows].join('\n');
    await mapBankCsv(h, tg, statement);
    const preview = tg.waitForMessage(/21 rows: 21 to record/);
    await press(h, tg, 'Cash (KRW)');
    expect((await preview).text).toContain('KRW: income ₩9,999,999,999,999,991, expenses ₩9,999,999,999,999,990, transfers ₩0');
    const done = tg.waitForMessage(/Recorded 21 transactions/);
    await press(h, tg, '✅ Record 21');
    await done;
  });
});

describe('import of an export with balance entries', () => {
  const balances = (deps: CoreDeps, familyId: number) =>
    Object.fromEntries(deps.db.select().from(wallets).where(eq(wallets.familyId, familyId)).all().map((w) => [w.name, w.balanceMinor]));
  /** Bank and Card under the names the export uses, empty. */
  const sameWallets = (deps: CoreDeps, f: FamilySetup) => {
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD' });
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD', creditLimitMinor: 500_00 });
  };

  it('shows the balance entries in the preview and records the same balances', async () => {
    const h = await startHarness();
    const deps = h.db.deps;
    const source = family(h);
    const actor = source.owner.userId;
    const bank = createWallet(deps, actor, { familyId: source.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 1000_00 }).id;
    const card = createWallet(deps, actor, { familyId: source.familyId, name: 'Card', type: 'card', currency: 'USD', creditLimitMinor: 500_00, openingBalanceMinor: -120_00 }).id;
    h.db.clock.advance(3600_000);
    createTransaction(deps, actor, { familyId: source.familyId, fromWalletId: bank, amountMinor: 12_50, categoryId: source.category('Groceries') });
    createTransaction(deps, actor, { familyId: source.familyId, fromWalletId: bank, toWalletId: card, amountMinor: 100_00 });
    adjustWalletBalance(deps, actor, { familyId: source.familyId, walletId: source.cashId, balanceMinor: 30_00, note: 'Counted' });
    const csv = [...exportTransactionsCsv(deps, actor, { familyId: source.familyId })].join('');

    // In Russian first: the preview names the balance entries; nothing is recorded without the tap.
    const ru = family(h);
    setUserLocale(deps, ru.owner.userId, 'ru');
    sameWallets(deps, ru);
    const ruPreview = ru.owner.tg.waitForMessage(/Строк: 5/);
    ru.owner.tg.sendDocument({ filename: 'export.csv', content: csv, mimeType: 'text/csv' });
    const ruText = (await ruPreview).text!;
    expect(ruText).toContain('Будет записано: 5');
    expect(ruText).toContain('Из них записей баланса (начальные остатки и корректировки): 3');
    expect(ruText).toMatch(/USD: доходы 0,00\s\$, расходы 12,50\s\$, переводы 100,00\s\$, записи баланса 910,00\s\$/);

    const f = family(h);
    sameWallets(deps, f);
    const tg = f.owner.tg;
    const preview = tg.waitForMessage(/5 rows: 5 to record/);
    tg.sendDocument({ filename: 'export.csv', content: csv, mimeType: 'text/csv' });
    const text = (await preview).text!;
    expect(text).toContain('⚖️ 3 of them are balance entries (opening balances and corrections): they set what the wallets hold and count as neither income nor expenses.');
    // 1000.00 opening − 120.00 card debt + 30.00 counted cash = 910.00, apart from income and expenses.
    expect(text).toContain('USD: income $0.00, expenses $12.50, transfers $100.00, balance entries $910.00');
    expect(balances(deps, f.familyId)).toEqual({ Cash: 0, Bank: 0, Card: 0 });
    const done = tg.waitForMessage(/Recorded 5 transactions/);
    await press(h, tg, '✅ Record 5');
    await done;
    expect(balances(deps, f.familyId)).toEqual(balances(deps, source.familyId));
    expect(balances(deps, f.familyId)).toEqual({ Cash: 30_00, Bank: 887_50, Card: -20_00 });
    expect(balances(deps, ru.familyId)).toEqual({ Cash: 0, Bank: 0, Card: 0 });

    const again = tg.waitForMessage(/Nothing new to record/);
    tg.sendDocument({ filename: 'export.csv', content: csv, mimeType: 'text/csv' });
    expect((await again).text).toContain('5 rows: 0 to record, 5 already recorded');
    expect(balances(deps, f.familyId)).toEqual(balances(deps, source.familyId));
  });
});
