import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { families, transactions } from '../../src/db/schema.js';
import { correctTransaction, createTransaction, listCategories, monthlyReport as exactMonthlyReport, reverseTransaction, trendReport as exactTrendReport, type CoreDeps } from '../../src/domain/index.js';
import { numbers } from '../support/numbers.js';
import { addWallet, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

// Report sums are bigints; the small amounts here compare as numbers.
const monthlyReport = (...a: Parameters<typeof exactMonthlyReport>) => numbers(exactMonthlyReport(...a));
const trendReport = (...a: Parameters<typeof exactTrendReport>) => numbers(exactTrendReport(...a));

const TZ = 'Europe/Berlin';
const localMonth = (at: number, timeZone = TZ) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(at)).slice(0, 7);

function berlinFamily(deps: CoreDeps, timezone = TZ): FamilyFixture {
  const f = makeFamily(deps);
  deps.db.update(families).set({ timezone }).where(eq(families.id, f.familyId)).run();
  return f;
}

type Expected = {
  income: number;
  expense: number;
  byCategory: Map<number | null, number>;
  byIncomeCategory: Map<number | null, number>;
  byMember: Map<number, number>;
  byWallet: Map<number, number>;
};

/** Brute force: every executed, unreversed expense/income read back and bucketed by its local month (Intl, not our bounds). */
function bruteForce(deps: CoreDeps, familyId: number, month: string, timeZone = TZ) {
  const out = new Map<string, Expected>();
  for (const t of deps.db.select().from(transactions).where(eq(transactions.familyId, familyId)).all()) {
    if (t.status !== 'executed' || t.reversalOf !== null || (t.kind !== 'expense' && t.kind !== 'income')) continue;
    if (localMonth(t.executedAt!, timeZone) !== month) continue;
    const s = out.get(t.currency) ?? { income: 0, expense: 0, byCategory: new Map(), byIncomeCategory: new Map(), byMember: new Map(), byWallet: new Map() };
    out.set(t.currency, s);
    if (t.kind === 'expense') {
      s.expense += t.amountMinor;
      s.byCategory.set(t.categoryId, (s.byCategory.get(t.categoryId) ?? 0) + t.amountMinor);
    } else {
      s.income += t.amountMinor;
      s.byIncomeCategory.set(t.categoryId, (s.byIncomeCategory.get(t.categoryId) ?? 0) + t.amountMinor);
    }
    s.byMember.set(t.createdBy, (s.byMember.get(t.createdBy) ?? 0) + 1);
    const w = (t.fromWalletId ?? t.toWalletId)!;
    s.byWallet.set(w, (s.byWallet.get(w) ?? 0) + 1);
  }
  return out;
}

