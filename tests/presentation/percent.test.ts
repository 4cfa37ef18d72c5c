// One percent formatter: from integers, in the reader's style (Intl's percent).
import { describe, expect, it } from 'vitest';
import { percent } from '../../src/presentation/percent.js';

const NBSP = '\u00a0';

describe('percent()', () => {
  it('Russian: a no-break space before % and a decimal comma; English: "75%", "12.5%"', () => {
    expect(percent('ru', 3, 4)).toBe(`75${NBSP}%`);
    expect(percent('ru', 1, 8, { digits: 1 })).toBe(`12,5${NBSP}%`);
    expect(percent('en', 3, 4)).toBe('75%');
    expect(percent('en', 1, 8, { digits: 1 })).toBe('12.5%');
    expect(percent('ru', 4, 5, { digits: 1 })).toBe(`80${NBSP}%`);
    expect(percent('ru', 2_500_00, 1_000_00)).toBe(`250${NBSP}%`);
  });

  it('rounds from the integers, never through a float: floor by default, half away from zero on request', () => {
    expect(percent('en', 999, 1000)).toBe('99%'); // a budget 99.9 % spent is not "100%"
    expect(percent('en', 1, 3, { digits: 1, rounding: 'nearest' })).toBe('33.3%');
    expect(percent('en', 2, 3, { digits: 1, rounding: 'nearest' })).toBe('66.7%');
    // 0.145 and 1.005 are the classic float traps: 0.145 * 100 = 14.499999999999998.
    expect(percent('en', 145, 1000, { rounding: 'nearest' })).toBe('15%');
    expect(percent('en', 10_005, 1_000_000, { digits: 1, rounding: 'nearest' })).toBe('1%');
    expect(percent('en', 10_500, 1_000_000, { digits: 1, rounding: 'nearest' })).toBe('1.1%');
    expect(percent('en', -1, 3)).toBe('-34%');
    expect(percent('en', 5, 0)).toBe('0%');
    expect(percent('en', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, { digits: 1 })).toBe('100%');
  });
});
