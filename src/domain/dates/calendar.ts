// Dates exactly as written, or refused. Date.parse is lenient: it turns
// 2026-02-30 into 2 March, accepts "Nov 1 2026" and 24:00. Every date the
// core or an adapter reads goes through these instead: a real calendar day
// (YYYY-MM-DD) or an ISO 8601 date-time with a zone (Z or ±HH:MM).
import { validation } from '../errors.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

export type CalendarDay = { y: number; m: number; d: number };

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function realDay(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** A real calendar day written YYYY-MM-DD, or undefined. */
export function readDay(text: string): CalendarDay | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return realDay(day.y, day.m, day.d) ? day : undefined;
}

/** Like readDay; throws validation naming `field` (reason invalid_date). */
export function parseDay(text: string, field: string): CalendarDay {
  const day = readDay(text);
  if (!day) throw validation(field, `${field} must be a real day written like 2026-03-31`, { reason: 'invalid_date' });
  return day;
}

/** Epoch ms of an ISO 8601 date-time with its zone, every part in range; or undefined. */
export function readInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  const zh = Number(m[9] ?? 0);
  const zm = Number(m[10] ?? 0);
  if (zh > 23 || zm > 59) return undefined;
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const offset = m[8] === 'Z' ? 0 : (m[8]?.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000;
}

/** Like readInstant; throws validation naming `field` (reason invalid_date). */
export function parseInstant(text: string, field: string): number {
  const at = readInstant(text);
  if (at === undefined) throw validation(field, `${field} must be a real date-time like 2026-03-31T12:00:00Z`, { reason: 'invalid_date' });
  return at;
}
