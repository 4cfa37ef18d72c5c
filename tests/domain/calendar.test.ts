// Dates as written or refused (src/domain/dates/calendar.ts): no rolling over.
import { describe, expect, it } from 'vitest';
import { parseDay, readDay, readInstant } from '../../src/domain/dates/calendar.js';

describe('calendar days', () => {
  it.each(['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', '26-01-05', '2026-01-05T00:00:00Z', ' 2026-01-05'])('refuses %s', (text) => {
    expect(readDay(text)).toBeUndefined();
    expect(() => parseDay(text, 'from')).toThrow(/from must be a real day/);
  });
  it.each([['2028-02-29', { y: 2028, m: 2, d: 29 }], ['2026-12-31', { y: 2026, m: 12, d: 31 }]])('accepts %s', (text, day) => {
    expect(readDay(text)).toEqual(day);
  });
});

describe('instants', () => {
  it.each(['2026-02-30T12:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T10:60:00Z', '2026-11-01T10:00:60Z', '2026-11-01 10:00:00Z', '2026-11-01T10:00:00', 'Nov 1 2026', '2026-11-01T10:00:00+24:00'])(
    'refuses %s',
    (text) => {
      expect(readInstant(text)).toBeUndefined();
    },
  );
  it.each([
    ['2026-11-01T10:00:00Z', Date.UTC(2026, 10, 1, 10)],
    ['2026-11-01T10:00Z', Date.UTC(2026, 10, 1, 10)],
    ['2026-11-01T12:30:00.250+02:30', Date.UTC(2026, 10, 1, 10, 0, 0, 250)],
    ['2026-11-01T05:00:00-05:00', Date.UTC(2026, 10, 1, 10)],
  ])('reads %s', (text, at) => {
    expect(readInstant(text)).toBe(at);
  });
});
