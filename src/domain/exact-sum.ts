// Sums of money read exactly. Each amount is at most 10^15 minor units, but a
// month, a year or a budget of a won (or dinar) family adds many: past 2^53 a
// number read from SQLite is rounded, and toDecimalString refuses it. SQLite
// sums the integers exactly (64-bit); the text of the sum becomes a bigint.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** sum(expr) as an exact bigint, 0n over no rows. */
export function exactSum(expr: SQLiteColumn | SQL): SQL<bigint> {
  return sql`cast(coalesce(sum(${expr}), 0) as text)`.mapWith((v: string | number) => BigInt(v));
}

/** Descending order of bigints, for Array.prototype.sort. */
export function byBigintDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