describe('monthly report', () => {
  let t: TestDb;
  let f: FamilyFixture;
  beforeEach(() => {
    t = createTestDb();
    f = berlinFamily(t.deps);
  });
  afterEach(() => t.cleanup());

  const at = (iso: string) => t.clock.set(Date.parse(iso));
  const spend = (amountMinor: number, categoryId = f.expenseCategoryId, by = f.owner) =>
    createTransaction(t.deps, by, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId }).transaction;
  const earn = (amountMinor: number) => createTransaction(t.deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor, categoryId: f.incomeCategoryId }).transaction;

  it('counts a transaction in the local month it happened, across a daylight-saving change', () => {
    at('2026-03-01T00:00:00Z'); // 01:00 in Berlin: March
    earn(1000_00);
    at('2026-03-31T21:59:59Z'); // 23:59:59 CEST (DST began on 29 March): still March
    spend(10_00);
    at('2026-03-31T22:00:00Z'); // 00:00 CEST on 1 April
    spend(20_00);
    at('2026-02-28T22:59:59Z'); // 23:59:59 CET, 28 February
    spend(5_00);
    const march = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-03' });
    expect(march.currencies[0]).toMatchObject({ currency: 'USD', incomeMinor: 1000_00, expenseMinor: 10_00, previousExpenseMinor: 5_00 });
    expect(march).toMatchObject({ month: '2026-03', previousMonth: '2026-02', nextMonth: '2026-04', timezone: TZ });
    expect(march.to - march.from).toBe((31 * 24 - 1) * 3600_000); // one hour shorter
    const april = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-04' });
    expect(april.currencies[0]).toMatchObject({ expenseMinor: 20_00, incomeMinor: 0 });
  });

  it('a month across the year boundary: December and January are told apart in local time', () => {
    at('2026-12-31T22:30:00Z'); // 23:30 CET on 31 December
    earn(100_00);
    spend(7_00);
    at('2026-12-31T23:30:00Z'); // 00:30 on 1 January 2027
    spend(9_00);
    expect(monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-12' }).currencies[0]?.expenseMinor).toBe(7_00);
    const jan = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2027-01' });
    expect(jan.currencies[0]).toMatchObject({ expenseMinor: 9_00, previousExpenseMinor: 7_00 });
    expect(jan.previousMonth).toBe('2026-12');
  });

  it('the trend and the month before count the hours of a local month that fall outside its whole UTC days', () => {
    // Berlin's March runs from 28 Feb 23:00 UTC to 31 Mar 22:00 UTC: whole UTC days 1–30 March and two edges.
    at('2026-02-28T22:30:00Z'); // 23:30 on 28 February: February's last UTC day
    earn(1000_00);
    spend(3_00);
    at('2026-02-28T23:30:00Z'); // 00:30 on 1 March, still 28 February in UTC
    spend(5_00);
    at('2026-03-15T12:00:00Z');
    spend(7_00);
    at('2026-03-31T21:30:00Z'); // 23:30 CEST on 31 March
    spend(11_00);
    expect(trendReport(t.deps, f.owner, { familyId: f.familyId, months: 2, until: '2026-03' }).currencies[0]?.points).toEqual([
      { month: '2026-02', incomeMinor: 1000_00, expenseMinor: 3_00 },
      { month: '2026-03', incomeMinor: 0, expenseMinor: 23_00 },
    ]);
    const april = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-04' }).currencies;
    expect(april).toEqual([]);
    const march = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-03' }).currencies[0]!;
    expect(march).toMatchObject({ expenseMinor: 23_00, previousExpenseMinor: 3_00, previousIncomeMinor: 1000_00 });
    expect(march.expensesByCategory.map((c) => c.previousMinor)).toEqual([3_00]);
  });

  it('sorts categories by amount with shares and the change against the month before', () => {
    const cats = listCategories(t.deps, f.owner, f.familyId, { kind: 'expense' });
    const [a, b] = [cats[0]!.id, cats[1]!.id];
    at('2026-10-10T12:00:00Z');
    earn(1000_00);
    spend(40_00, a);
    at('2026-11-10T12:00:00Z');
    spend(30_00, a);
    spend(50_00, b);
    spend(20_00, b, f.members.admin);
    const r = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-11' }).currencies[0]!;
    expect(r.expensesByCategory.map((c) => [c.categoryId, c.totalMinor, c.sharePercent, c.previousMinor, c.changePercent])).toEqual([
      [b, 70_00, 70, 0, null],
      [a, 30_00, 30, 40_00, -25],
    ]);
    expect(r.expensesByCategory[0]?.name).toBe(cats[1]!.name);
    expect(r.byMember.map((m) => [m.userId, m.expenseMinor, m.count])).toEqual([
      [f.owner, 80_00, 2],
      [f.members.admin, 20_00, 1],
    ]);
    expect(r.byWallet).toEqual([{ walletId: f.cashId, name: expect.any(String), nameKey: 'default-wallet-cash', expenseMinor: 100_00, incomeMinor: 0, count: 3 }]);
  });

  it('opening balances, corrections and transfers are neither income nor spending; reversals cancel out', () => {
    at('2026-11-05T12:00:00Z');
    const savings = addWallet(t.deps, f);
    earn(100_00);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: savings, amountMinor: 30_00 });
    const wrong = spend(15_00);
    reverseTransaction(t.deps, f.owner, { transactionId: wrong.id, reason: 'typo' });
    // Opening balances and adjustments have their own kinds; written directly here so this test does not depend on how they are created.
    for (const kind of ['opening_balance', 'adjustment'] as const) {
      t.deps.db
        .insert(transactions)
        .values({ familyId: f.familyId, kind, toWalletId: f.cashId, amountMinor: 500_00, currency: 'USD', status: 'executed', createdBy: f.owner, executedAt: t.clock(), createdAt: t.clock(), updatedAt: t.clock() })
        .run();
    }
    const r = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-11' });
    expect(r.currencies).toHaveLength(1);
    expect(r.currencies[0]).toMatchObject({ incomeMinor: 100_00, expenseMinor: 0, netMinor: 100_00 });
    expect(trendReport(t.deps, f.owner, { familyId: f.familyId, months: 2, until: '2026-11' }).currencies[0]?.points).toEqual([
      { month: '2026-10', incomeMinor: 0, expenseMinor: 0 },
      { month: '2026-11', incomeMinor: 100_00, expenseMinor: 0 },
    ]);
  });

  it('a correction made the next month keeps the entry in its own month (report and the budgets’ daily totals)', () => {
    at('2026-03-01T08:00:00Z');
    earn(1000_00);
    at('2026-03-31T21:30:00Z'); // 23:30 CEST on 31 March
    const late = spend(40_00);
    at('2026-04-01T08:00:00Z'); // the next morning: a new note, then a larger amount
    const noted = correctTransaction(t.deps, f.owner, { transactionId: late.id, description: 'dinner out' }).corrected;
    const grown = correctTransaction(t.deps, f.owner, { transactionId: noted.id, amountMinor: 55_00 }).corrected;
    expect(noted.executedAt).toBe(late.executedAt);
    expect(grown.executedAt).toBe(late.executedAt);
    const expenseIn = (month: string) => monthlyReport(t.deps, f.owner, { familyId: f.familyId, month }).currencies.find((c) => c.currency === 'USD')?.expenseMinor ?? 0;
    expect(expenseIn('2026-03')).toBe(55_00);
    expect(expenseIn('2026-04')).toBe(0);
    // The budgets' daily totals (kept by the database's triggers) agree.
    const days = t.conn.sqlite.prepare('SELECT day, spent_minor AS spent FROM expense_days WHERE family_id = ? AND spent_minor <> 0').all(f.familyId);
    expect(days).toEqual([{ day: Math.floor(late.executedAt! / 86_400_000), spent: 55_00 }]);
  });

  it('refuses people outside the family and malformed months', () => {
    expect(() => monthlyReport(t.deps, f.outsider, { familyId: f.familyId })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: '2026-13' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => trendReport(t.deps, f.owner, { familyId: f.familyId, months: 0 })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(monthlyReport(t.deps, f.members.viewer, { familyId: f.familyId }).month).toBe('2026-11');
  });
});

