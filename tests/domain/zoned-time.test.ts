import { describe, expect, it } from 'vitest';
import { monthBounds, zonedMidnight } from '../../src/domain/index.js';

const localDate = (at: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

describe('zoned calendar days', () => {
  it.each([
    ['UTC', 2026, 11, 1],
    ['Europe/Berlin', 2026, 3, 29], // DST starts at 02:00
    ['Europe/Berlin', 2026, 10, 25], // DST ends at 03:00
    ['Asia/Kolkata', 2026, 1, 1], // +05:30
    ['Pacific/Chatham', 2026, 4, 5], // +13:45 / +12:45
    ['America/Santiago', 2026, 9, 6], // DST starts at 00:00: midnight does not exist
    ['America/Santiago', 2026, 4, 5], // DST ends at 00:00: midnight happens twice
  ])('%s %i-%i-%i starts at the first instant of that day', (tz, y, m, d) => {
    const start = zonedMidnight(y, m, d, tz);
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    expect(localDate(start, tz)).toBe(iso);
    expect(localDate(start - 1, tz)).not.toBe(iso);
  });

  it('a month in a time zone is contiguous and labelled by its local month', () => {
    const nov = monthBounds(Date.UTC(2026, 10, 30, 23, 30), 'Asia/Tokyo'); // already 1 Dec in Tokyo
    expect(nov.label).toBe('2026-12');
    const dec = monthBounds(nov.from - 1, 'Asia/Tokyo');
    expect(dec.label).toBe('2026-11');
    expect(dec.to).toBe(nov.from);
  });
});
