// "CSV export → import round-trips to the same books": a family with opening
// balances in currencies of every precision (USD 2, JPY 0, BHD 3), a card's
// debt, expenses, incomes, transfers (cross-currency too), a reversal and
// balance corrections is exported and imported into a fresh family whose
// wallets have the same names and nothing in them. Every balance and every
// report total comes out the same; balance entries stay balance entries; the
// same file imported again records nothing.
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions, wallets } from '../../src/db/schema.js';
import {
  adjustWalletBalance,
  createTransaction,
  createWallet,
  monthlyReport,
  reverseTransaction,
  summarize,
  type CoreDeps,
  type WalletType,
} from '../../src/domain/index.js';
import { commitImport, exportTransactionsCsv, previewImport } from '../../src/domain/exports/index.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { numbers } from '../support/numbers.js';

const DAY = 24 * 3600_000;
const exportCsv = (deps: CoreDeps, actor: number, familyId: number) => [...exportTransactionsCsv(deps, actor, { familyId })].join('');

type WalletSpec = { name: string; type: WalletType; currency: string; creditLimitMinor?: number };
const WALLETS: WalletSpec[] = [
  { name: 'Bank', type: 'bank', currency: 'USD' },
  { name: 'Yen', type: 'cash', currency: 'JPY' },
  { name: 'Dinar', type: 'bank', currency: 'BHD' },
  { name: 'Card', type: 'card', currency: 'USD', creditLimitMinor: 1000_00 },
];

/** The same wallets by name, empty (a card keeps its credit limit, so its debt fits). */
function emptyWallets(deps: CoreDeps, f: FamilyFixture, specs: WalletSpec[]): Record<string, number> {
  const ids: Record<string, number> = {};
  for (const w of specs) ids[w.name] = createWallet(deps, f.owner, { familyId: f.familyId, ...w }).id;
  return ids;
}

/** Every wallet of the family: name → [currency, balance]. */
function balances(deps: CoreDeps, familyId: number): Record<string, [string, number]> {
  const rows = deps.db.select().from(wallets).where(eq(wallets.familyId, familyId)).all();
  return Object.fromEntries(rows.map((w) => [w.name, [w.currency, w.balanceMinor]]));
}

/** What reports show, without the ids and people that differ between two families. */
function reports(deps: CoreDeps, actor: number, familyId: number, months: string[]) {
  const all = summarize(deps, actor, { familyId, from: 0, to: Date.UTC(2100, 0, 1) }).currencies.map((c) => ({
    ...c,
    expenses: c.expenses.map(({ categoryId: _, ...rest }) => rest),
    incomes: c.incomes.map(({ categoryId: _, ...rest }) => rest),
  }));
  const monthly = months.map((month) =>
    monthlyReport(deps, actor, { familyId, month }).currencies.map(({ byMember: _, ...c }) => ({
      ...c,
      expensesByCategory: c.expensesByCategory.map(({ categoryId: _id, ...rest }) => rest),
      incomesByCategory: c.incomesByCategory.map(({ categoryId: _id, ...rest }) => rest),
      byWallet: c.byWallet.map(({ walletId: _id, ...rest }) => rest).sort((a, b) => a.name.localeCompare(b.name)),
    })),
  );
  return { all, monthly };
}

