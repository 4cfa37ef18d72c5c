// The Mini App's percent: the app's one formatter (src/presentation/percent.ts), as the bot writes them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the page's build-time module (src/webapp is outside the main tsconfig); no import can name a .d.ts
/// <reference path="../../src/webapp/virtual.d.ts" />
import { describe, expect, it, vi } from 'vitest';
import { percent as shared } from '../../src/presentation/percent.js';

// The page's texts come from an esbuild plugin (scripts/build-webapp.mjs); format.ts needs none of them.
vi.mock('virtual:messages', () => ({ default: { en: '', ru: '' } }));
const { percent } = await import('../../src/webapp/format.js');

const NBSP = '\u00a0';

describe('the Mini App\'s percent()', () => {
  it('writes whole points as the bot does: "75%" in English, "75 %" with a no-break space in Russian', () => {
    expect(percent('en', 75)).toBe('75%');
    expect(percent('ru', 75)).toBe(`75${NBSP}%`);
    expect(percent('en', 0)).toBe('0%');
    expect(percent('ru', 250)).toBe(`250${NBSP}%`);
    expect(percent('en', -5)).toBe('-5%');
    expect(percent('en', 1234)).toBe('1,234%');
    for (const points of [0, 7, 80, 99, 100, 1234, -12]) {
      expect(percent('ru', points)).toBe(shared('ru-RU', points, 100));
      expect(percent('en', points)).toBe(shared('en-US', points, 100));
    }
  });
});
