// The one text rule of the core (src/domain/text): what the bot and the API
// both accept, strip or refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanOptionalText, cleanText, cleanTextInFull, safeForeignText, TEXT_RULES, textLength } from '../../src/domain/text/text.js';
import { DomainError } from '../../src/domain/errors.js';

const name = (s: string) => cleanText(s, { field: 'name', max: 10, min: 1, kind: 'name' });
const note = (s: string) => cleanOptionalText(s, { field: 'description', max: 10, kind: 'free' });
const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.details['reason'] : 'not a DomainError';
  }
  return 'accepted';
};

describe('names (shown to other people)', () => {
  it('are trimmed, spaces collapsed, NFC-normalised', () => {
    expect(name('  Cash \t  box ')).toBe('Cash box');
    expect(name('Cafe\u0301')).toBe('Café');
  });
  it.each([
    ['a right-to-left override', 'Cash\u202Egnp.exe'],
    ['a left-to-right isolate', '\u2066Cash'],
    ['a right-to-left mark', 'Cash\u200F'],
    ['a NUL', 'Ca\u0000sh'],
    ['an escape (ANSI colours)', '\u001b[31mCash'],
    ['a C1 control', 'Cash\u0085'],
    ['a byte order mark', '\uFEFFCash'],
  ])('refuse %s', (_what, value) => {
    expect(reasonOf(() => name(value))).toBe('unsafe_characters');
  });
  it('refuse a lone surrogate (not Unicode)', () => {
    expect(reasonOf(() => name('Cash\ud800'))).toBe('invalid_unicode');
  });
  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a zero-width joiner and a word joiner', '\u200D \u2060'],
    ['a Hangul filler', '\u3164'],
    ['a half-width Hangul filler and a variation selector', '\uFFA0\uFE0F'],
    ['a soft hyphen', '\u00AD'],
  ])('that draw nothing (%s) are empty', (_what, value) => {
    expect(reasonOf(() => name(value))).toBe('too_short');
  });
  it('that Telegram gives and that draw nothing are no name', () => {
    expect(safeForeignText('\u3164\u200B', TEXT_RULES.telegramName)).toBeNull();
    expect(safeForeignText('Ann\u200B', TEXT_RULES.telegramName)).toBe('Ann\u200B');
  });
  it('keep emoji with joiners', () => {
    expect(name('👨‍👩‍👧 Home')).toBe('👨‍👩‍👧 Home');
  });
  it('are required and counted in code points, like JSON Schema maxLength', () => {
    expect(reasonOf(() => name('   '))).toBe('too_short');
    expect(name('😀'.repeat(10))).toBe('😀'.repeat(10));
    expect(textLength('😀'.repeat(10))).toBe(10);
    expect(reasonOf(() => name('😀'.repeat(11)))).toBe('too_long');
  });
});

describe('free text (notes, reasons)', () => {
  it('has control and direction characters stripped, newlines kept', () => {
    expect(note('a\u202Eb\u0007c\r\nd')).toBe('abc\nd');
  });
  it('blank is no text', () => {
    expect(note('  \u200F ')).toBeNull();
  });
  it('still refuses invalid Unicode and overlong text', () => {
    expect(reasonOf(() => note('\udc00'))).toBe('invalid_unicode');
    expect(reasonOf(() => note('x'.repeat(11)))).toBe('too_long');
  });
});

describe('the printable-ASCII shortcut', () => {
  it('gives what the full rule gives, or refuses alike, for any mix of ASCII, whitespace, controls and other text', () => {
    const pieces = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u0000', '\u007f', '\u00a0', '\u202e', 'e\u0301', 'é', '👨‍👩‍👧', '\ud800', 'a', 'Z', '~', '5', '.', '-');
    const input = fc.oneof(fc.string({ maxLength: 14 }), fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')));
    const outcome = (f: () => string) => {
      try {
        return { text: f() };
      } catch (e) {
        return { refused: e instanceof DomainError ? e.details['reason'] : String(e) };
      }
    };
    for (const rule of [
      { field: 'name', max: 10, min: 1, kind: 'name' as const },
      { field: 'description', max: 10, kind: 'free' as const },
    ]) {
      fc.assert(
        fc.property(input, (s) => {
          expect(outcome(() => cleanText(s, rule))).toEqual(outcome(() => cleanTextInFull(s, rule)));
        }),
        { numRuns: 3000 },
      );
    }
  });
});
