// Calendar arithmetic for recurring rules. Dates are plain "YYYY-MM-DD"
// strings in the family's time zone; the arithmetic runs on UTC dates so no
// DST shift can move an occurrence to another day.
import { validation } from '../errors.js';
import { zonedMidnight } from '../reports/reports.js';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Ymd = { y: number; m: number; d: number };

function parse(date: string): Ymd | undefined {
  const match = DATE_RE.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

function format({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isCalendarDate(date: string): boolean {
  return parse(date) !== undefined;
}

export function checkCalendarDate(date: string, field: string): string {
  if (typeof date !== 'string' || !isCalendarDate(date)) throw validation(field, 'Give a calendar date as YYYY-MM-DD');
  return date;
}

/** The calendar date of an instant in a time zone. */
export function localDate(at: number, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']}`;
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date) ?? fail(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/**
 * The occurrence after `current`. Monthly and yearly rules keep the day of
 * their start date as an anchor and clamp it to the month's length, so a rule
 * on the 31st runs on Feb 28 (or 29) and is back on Mar 31 after it.
 */
export function nextOccurrence(current: string, frequency: Frequency, startDate: string): string {
  const cur = parse(current) ?? fail(current);
  const anchor = parse(startDate) ?? fail(startDate);
  switch (frequency) {
    case 'daily':
      return addDays(current, 1);
    case 'weekly':
      return addDays(current, 7);
    case 'monthly': {
      const y = cur.m === 12 ? cur.y + 1 : cur.y;
      const m = cur.m === 12 ? 1 : cur.m + 1;
      return format({ y, m, d: Math.min(anchor.d, daysInMonth(y, m)) });
    }
    case 'yearly': {
      const y = cur.y + 1;
      return format({ y, m: anchor.m, d: Math.min(anchor.d, daysInMonth(y, anchor.m)) });
    }
  }
}

function fail(date: string): never {
  throw new RangeError(`Not a calendar date: ${date}`);
}

/**
 * When an occurrence due on `date` counts as made (its executed_at): now when
 * it is recorded on its own day in the family's zone; noon of that day when it
 * is recorded later (caught up after the server was down, or paid from another
 * wallet days after the money was short). Rent due on 31 October and recorded
 * on 2 November belongs to October's report and budgets.
 */
export function occurrenceMoment(date: string, at: number, timeZone: string): number {
  if (localDate(at, timeZone) <= date) return at;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedMidnight(y, m, d, timeZone) + 12 * 60 * 60 * 1000;
}
