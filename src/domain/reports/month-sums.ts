// The sums behind the monthly report and the trend (#16), prepared once per
// connection and read raw (rows as arrays: a few hundred groups a month).
//
// At a million transactions a month is ~28k entries of
// transactions_family_executed_cover_idx, and every entry a statement keeps
// costs SQLite ~30 VM steps (the filter, then the GROUP BY sorter), one it
// skips on its `kind` ~4. So only what needs every row reads every row: the
// month's own fine grouping (member and wallet are nowhere else). The sums by
// category and currency of expenses — the month before in the report, every
// month of the trend — come from expense_days (whole UTC days, kept exact by
// triggers, as budgetSpent reads them) plus the edges of the family's month
// inside a UTC day; incomes, a twentieth of the rows, from a scan that keeps
// only them. Nothing is added to the write path: no index, no trigger.
import type { Q } from '../deps.js';
import { splitByExpenseDays } from '../budgets/expense-days.js';
import { connectionOf, perConnection } from '../prepared.js';

/**
 * What a report counts: executed, unreversed, dated in [from, to), of the kind(s) `kind` tests. SQLite tests
 * the terms in the order written: `kind` first drops the rows of the other kind(s) at the first column read
 * (an income-only month: 2.6 ms against 4.1 ms with status tested first, 1,000,000 rows).
 */
const counted = (kind: string) => `family_id = ? AND executed_at >= ? AND executed_at < ? AND ${kind} AND status = 'executed' AND reversal_of IS NULL`;

const statements = perConnection((q) => {
  const db = connectionOf(q);
  const raw = (text: string) => db.prepare<unknown[], unknown[]>(text).raw(true);
  return {
    // Grouped ids first: the GROUP BY sorter's compare of 28k records is most of this statement's
    // time, and two of them differ sooner on category than on kind and currency, alike in most rows.
    fine: raw(
      `SELECT kind, currency, category_id, created_by, coalesce(from_wallet_id, to_wallet_id), cast(sum(amount_minor) AS text), count(*)
         FROM transactions WHERE ${counted(`kind IN ('expense', 'income')`)} GROUP BY 3, 4, 5, 1, 2`,
    ),
    byCategory: raw(`SELECT currency, category_id, cast(sum(amount_minor) AS text) FROM transactions WHERE ${counted('kind = ?')} GROUP BY 1, 2`),
    byCurrency: raw(`SELECT currency, cast(sum(amount_minor) AS text) FROM transactions WHERE ${counted('kind = ?')} GROUP BY 1`),
    // A currency given: a range of the key's (family_id, currency, day) prefix, without relying on ANALYZE's skip-scan.
    daysByCategory: raw(`SELECT nullif(category_id, 0), cast(sum(spent_minor) AS text) FROM expense_days WHERE family_id = ? AND currency = ? AND day >= ? AND day < ? GROUP BY 1`),
    daysByCurrency: raw(`SELECT cast(sum(spent_minor) AS text) FROM expense_days WHERE family_id = ? AND currency = ? AND day >= ? AND day < ?`),
  };
});

export type FineRow = { kind: string; currency: string; categoryId: number | null; userId: number; walletId: number; total: bigint; count: number };

/** Executed, unreversed expenses and incomes of a family in [from, to), by kind, currency, category, member and wallet. */
export function fineRows(q: Q, familyId: number, from: number, to: number): FineRow[] {
  return statements(q)
    .fine.all(familyId, from, to)
    .map((v) => ({
      kind: v[0] as string,
      currency: v[1] as string,
      categoryId: v[2] as number | null,
      userId: v[3] as number,
      walletId: v[4] as number,
      total: BigInt(v[5] as string),
      count: v[6] as number,
    }));
}

const add = <K>(m: Map<K, bigint>, k: K, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);

/** A month's expense (or income) totals by currency (of `currencies`) and category (null: none). */
export function totalsByCategory(
  q: Q,
  familyId: number,
  kind: 'expense' | 'income',
  currencies: readonly string[],
  from: number,
  to: number,
): Map<string, Map<number | null, bigint>> {
  const s = statements(q);
  const out = new Map(currencies.map((c) => [c, new Map<number | null, bigint>()]));
  const rows = (a: number, z: number) => {
    for (const v of s.byCategory.all(familyId, a, z, kind)) {
      const m = out.get(v[0] as string);
      if (m !== undefined) add(m, v[1] as number | null, BigInt(v[2] as string));
    }
  };
  if (kind !== 'expense') rows(from, to);
  else {
    splitByExpenseDays(from, to, rows, (fromDay, toDay) => {
      for (const [currency, m] of out) for (const v of s.daysByCategory.all(familyId, currency, fromDay, toDay)) add(m, v[0] as number | null, BigInt(v[1] as string));
    });
  }
  return out;
}

/** A month's expense (or income) totals by currency. */
export function totalsByCurrency(q: Q, familyId: number, kind: 'expense' | 'income', currencies: readonly string[], from: number, to: number): Map<string, bigint> {
  const s = statements(q);
  const out = new Map<string, bigint>();
  const rows = (a: number, z: number) => {
    for (const v of s.byCurrency.all(familyId, a, z, kind)) add(out, v[0] as string, BigInt(v[1] as string));
  };
  if (kind !== 'expense') rows(from, to);
  else {
    splitByExpenseDays(from, to, rows, (fromDay, toDay) => {
      for (const currency of currencies) {
        const v = s.daysByCurrency.get(familyId, currency, fromDay, toDay);
        if (v !== undefined && v[0] !== null) add(out, currency, BigInt(v[0] as string));
      }
    });
  }
  return out;
}
