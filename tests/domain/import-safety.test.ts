// A bank statement's amount means what the bank wrote (parentheses and a
// trailing minus are spending, a currency mark must be the wallet's, other
// letters are refused), and a family importing its own export records nothing
// twice.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { adjustWalletBalance, createTransaction, reverseTransaction } from '../../src/domain/index.js';
import { commitImport, exportTransactionsCsv, previewImport } from '../../src/domain/exports/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { numbers } from '../support/numbers.js';

describe('import safety', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let card: number;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    card = addWallet(t.deps, f);
    fund(t.deps, f, card, 500_00);
  });
  afterEach(() => t.cleanup());

  const bank = (amount: string) =>
    previewImport(t.deps, f.owner, { familyId: f.familyId, csv: `Date;Amount;Note\n03.11.2026;${amount};Bakery\n`, mapping: { date: 'Date', amount: 'Amount', description: 'Note', dateFormat: 'DD.MM.YYYY', walletId: card } });

  it('a bank amount in parentheses or with a trailing minus is spending, never income', () => {
    for (const amount of ['(12,50)', '12,50-', '"($12.50)"', '-12,50', '−12,50', '-$12.50', '$-12.50', '- 12,50 $', '-12.50 USD'])
      expect({ amount, totals: numbers(bank(amount).totals) }).toEqual({ amount, totals: [expect.objectContaining({ currency: 'USD', incomeMinor: 0, expenseMinor: 12_50 })] });
    for (const amount of ['12,50', '+12,50', '12.50USD', '"1 234,50 $"']) expect(numbers(bank(amount).totals[0])).toMatchObject({ expenseMinor: 0 });
    expect(numbers(bank('"1 234,50 $"').totals[0])).toMatchObject({ incomeMinor: 1234_50 });
  });

  it('another currency, or letters the reader does not know, are refused with the line, nothing recorded', () => {
    expect(bank('-12.50 EUR').errors).toEqual([expect.objectContaining({ line: 2, reason: 'currency_mismatch', values: expect.objectContaining({ walletCurrency: 'USD', rowCurrency: 'EUR' }) })]);
    expect(bank('"12,50 €"').errors).toEqual([expect.objectContaining({ line: 2, reason: 'currency_mismatch' })]);
    expect(bank('12,50 DR').errors).toEqual([expect.objectContaining({ line: 2, reason: 'not_a_number' })]);
    expect(bank('-(12,50)').errors).toEqual([expect.objectContaining({ line: 2, reason: 'not_a_number' })]);
    expect(t.deps.db.select().from(transactions).where(eq(transactions.fromWalletId, card)).all()).toHaveLength(0);
  });

  it('a sign several currencies share is the wallet\'s when it is one of them ("$" in a CAD wallet); a code is exact', () => {
    const cad = addWallet(t.deps, f, 'CAD');
    fund(t.deps, f, cad, 500_00);
    const inCad = (amount: string) =>
      previewImport(t.deps, f.owner, { familyId: f.familyId, csv: `Date;Amount;Note\n03.11.2026;${amount};Bakery\n`, mapping: { date: 'Date', amount: 'Amount', description: 'Note', dateFormat: 'DD.MM.YYYY', walletId: cad } });
    expect(numbers(inCad('-$12.50').totals)).toEqual([expect.objectContaining({ currency: 'CAD', expenseMinor: 12_50 })]);
    expect(inCad('-12.50 USD').errors).toEqual([expect.objectContaining({ reason: 'currency_mismatch', values: expect.objectContaining({ walletCurrency: 'CAD', rowCurrency: 'USD' }) })]);
  });

  it('a family importing its own export records nothing twice', () => {
    t.clock.advance(3600_000);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: 12_34, description: 'Lunch' });
    const wrong = createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: 2_00 }).transaction;
    reverseTransaction(t.deps, f.owner, { transactionId: wrong.id, reason: 'twice' });
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: card, toWalletId: f.cashId, amountMinor: 50_00 });
    adjustWalletBalance(t.deps, f.owner, { familyId: f.familyId, walletId: card, balanceMinor: 400_00, note: 'Counted' });
    const csv = [...exportTransactionsCsv(t.deps, f.owner, { familyId: f.familyId })].join('');
    const before = [balanceOf(t.deps, card), balanceOf(t.deps, f.cashId)];
    const count = () => t.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all().length;
    const rows = count();

    expect(previewImport(t.deps, f.owner, { familyId: f.familyId, csv })).toMatchObject({ rows, toRecord: 0, duplicates: rows, errors: [] });
    expect(commitImport(t.deps, f.owner, { familyId: f.familyId, csv })).toMatchObject({ toRecord: 0, duplicates: rows });
    expect([balanceOf(t.deps, card), balanceOf(t.deps, f.cashId)]).toEqual(before);
    expect(count()).toBe(rows);

    // A row added after the export is still new in a later export; the rest stay duplicates.
    t.clock.advance(3600_000);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: 1_00 });
    const later = [...exportTransactionsCsv(t.deps, f.owner, { familyId: f.familyId })].join('');
    expect(previewImport(t.deps, f.owner, { familyId: f.familyId, csv: later })).toMatchObject({ toRecord: 0, duplicates: rows + 1 });
  });
});