/** Kinds and amounts of what counts (executed, not a reversal), in order. */
const entries = (deps: CoreDeps, familyId: number) =>
  deps.db
    .select()
    .from(transactions)
    .where(eq(transactions.familyId, familyId))
    .all()
    .filter((x) => x.status === 'executed' && x.reversalOf === null)
    .map((x) => [x.kind, x.amountMinor, x.currency, x.toAmountMinor, x.toCurrency, x.executedAt, x.description])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('export → import round trip, balance entries included', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('reproduces every balance and every report total; a second import records nothing', () => {
    const f = makeFamily(t.deps);
    const w: Record<string, number> = {};
    w['Bank'] = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 1234_56 }).id;
    w['Yen'] = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Yen', type: 'cash', currency: 'JPY', openingBalanceMinor: 50_000 }).id;
    w['Dinar'] = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Dinar', type: 'bank', currency: 'BHD', openingBalanceMinor: 12_345 }).id;
    w['Card'] = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD', creditLimitMinor: 1000_00, openingBalanceMinor: -250_00 }).id;
    const entry = (input: Parameters<typeof createTransaction>[2]) => {
      t.clock.advance(3 * 3600_000);
      return createTransaction(t.deps, f.owner, input).transaction;
    };
    entry({ familyId: f.familyId, fromWalletId: w['Bank'], amountMinor: 45_67, categoryId: f.expenseCategoryId, description: 'Groceries, "weekly"' });
    entry({ familyId: f.familyId, toWalletId: w['Yen'], amountMinor: 10_000, categoryId: f.incomeCategoryId, description: 'Gift' });
    entry({ familyId: f.familyId, fromWalletId: w['Bank'], toWalletId: w['Card'], amountMinor: 100_00, description: 'Pay the card' });
    entry({ familyId: f.familyId, fromWalletId: w['Bank'], toWalletId: w['Yen'], amountMinor: 50_00, toAmountMinor: 7_450 });
    entry({ familyId: f.familyId, fromWalletId: w['Dinar'], toWalletId: w['Bank'], amountMinor: 1_000, toAmountMinor: 2_65 });
    entry({ familyId: f.familyId, fromWalletId: w['Dinar'], amountMinor: 250, categoryId: f.expenseCategoryId });
    const wrong = entry({ familyId: f.familyId, fromWalletId: w['Yen'], amountMinor: 3_000, categoryId: f.expenseCategoryId, description: 'Typo' });
    reverseTransaction(t.deps, f.owner, { transactionId: wrong.id, reason: 'typo' });
    // Spent from an income that was later reversed: the expense only fits if the import replays the reversal in its place.
    const misplaced = entry({ familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100_00, categoryId: f.incomeCategoryId });
    entry({ familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 80_00, categoryId: f.expenseCategoryId, description: 'Shoes' });
    entry({ familyId: f.familyId, toWalletId: f.cashId, amountMinor: 200_00, categoryId: f.incomeCategoryId, description: 'Salary' });
    reverseTransaction(t.deps, f.owner, { transactionId: misplaced.id, reason: 'entered twice' });
    // A request still waiting moved no money: skipped.
    expect(createTransaction(t.deps, f.members.member, { familyId: f.familyId, fromWalletId: w['Bank'], amountMinor: 600_00 }).transaction.status).toBe('pending_approval');
    // Into the next month: the monthly reports of both months must agree too.
    t.clock.advance(10 * DAY);
    adjustWalletBalance(t.deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 77_77, note: 'Counted the cash' });
    adjustWalletBalance(t.deps, f.owner, { familyId: f.familyId, walletId: w['Bank'], balanceMinor: 1000_00 });
    entry({ familyId: f.familyId, fromWalletId: w['Card'], amountMinor: 19_99, categoryId: f.expenseCategoryId });
    const csv = exportCsv(t.deps, f.owner, f.familyId);

    const g = makeFamily(t.deps);
    emptyWallets(t.deps, g, WALLETS);
    const before = balances(t.deps, g.familyId);
    expect(Object.values(before).every(([, b]) => b === 0)).toBe(true);

    const preview = previewImport(t.deps, g.owner, { familyId: g.familyId, csv });
    // 4 opening balances, 2 adjustments, 11 entries and 2 reversals recorded; the waiting request skipped.
    expect(preview).toMatchObject({ format: 'export', rows: 20, toRecord: 19, balanceEntries: 6, duplicates: 0, skipped: 1, errors: [] });
    expect(numbers(preview.totals)).toEqual([
      { currency: 'BHD', incomeMinor: 0, expenseMinor: 250, transferMinor: 1_000, balanceEntries: 1, balanceMinor: 12_345 },
      { currency: 'JPY', incomeMinor: 10_000, expenseMinor: 0, transferMinor: 0, balanceEntries: 1, balanceMinor: 50_000 },
      // Totals are net of reversals. Bank: +1234.56 opening, adjusted down to 1000.00 (1234.56 − 45.67 − 100 − 50 + 2.65 = 1041.54 → −41.54);
      // Card −250; Cash held 100 − 80 + 200 − 100 = 120.00, adjusted to 77.77.
      { currency: 'USD', incomeMinor: 200_00, expenseMinor: 45_67 + 80_00 + 19_99, transferMinor: 100_00 + 50_00, balanceEntries: 4, balanceMinor: 1234_56 - 41_54 - 250_00 - (120_00 - 77_77) },
    ]);
    expect(balances(t.deps, g.familyId)).toEqual(before); // a preview records nothing

    expect(commitImport(t.deps, g.owner, { familyId: g.familyId, csv })).toMatchObject({ toRecord: 19, balanceEntries: 6, errors: [] });
    expect(balances(t.deps, g.familyId)).toEqual(balances(t.deps, f.familyId));
    expect(balances(t.deps, g.familyId)).toMatchObject({ Bank: ['USD', 1000_00], Card: ['USD', -250_00 + 100_00 - 19_99], Cash: ['USD', 77_77] });
    expect(entries(t.deps, g.familyId)).toEqual(entries(t.deps, f.familyId));
    const months = ['2026-11', '2026-12'];
    expect(reports(t.deps, g.owner, g.familyId, months)).toEqual(reports(t.deps, f.owner, f.familyId, months));
    // Balance entries kept their kinds: reports and budgets never see them as money in or out.
    const kinds = t.deps.db.select({ kind: transactions.kind }).from(transactions).where(eq(transactions.familyId, g.familyId)).all().map((r) => r.kind);
    expect(kinds.filter((k) => k === 'opening_balance')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'adjustment')).toHaveLength(2);

    const again = commitImport(t.deps, g.owner, { familyId: g.familyId, csv });
    expect(again).toMatchObject({ toRecord: 0, balanceEntries: 0, duplicates: 19, errors: [] });
    expect(balances(t.deps, g.familyId)).toEqual(balances(t.deps, f.familyId));
    // The imported family's own export is the same file in what counts: importing it there again records nothing.
    expect(previewImport(t.deps, g.owner, { familyId: g.familyId, csv: exportCsv(t.deps, g.owner, g.familyId) })).toMatchObject({ toRecord: 0, duplicates: 19 });
  });

  it('a wallet that already has an opening balance refuses an imported one, with its line; nothing is half-imported', () => {
    const f = makeFamily(t.deps);
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 300_00 });
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Yen', type: 'cash', currency: 'JPY', openingBalanceMinor: 9_000 });
    const csv = exportCsv(t.deps, f.owner, f.familyId);

    const g = makeFamily(t.deps);
    createWallet(t.deps, g.owner, { familyId: g.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 5_00 });
    createWallet(t.deps, g.owner, { familyId: g.familyId, name: 'Yen', type: 'cash', currency: 'JPY' });
    const before = balances(t.deps, g.familyId);
    const preview = previewImport(t.deps, g.owner, { familyId: g.familyId, csv });
    expect(preview.errors).toEqual([{ line: 2, reason: 'opening_balance_exists', values: expect.objectContaining({ field: 'kind' }), message: expect.stringMatching(/"Bank" already has an opening balance/) }]);
    expect(() => commitImport(t.deps, g.owner, { familyId: g.familyId, csv })).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'import_has_errors' }) }));
    expect(balances(t.deps, g.familyId)).toEqual(before); // the Yen row, good on its own, was not recorded either
  });

  it('checks each balance row: one wallet, no category, the wallet’s currency and floor; only owners and admins import', () => {
    const f = makeFamily(t.deps);
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD' });
    const header = 'id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by';
    const row = (kind: string, amount: string, currency: string, from: string, to: string, category = '') => `1,2026-11-01T10:00:00+00:00,${kind},executed,${amount},${currency},${from},${to},,,${category},,Olga,,`;
    const csv = [
      header,
      row('opening_balance', '10.00', 'USD', 'Bank', 'Cash'),
      row('adjustment', '1.00', 'USD', '', 'Bank', 'Groceries'),
      row('opening_balance', '1000', 'JPY', '', 'Bank'),
      row('adjustment', '5.00', 'USD', 'Cash', ''), // Cash holds nothing and may not go below zero
      row('opening_balance', '20.00', 'USD', '', 'Bank'),
      row('refund', '1.00', 'USD', '', 'Bank'),
    ].join('\r\n');
    const preview = previewImport(t.deps, f.owner, { familyId: f.familyId, csv });
    expect(preview.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 7]);
    expect(preview.errors[0]?.message).toMatch(/names one wallet/);
    expect(preview.errors[1]?.message).toMatch(/no category/);
    expect(preview.errors[2]?.message).toMatch(/in USD, the row in JPY/);
    expect(preview.errors[3]?.message).toMatch(/cannot go below zero/);
    expect(preview.errors[4]?.message).toMatch(/"refund"/);
    expect(preview.errors.map((e) => [e.reason, e.values])).toEqual([
      ['one_wallet', { field: 'to_wallet', kind: 'opening_balance' }],
      ['no_category', { field: 'category', kind: 'adjustment' }],
      ['currency_mismatch', { field: 'currency', walletCurrency: 'USD', rowCurrency: 'JPY' }],
      ['below_zero', { field: 'amount' }],
      ['unknown_kind', { field: 'kind', value: 'refund' }],
    ]);
    expect(preview).toMatchObject({ toRecord: 1, balanceEntries: 1 });

    const good = [header, row('opening_balance', '20.00', 'USD', '', 'Bank')].join('\r\n');
    for (const who of [f.members.member, f.members.viewer]) {
      expect(() => commitImport(t.deps, who, { familyId: f.familyId, csv: good })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    expect(commitImport(t.deps, f.members.admin, { familyId: f.familyId, csv: good })).toMatchObject({ toRecord: 1, balanceEntries: 1 });
    expect(balances(t.deps, f.familyId)['Bank']).toEqual(['USD', 20_00]);
  });
});

