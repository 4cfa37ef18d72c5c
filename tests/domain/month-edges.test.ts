// A month is the family's: an expense at 23:30 on a month's last day counts in
// that month, one at 00:30 on the 1st in the next, in the family-wide and the
// category budgets (whole UTC days from expense_days plus the partial edge days)
// and the monthly report alike, in zones ahead of and behind UTC, with a
// quarter-hour offset, and in months a daylight-saving change begins or ends.
import { afterEach, describe, expect, it } from 'vitest';
import { createBudget, createTransaction, listBudgets, monthlyReport, updateFamilySettings } from '../../src/domain/index.js';
import { zonedMidnight } from '../../src/domain/reports/reports.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

const MINUTE = 60_000;
const label = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

describe("a month's edges in the family's time zone", () => {
  it.each([
    ['Asia/Kathmandu', 2026, 11], // +05:45
    ['America/Los_Angeles', 2026, 10], // -07:00 on 31 October, -08:00 on 1 November (DST ends that day)
    ['America/Los_Angeles', 2026, 12], // -08:00, and a new year
    ['Pacific/Auckland', 2026, 3], // +13:00 on 31 March, DST ends 5 April
    ['Pacific/Auckland', 2026, 9], // DST began 27 September: +13:00
    ['Asia/Kolkata', 2026, 2], // +05:30, a short month
    ['Europe/Moscow', 2026, 6], // +03:00
  ] as const)('%s, the end of %i-%i', (tz, y, m) => {
    t = createTestDb();
    t.clock.set(Date.UTC(y, m - 1, 10));
    const f = makeFamily(t.deps);
    updateFamilySettings(t.deps, f.owner, { familyId: f.familyId, timezone: tz });
    fund(t.deps, f, f.cashId, 1_000_000);
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_000 });
    createBudget(t.deps, f.owner, { familyId: f.familyId, amountMinor: 100_000, categoryId: f.expenseCategoryId });
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const first = zonedMidnight(ny, nm, 1, tz);
    const spend = (at: number, amountMinor: number) => {
      t!.clock.set(at);
      createTransaction(t!.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId });
    };
    spend(first - 30 * MINUTE, 111); // 23:30 on the last day
    spend(first + 30 * MINUTE, 222); // 00:30 on the 1st

    expect(listBudgets(t.deps, f.owner, f.familyId, { month: label(y, m) }).map((b) => b.spentMinor)).toEqual([111n, 111n]);
    expect(listBudgets(t.deps, f.owner, f.familyId).map((b) => [b.month, b.spentMinor])).toEqual([[label(ny, nm), 222n], [label(ny, nm), 222n]]);
    expect(monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: label(y, m) }).currencies[0]!.expenseMinor).toBe(111n);
    expect(monthlyReport(t.deps, f.owner, { familyId: f.familyId, month: label(ny, nm) }).currencies[0]!.expenseMinor).toBe(222n);
  });
});
