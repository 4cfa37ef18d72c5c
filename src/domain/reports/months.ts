// Calendar months as the family lives them: "2026-03" names a month, its
// bounds are the first instants of that month and the next in the family's
// time zone (daylight-saving changes included, see zonedMidnight).
import { validation } from '../errors.js';
import { monthBounds, zonedMidnight } from './reports.js';

export type Month = { year: number; month: number };
export type MonthRange = { label: string; from: number; to: number };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses "2026-03"; anything else is a validation error on `field`. */
export function parseMonth(text: string, field = 'month'): Month {
  const m = MONTH.exec(text.trim());
  if (!m) throw validation(field, 'A month is written like 2026-03');
  const year = Number(m[1]);
  if (year < 1970 || year > 9999) throw validation(field, 'The year is out of range');
  return { year, month: Number(m[2]) };
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
