// The one reader of dates (src/domain/dates/calendar.ts) keeps one range,
// 1970-01-01 to 9999-12-31, and never lets JavaScript's Date read a year 0–99
// as 1900–1999: 0050-01-01 was read as a day of the year 50 and then computed
// as 1950 (Date.UTC), so an export, a history filter or an import row dated
// 0026-… landed in the 20th century instead of being refused.
import { describe, expect, it } from 'vitest';
import { checkDay, checkInstant, parseDay, parseInstant, readDay, readInstant, utcTime } from '../../src/domain/dates/calendar.js';
import { isDomainError } from '../../src/domain/errors.js';
import { zonedMidnight } from '../../src/domain/reports/reports.js';

const reasonOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return { field: e.details['field'], reason: e.details['reason'], message: e.message };
    throw e;
  }
  return undefined;
};

describe('days: from 1970-01-01 to 9999-12-31', () => {
  it.each(['0050-01-01', '0099-12-31', '1969-12-31', '0000-01-01'])('%s is a real day out of range: refused, the reason says so and the field is named', (text) => {
    expect(readDay(text)).toBeUndefined();
    expect(checkDay(text)).toEqual({ ok: false, reason: 'date_out_of_range' });
    expect(reasonOf(() => parseDay(text, 'from'))).toEqual({ field: 'from', reason: 'date_out_of_range', message: 'from is out of range: a date from 1970-01-01 to 9999-12-31' });
  });

  it.each(['10000-01-01', '2026-02-29'])('%s is not a day at all (invalid_date)', (text) => {
    expect(readDay(text)).toBeUndefined();
    expect(reasonOf(() => parseDay(text, 'to'))).toMatchObject({ field: 'to', reason: 'invalid_date' });
  });

  it.each([
    ['1970-01-01', { y: 1970, m: 1, d: 1 }],
    ['9999-12-31', { y: 9999, m: 12, d: 31 }],
    ['2028-02-29', { y: 2028, m: 2, d: 29 }],
  ])('%s is read as written', (text, day) => {
    expect(readDay(text)).toEqual(day);
    expect(parseDay(text, 'from')).toEqual(day);
  });
});

describe('instants: their day as written from 1970-01-01 to 9999-12-31', () => {
  it.each(['0050-01-01T00:00:00Z', '0099-06-01T12:00:00+02:00', '1969-12-31T23:59:59Z'])('%s is refused as out of range (it meant 19xx or before 1970)', (text) => {
    expect(readInstant(text)).toBeUndefined();
    expect(checkInstant(text)).toEqual({ ok: false, reason: 'date_out_of_range' });
    expect(reasonOf(() => parseInstant(text, 'from'))).toMatchObject({ field: 'from', reason: 'date_out_of_range' });
  });

  it.each(['10000-01-01T00:00:00Z', '2026-02-29T12:00:00Z'])('%s is not an instant (invalid_date)', (text) => {
    expect(checkInstant(text)).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['9999-12-31T23:59:59.999Z', Date.parse('9999-12-31T23:59:59.999Z')],
    ['2028-02-29T12:00:00+02:00', Date.parse('2028-02-29T10:00:00Z')],
  ])('%s is read as that moment', (text, at) => {
    expect(readInstant(text)).toBe(at);
  });
});

describe('computations never pass through the 0–99 → 1900–1999 mapping', () => {
  it('utcTime and zonedMidnight take the year as given', () => {
    const year50 = Date.parse('0050-01-01T00:00:00Z');
    expect(new Date(year50).getUTCFullYear()).toBe(50);
    expect(utcTime(50, 1, 1)).toBe(year50);
    expect(utcTime(99, 12, 31, 23, 59, 59)).toBe(Date.parse('0099-12-31T23:59:59Z'));
    expect(new Date(zonedMidnight(50, 1, 1, 'UTC')).getUTCFullYear()).toBe(50);
    expect(new Date(zonedMidnight(99, 3, 1, 'Europe/Berlin')).getUTCFullYear()).toBe(99);
    // Rolling over still works: 31 December 99 + 1 day is 1 January 100.
    expect(new Date(utcTime(99, 12, 32)).toISOString()).toBe('0100-01-01T00:00:00.000Z');
  });
});