describe('reports equal a brute-force sum (property)', () => {
  // Instants near the local month boundaries of Feb–May 2026 in Berlin (DST starts 29 March) and anywhere in between;
  // within 15 hours of them for the other zones' boundaries and the UTC days (expense_days) around them.
  const boundaries = ['2026-02-01T00:00:00+01:00', '2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00', '2026-05-01T00:00:00+02:00'].map(Date.parse);
  const instant = fc.oneof(
    fc.tuple(fc.constantFrom(...boundaries), fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 })).map(([b, d]) => b + d),
    fc.tuple(fc.constantFrom(...boundaries), fc.integer({ min: -15 * 3600_000, max: 15 * 3600_000 })).map(([b, d]) => b + d),
    fc.integer({ min: boundaries[0]!, max: boundaries[3]! }),
  );
  const op = fc.record({
    at: instant,
    kind: fc.constantFrom('expense', 'income', 'transfer'),
    amount: fc.integer({ min: 1, max: 100_000 }),
    wallet: fc.integer({ min: 0, max: 2 }),
    // -1: an expense without a category.
    category: fc.integer({ min: -1, max: 3 }),
    // A member's entry over the family's threshold waits for approval: not counted.
    by: fc.constantFrom('owner', 'admin', 'member'),
    reverse: fc.boolean(),
  });
  const zones = ['Europe/Berlin', 'UTC', 'Asia/Kathmandu', 'America/Santiago'];

  it('for every month and the month before, currency, category, member and wallet, in several time zones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(op, { minLength: 1, maxLength: 40 }), (zone, ops) => {
        const t = createTestDb();
        try {
          const f = berlinFamily(t.deps, zone);
          const wallets = [f.cashId, addWallet(t.deps, f, 'USD', true), addWallet(t.deps, f, 'EUR', true)];
          const exp = listCategories(t.deps, f.owner, f.familyId, { kind: 'expense' }).map((c) => c.id);
          const inc = listCategories(t.deps, f.owner, f.familyId, { kind: 'income' }).map((c) => c.id);
          for (const o of [...ops].sort((a, b) => a.at - b.at)) {
            t.clock.set(o.at);
            const w = wallets[o.wallet]!;
            const by = o.by === 'owner' ? f.owner : f.members[o.by];
            const input =
              o.kind === 'expense'
                ? { fromWalletId: w, categoryId: o.category < 0 ? null : exp[o.category % exp.length]! }
                : o.kind === 'income'
                  ? { toWalletId: w, categoryId: inc[Math.max(0, o.category) % inc.length]! }
                  : { fromWalletId: wallets[1]!, toWalletId: f.cashId };
            try {
              const tx = createTransaction(t.deps, by, { familyId: f.familyId, amountMinor: o.amount, ...input }).transaction;
              if (o.reverse && tx.status === 'executed') reverseTransaction(t.deps, f.owner, { transactionId: tx.id, reason: 'x' });
            } catch (e) {
              // Cash may not go negative: such an expense is refused and recorded nowhere.
              if ((e as { code?: string }).code !== 'insufficient_funds') throw e;
            }
          }
          const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
          const trend = trendReport(t.deps, f.owner, { familyId: f.familyId, months: 5, until: '2026-05' });
          for (const [i, month] of months.entries()) {
            const expected = bruteForce(t.deps, f.familyId, month, zone);
            const before = bruteForce(t.deps, f.familyId, i === 0 ? '2025-12' : months[i - 1]!, zone);
            const report = monthlyReport(t.deps, f.owner, { familyId: f.familyId, month });
            expect(report.currencies.map((c) => c.currency)).toEqual([...expected.keys()].sort());
            for (const c of report.currencies) {
              const e = expected.get(c.currency)!;
              const b = before.get(c.currency);
              expect([c.incomeMinor, c.expenseMinor]).toEqual([e.income, e.expense]);
              expect([c.previousIncomeMinor, c.previousExpenseMinor]).toEqual([b?.income ?? 0, b?.expense ?? 0]);
              expect(new Map(c.expensesByCategory.map((x) => [x.categoryId, x.totalMinor]))).toEqual(e.byCategory);
              expect(new Map(c.incomesByCategory.map((x) => [x.categoryId, x.totalMinor]))).toEqual(e.byIncomeCategory);
              expect(c.expensesByCategory.map((x) => x.previousMinor)).toEqual(c.expensesByCategory.map((x) => b?.byCategory.get(x.categoryId) ?? 0));
              expect(c.incomesByCategory.map((x) => x.previousMinor)).toEqual(c.incomesByCategory.map((x) => b?.byIncomeCategory.get(x.categoryId) ?? 0));
              expect(new Map(c.byMember.map((x) => [x.userId, x.count]))).toEqual(e.byMember);
              expect(new Map(c.byWallet.map((x) => [x.walletId, x.count]))).toEqual(e.byWallet);
              const sorted = c.expensesByCategory.map((x) => x.totalMinor);
              expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
            }
            for (const c of trend.currencies) {
              const e = expected.get(c.currency);
              expect(c.points[i]).toEqual({ month, incomeMinor: e?.income ?? 0, expenseMinor: e?.expense ?? 0 });
            }
          }
        } finally {
          t.cleanup();
        }
      }),
      { numRuns: 25 },
    );
  });
});
