// Dates exactly as written, or refused: the one reader of calendar days and
// instants for the core and every adapter (API routes, the import, the bot's
// date questions, goal deadlines, recurring rules, the export).
//
// Date.parse is lenient: it turns 2026-02-30 into 2 March, accepts "Nov 1 2026"
// and 24:00. And Date.UTC / new Date(y, …) read a year 0–99 as 1900–1999, so
// 0050-01-01 silently became 1950. Here a day is a real calendar day
// (YYYY-MM-DD) or an ISO 8601 date-time with a zone (Z or ±HH:MM), its written
// day from 1970-01-01 to 9999-12-31 (the range the reports' months already
// keep: 1970-01 to 9999-11), and every computation goes through utcTime, which
// never maps a year.
import { validation } from '../errors.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

export type CalendarDay = { y: number; m: number; d: number };

/** The first and last days a date field accepts (a date-time: its day as written). */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '9999-12-31';
const FIRST_YEAR = 1970;
const LAST_YEAR = 9999;
export const DATE_RANGE_TEXT = `from ${FIRST_DAY} to ${LAST_DAY}`;

/** Why a written date is refused: not a real date, or a real one outside FIRST_DAY…LAST_DAY. */
export type DateProblem = 'invalid_date' | 'date_out_of_range';
export type DateRead<T> = { ok: true; value: T } | { ok: false; reason: DateProblem };

/**
 * Epoch ms of a UTC wall-clock time, the year taken as given (Date.UTC reads
 * 0–99 as 1900–1999). Month, day and time may overflow and roll over as in Date.UTC.
 */
export function utcTime(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** The calendar day (UTC) of an epoch ms. */
export function utcDay(at: number): CalendarDay {
  const t = new Date(at);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The day `days` after (before, when negative) `day`. */
export function addDaysTo(day: CalendarDay, days: number): CalendarDay {
  return utcDay(utcTime(day.y, day.m, day.d + days));
}

/** "2026-03-31" */
export function dayText(day: CalendarDay): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return utcDay(utcTime(y, m + 1, 0)).d;
}

/** A real calendar day given as numbers (any written form: the import's DD.MM.YYYY too), checked against the accepted range. */
export function checkDayParts(y: number, m: number, d: number): DateRead<CalendarDay> {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || y < 0 || d > daysInMonth(y, m)) return { ok: false, reason: 'invalid_date' };
  if (y < FIRST_YEAR || y > LAST_YEAR) return { ok: false, reason: 'date_out_of_range' };
  return { ok: true, value: { y, m, d } };
}

/** A real calendar day written YYYY-MM-DD, in range; or why not. */
export function checkDay(text: string): DateRead<CalendarDay> {
  const m = DAY.exec(text);
  if (!m) return { ok: false, reason: 'invalid_date' };
  return checkDayParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A real calendar day written YYYY-MM-DD, from 1970-01-01 to 9999-12-31; or undefined. */
export function readDay(text: string): CalendarDay | undefined {
  const r = checkDay(text);
  return r.ok ? r.value : undefined;
}

/** The validation error for a refused date in `field`: what a date looks like, or the range. */
export function dateError(field: string, reason: DateProblem, example: string) {
  return reason === 'date_out_of_range'
    ? validation(field, `${field} is out of range: a date ${DATE_RANGE_TEXT}`, { reason, first: FIRST_DAY, last: LAST_DAY })
    : validation(field, `${field} must be a real ${example}`, { reason });
}

/** Like readDay; throws validation naming `field` (reason invalid_date or date_out_of_range). */
export function parseDay(text: string, field: string): CalendarDay {
  const r = checkDay(text);
  if (!r.ok) throw dateError(field, r.reason, 'day written like 2026-03-31');
  return r.value;
}

/** Epoch ms of an ISO 8601 date-time with its zone, every part in range, its day as written in range; or why not. */
export function checkInstant(text: string): DateRead<number> {
  const m = INSTANT.exec(text);
  if (!m) return { ok: false, reason: 'invalid_date' };
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const zh = Number(m[9] ?? 0);
  const zm = Number(m[10] ?? 0);
  if (h > 23 || mi > 59 || s > 59 || zh > 23 || zm > 59) return { ok: false, reason: 'invalid_date' };
  const day = checkDayParts(y, mo, d);
  if (!day.ok) return day;
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const offset = m[8] === 'Z' ? 0 : (m[8]?.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  return { ok: true, value: utcTime(y, mo, d, h, mi, s, ms) - offset * 60_000 };
}

/** Epoch ms of an ISO 8601 date-time with its zone (see checkInstant), or undefined. */
export function readInstant(text: string): number | undefined {
  const r = checkInstant(text);
  return r.ok ? r.value : undefined;
}

/** Like readInstant; throws validation naming `field` (reason invalid_date or date_out_of_range). */
export function parseInstant(text: string, field: string): number {
  const r = checkInstant(text);
  if (!r.ok) throw dateError(field, r.reason, 'date-time like 2026-03-31T12:00:00Z');
  return r.value;
}
