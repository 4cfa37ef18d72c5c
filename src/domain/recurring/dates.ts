// Calendar arithmetic for recurring rules. Dates are plain "YYYY-MM-DD"
// strings in the family's time zone; the arithmetic runs on UTC dates so no
// DST shift can move an occurrence to another day.
import { addDaysTo, checkDay, dateError, dayText, daysInMonth, readDay, type CalendarDay } from '../dates/calendar.js';
import { validation } from '../errors.js';
import { zonedMidnight } from '../reports/reports.js';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A stored date: a real day, whatever its year (rules stored before the range was kept still advance).
// New dates are read by checkCalendarDate, through the one reader of a day (dates/calendar.ts).
function parse(date: string): CalendarDay | undefined {
  const match = DATE_RE.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

/** A real day from 1970-01-01 to 9999-12-31 written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  return readDay(date) !== undefined;
}

export function checkCalendarDate(date: string, field: string): string {
  if (typeof date !== 'string') throw validation(field, 'Give a calendar date as YYYY-MM-DD');
  const read = checkDay(date);
  if (!read.ok) throw read.reason === 'date_out_of_range' ? dateError(field, read.reason, 'day written like 2026-03-31') : validation(field, 'Give a calendar date as YYYY-MM-DD');
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
  return dayText(addDaysTo(parse(date) ?? fail(date), days));
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
      return dayText({ y, m, d: Math.min(anchor.d, daysInMonth(y, m)) });
    }
    case 'yearly': {
      const y = cur.y + 1;
      return dayText({ y, m: anchor.m, d: Math.min(anchor.d, daysInMonth(y, anchor.m)) });
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

const OCCURRENCE_KEY = /^recurring:\d+:(\d{4}-\d{2}-\d{2})$/;

/**
 * The due date of a recurring occurrence, read from its idempotency key
 * (`recurring:<rule>:<date>`, unpaid.ts idempotencyKeyFor); undefined for any
 * other entry. An occurrence that waited for approval is dated by it when
 * approved (occurrenceMoment), as one recorded late is.
 */
export function occurrenceDateOf(idempotencyKey: string | null): string | undefined {
  return idempotencyKey === null ? undefined : OCCURRENCE_KEY.exec(idempotencyKey)?.[1];
}
