// expense_days (kept by triggers, see the schema) holds each family's executed,
// unreversed expenses summed by currency, category and UTC day. A sum over
// [from, to) reads it for the whole UTC days inside the range and the
// transactions themselves for the edges: a family's month starts and ends
// inside a UTC day unless its zone is UTC. Budgets and reports both sum this way.

const DAY_MS = 86_400_000;

/**
 * Splits [from, to) for a sum: `days(fromDay, toDay)` once for the whole UTC
 * days [fromDay, toDay) of expense_days, `rows(a, z)` for each (under a day,
 * non-empty) edge before and after them; only `rows(from, to)` when no whole
 * day fits. Day 0 is left to the rows: expense_days files an instant under
 * executed_at / 86400000, which SQLite truncates towards zero, so day 0 also
 * holds the last day of 1969.
 */
export function splitByExpenseDays(from: number, to: number, rows: (a: number, z: number) => void, days: (fromDay: number, toDay: number) => void): void {
  const fromDay = Math.max(1, Math.ceil(from / DAY_MS));
  const toDay = Math.floor(to / DAY_MS);
  if (fromDay >= toDay) return rows(from, to);
  days(fromDay, toDay);
  if (from < fromDay * DAY_MS) rows(from, fromDay * DAY_MS);
  if (toDay * DAY_MS < to) rows(toDay * DAY_MS, to);
}