describe('round trip, as a property', () => {
  it('any opening balances, adjustments and entries in USD, JPY and BHD come back as the same balances and reports', () => {
    const t = createTestDb();
    try {
      const amount = fc.integer({ min: 1, max: 5_000_000 });
      const op = fc.oneof(
        fc.record({ t: fc.constant('expense' as const), w: fc.nat(3), amount, note: fc.string({ maxLength: 12 }) }),
        fc.record({ t: fc.constant('income' as const), w: fc.nat(3), amount, note: fc.string({ maxLength: 12 }) }),
        fc.record({ t: fc.constant('transfer' as const), w: fc.nat(3), to: fc.nat(3), amount, toAmount: amount }),
        fc.record({ t: fc.constant('adjust' as const), w: fc.nat(3), balance: fc.integer({ min: -50_000, max: 5_000_000 }) }),
        fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }),
      );
      fc.assert(
        fc.property(fc.array(fc.integer({ min: -100_000, max: 10_000_000 }), { minLength: 4, maxLength: 4 }), fc.array(op, { maxLength: 14 }), (openings, ops) => {
          const f = makeFamily(t.deps);
          const ids = WALLETS.map((w, i) => createWallet(t.deps, f.owner, { familyId: f.familyId, ...w, openingBalanceMinor: w.type === 'card' ? Math.max(openings[i]!, -1000_00) : Math.abs(openings[i]!) }).id);
          const recorded: number[] = [];
          for (const o of ops) {
            t.clock.advance(3600_000 * 7);
            // Refusals (not enough money, same wallet…) are part of the game: the books only hold what was recorded.
            try {
              if (o.t === 'expense') recorded.push(createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: ids[o.w]!, amountMinor: o.amount, categoryId: f.expenseCategoryId, description: o.note }).transaction.id);
              else if (o.t === 'income') recorded.push(createTransaction(t.deps, f.owner, { familyId: f.familyId, toWalletId: ids[o.w]!, amountMinor: o.amount, categoryId: f.incomeCategoryId, description: o.note }).transaction.id);
              else if (o.t === 'transfer') recorded.push(createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: ids[o.w]!, toWalletId: ids[o.to]!, amountMinor: o.amount, toAmountMinor: o.toAmount }).transaction.id);
              else if (o.t === 'adjust') {
                const { adjustment } = adjustWalletBalance(t.deps, f.owner, { familyId: f.familyId, walletId: ids[o.w]!, balanceMinor: o.balance });
                if (adjustment) recorded.push(adjustment.id); // a balance entry may be reversed too
              }
              else if (recorded.length > 0) reverseTransaction(t.deps, f.owner, { transactionId: recorded[o.pick % recorded.length]!, reason: 'oops' });
            } catch (e) {
              if (!(e instanceof Error && 'code' in e)) throw e;
            }
          }
          const csv = exportCsv(t.deps, f.owner, f.familyId);
          const g = makeFamily(t.deps);
          emptyWallets(t.deps, g, WALLETS);
          const done = commitImport(t.deps, g.owner, { familyId: g.familyId, csv });
          expect(done.errors).toEqual([]);
          expect(balances(t.deps, g.familyId)).toEqual(balances(t.deps, f.familyId));
          expect(entries(t.deps, g.familyId)).toEqual(entries(t.deps, f.familyId));
          const months = ['2026-11', '2026-12', '2027-01'];
          expect(reports(t.deps, g.owner, g.familyId, months)).toEqual(reports(t.deps, f.owner, f.familyId, months));
          expect(commitImport(t.deps, g.owner, { familyId: g.familyId, csv })).toMatchObject({ toRecord: 0, duplicates: done.toRecord });
        }),
        { numRuns: Number(process.env['ROUND_TRIP_RUNS'] ?? 25) },
      );
    } finally {
      t.cleanup();
    }
  });
});
