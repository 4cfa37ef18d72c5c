// The approval limit a family starts with is worth about US$500 in any currency
// (a round 1–2–5 amount), not 500 units of it: a won family's child buying a
// ₩30,000 lunch does not wait for a parent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransaction,
  createWallet,
  currencyExponent,
  defaultApprovalThresholdMinor,
  isCurrencyCode,
  listThresholds,
  MAX_AMOUNT_MINOR,
  setApprovalThreshold,
  updateFamilySettings,
  type CoreDeps,
} from '../../src/domain/index.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
let deps: CoreDeps;
beforeAll(() => {
  t = createTestDb();
  deps = t.deps;
});
afterAll(() => t.cleanup());

function memberSpends(f: ReturnType<typeof makeFamily>, amountMinor: number, walletId = f.cashId): string {
  return createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: walletId, amountMinor, categoryId: f.expenseCategoryId }).transaction.status;
}

describe('the default approval limit of a new family', () => {
  it('a KRW family: a member\u2019s ₩30,000 expense executes at once, a ₩1,000,000 one waits', () => {
    const f = makeFamily(deps, 'KRW');
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual([{ currency: 'KRW', amountMinor: 500_000 }]);
    fund(deps, f, f.cashId, 5_000_000);
    expect(memberSpends(f, 30_000)).toBe('executed');
    expect(memberSpends(f, 1_000_000)).toBe('pending_approval');
  });

  it('a JPY family: ¥5,000 executes, ¥150,000 waits (limit ¥100,000)', () => {
    const f = makeFamily(deps, 'JPY');
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual([{ currency: 'JPY', amountMinor: 100_000 }]);
    fund(deps, f, f.cashId, 1_000_000);
    expect(memberSpends(f, 5_000)).toBe('executed');
    expect(memberSpends(f, 150_000)).toBe('pending_approval');
  });

  it('a USD family keeps $500: $500.00 executes, $500.01 waits', () => {
    const f = makeFamily(deps, 'USD');
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual([{ currency: 'USD', amountMinor: 50_000 }]);
    fund(deps, f, f.cashId, 200_000);
    expect(memberSpends(f, 50_000)).toBe('executed');
    expect(memberSpends(f, 50_001)).toBe('pending_approval');
  });

  it.each([
    ['USD', 50_000],
    ['EUR', 50_000],
    ['GBP', 50_000],
    ['JPY', 100_000],
    ['KRW', 500_000],
    ['RUB', 50_000_00],
    ['INR', 50_000_00],
    ['UAH', 20_000_00],
    ['KZT', 200_000_00],
    ['HUF', 200_000_00],
    ['IDR', 10_000_000_00],
    ['VND', 10_000_000],
    ['CLP', 500_000],
    ['BHD', 200_000],
    ['KWD', 200_000],
  ])('%s starts at %i minor units', (currency, minor) => {
    expect(defaultApprovalThresholdMinor(currency)).toBe(minor);
  });

  it('a currency the table does not know keeps 500 of its major units', () => {
    // Valid ISO codes with no approximate rate in the table, with 2, 0 and 4 decimals.
    expect(defaultApprovalThresholdMinor('BOB')).toBe(500_00);
    expect(defaultApprovalThresholdMinor('RWF')).toBe(500);
    expect(defaultApprovalThresholdMinor('CLF')).toBe(500_0000);
    const f = makeFamily(deps, 'BOB');
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual([{ currency: 'BOB', amountMinor: 500_00 }]);
  });

  it('every default is a whole 1, 2 or 5 × 10ⁿ major units, in range, for every currency there is', () => {
    for (const currency of Intl.supportedValuesOf('currency').filter(isCurrencyCode)) {
      const minor = defaultApprovalThresholdMinor(currency);
      const scale = 10 ** currencyExponent(currency);
      expect(Number.isSafeInteger(minor) && minor > 0 && minor <= MAX_AMOUNT_MINOR, currency).toBe(true);
      expect(minor % scale, currency).toBe(0);
      expect(String(minor / scale), currency).toMatch(/^[125]0*$/);
    }
  });
});

describe('a change of base currency', () => {
  it('to KRW gives KRW its default; USD keeps its own, and a limit already set for KRW is kept', () => {
    const f = makeFamily(deps, 'USD');
    updateFamilySettings(deps, f.owner, { familyId: f.familyId, baseCurrency: 'KRW' });
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual(
      expect.arrayContaining([
        { currency: 'USD', amountMinor: 50_000 },
        { currency: 'KRW', amountMinor: 500_000 },
      ]),
    );
    const won = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Won', type: 'cash', currency: 'KRW' }).id;
    fund(deps, f, won, 5_000_000);
    expect(memberSpends(f, 30_000, won)).toBe('executed');

    const g = makeFamily(deps, 'USD');
    setApprovalThreshold(deps, g.owner, { familyId: g.familyId, currency: 'KRW', amountMinor: 70_000 });
    updateFamilySettings(deps, g.owner, { familyId: g.familyId, baseCurrency: 'KRW' });
    expect(listThresholds(deps, g.owner, g.familyId)).toContainEqual({ currency: 'KRW', amountMinor: 70_000 });
  });
});
