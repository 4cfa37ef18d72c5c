// Calendar months as the family lives them: "2026-03" names a month, its
// bounds are the first instants of that month and the next in the family's
// time zone (daylight-saving changes included, see zonedMidnight).
import { validation } from '../errors.js';
import { monthBounds, zonedMidnight } from './reports.js';

export type Month = { year: number; month: number };
export type MonthRange = { label: string; from: number; to: number };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

// The months a report covers: from 1970-01 to 9999-11. 9999-12 ends at 10000-01-01, a date no
// date field reads back (it came out as "+010000-01-01…"); an answer's previous or next month
// outside these is null, never a month the API would refuse.
const FIRST_INDEX = 1970 * 12;
const LAST_INDEX = 9999 * 12 + 10;

/** Parses "2026-03" (1970-01 to 9999-11); anything else is a validation error on `field`. */
export function parseMonth(text: string, field = 'month'): Month {
  const m = MONTH.exec(text.trim());
  if (!m) throw validation(field, 'A month is written like 2026-03');
  const month = { year: Number(m[1]), month: Number(m[2]) };
  if (!inRange(month)) throw validation(field, 'The month is out of range: from 1970-01 to 9999-11');
  return month;
}

function inRange(m: Month): boolean {
  const index = m.year * 12 + (m.month - 1);
  return index >= FIRST_INDEX && index <= LAST_INDEX;
}

/** The month `delta` months after `m` as a label, or null when it is outside the months parseMonth reads. */
export function neighbourMonth(m: Month, delta: number): string | null {
  const n = shiftMonth(m, delta);
  return inRange(n) ? monthLabel(n) : null;
}

export function monthLabel(m: Month): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

/** The month `delta` months after (or before, when negative) `m`. */
export function shiftMonth(m: Month, delta: number): Month {
  const index = m.year * 12 + (m.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function monthRange(m: Month, timeZone: string): MonthRange {
  const next = shiftMonth(m, 1);
  return { label: monthLabel(m), from: zonedMidnight(m.year, m.month, 1, timeZone), to: zonedMidnight(next.year, next.month, 1, timeZone) };
}

/** The month that contains the instant `at` in a time zone. */
export function monthAt(at: number, timeZone: string): Month {
  const label = monthBounds(at, timeZone).label;
  return parseMonth(label);
}
