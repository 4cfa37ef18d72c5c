// Money parsing and formatting: tables of good and bad inputs per currency exponent
// (USD/EUR 2, JPY/KRW 0, BHD/KWD 3), with the refusal reason of every bad one.
import { describe, expect, it } from 'vitest';
import {
  AmountError,
  DomainError,
  MAX_AMOUNT_MINOR,
  currencyExponent,
  formatMoney,
  parseDecimalAmount,
  parseHumanAmount,
  toDecimalString,
  type AmountErrorReason,
} from '../../src/domain/index.js';

function reasonOf(fn: () => unknown): AmountErrorReason | string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AmountError) {
      // Every AmountError is also a validation DomainError that names the field.
      expect(e).toBeInstanceOf(DomainError);
      expect(e.code).toBe('validation');
      expect(e.details['reason']).toBe(e.reason);
      return e.reason;
    }
    return `unexpected ${String(e)}`;
  }
  return 'no error';
}

describe('currency exponents (ISO 4217)', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
    ['KWD', 3],
  ])('%s has %i decimals', (code, exp) => {
    expect(currencyExponent(code)).toBe(exp);
  });
});

describe('parseHumanAmount (bot input)', () => {
  type Good = [input: string, currency: string, minor: number];
  const good: Good[] = [
    // two decimals
    ['50', 'USD', 5000],
    ['50.5', 'USD', 5050],
    ['50,5', 'EUR', 5050],
    ['50.05', 'USD', 5005],
    ['0.01', 'USD', 1],
    ['  7  ', 'USD', 700],
    ['+7', 'USD', 700],
    ['1,234.56', 'USD', 123456],
    ['1.234,56', 'EUR', 123456],
    ['1 234,56', 'EUR', 123456],
    ['1\u00a0234,56', 'EUR', 123456],
    ['1\u202f234,56', 'EUR', 123456],
    ["1'234.50", 'USD', 123450],
    // The typographic apostrophe phones type for ' (iOS smart punctuation), and the thin space of pasted figures.
    ['1\u2019234.50', 'CHF', 123450],
    ['1\u2009234,56', 'EUR', 123456],
    ['1 234', 'USD', 123400],
    ['1,234,567', 'USD', 123456700],
    ['1.234.567,8', 'EUR', 123456780],
    ['1234.5', 'USD', 123450],
    ['1234,56', 'EUR', 123456],
    ['12345', 'USD', 1234500],
    ['007', 'USD', 700],
    // no decimals: a lone three-digit group is thousands
    ['50', 'JPY', 50],
    ['1,234', 'JPY', 1234],
    ['1.234', 'KRW', 1234],
    ['1 234 567', 'KRW', 1234567],
    ['1,234,567', 'JPY', 1234567],
    // three decimals
    ['1.5', 'BHD', 1500],
    ['1,25', 'KWD', 1250],
    ['1234.567', 'BHD', 1234567],
    ['1,234.567', 'KWD', 1234567],
    ['1 234,567', 'BHD', 1234567],
    // the limit itself is accepted
    ['10000000000000', 'USD', MAX_AMOUNT_MINOR],
    ['10 000 000 000 000,00', 'EUR', MAX_AMOUNT_MINOR],
    ['1000000000000000', 'JPY', MAX_AMOUNT_MINOR],
  ];
  it.each(good)('%j in %s → %i', (input, currency, minor) => {
    expect(parseHumanAmount(input, currency)).toBe(minor);
  });

  type Bad = [input: string, currency: string, reason: AmountErrorReason];
  const bad: Bad[] = [
    ['', 'USD', 'empty'],
    ['   ', 'USD', 'empty'],
    ['abc', 'USD', 'not_a_number'],
    ['1e3', 'USD', 'not_a_number'],
    ['1E3', 'JPY', 'not_a_number'],
    ['NaN', 'USD', 'not_a_number'],
    ['Infinity', 'USD', 'not_a_number'],
    ['-Infinity', 'USD', 'not_a_number'],
    ['0x10', 'USD', 'not_a_number'],
    ['$50', 'USD', 'not_a_number'],
    ['50 USD', 'USD', 'not_a_number'],
    ['.5', 'USD', 'not_a_number'],
    ['12,34,567', 'USD', 'not_a_number'],
    ['1,234.5.6', 'USD', 'not_a_number'],
    ['12 34', 'USD', 'not_a_number'],
    ['1,23,4.5', 'USD', 'not_a_number'],
    // more decimals than the currency has
    ['50.555', 'USD', 'ambiguous'], // a lone 3-digit group is ambiguous first
    ['1234.567', 'USD', 'too_many_decimals'],
    ['1,234.567', 'EUR', 'too_many_decimals'],
    ['50.5', 'JPY', 'too_many_decimals'],
    ['50,55', 'KRW', 'too_many_decimals'],
    ['1.2345', 'BHD', 'too_many_decimals'],
    ['1 234,5678', 'KWD', 'too_many_decimals'],
    // "1,234" may be thousands or decimals where the currency has decimals
    ['1,234', 'USD', 'ambiguous'],
    ['1.234', 'USD', 'ambiguous'],
    ['1,234', 'EUR', 'ambiguous'],
    ['999.999', 'EUR', 'ambiguous'],
    ['1,234', 'BHD', 'ambiguous'], // a comma before three digits, even where three decimals are normal
    ['12,345', 'KWD', 'ambiguous'],
    // zero and negatives
    ['0', 'USD', 'zero'],
    ['0.00', 'USD', 'zero'],
    ['0,0', 'EUR', 'zero'],
    ['000', 'JPY', 'zero'],
    ['-5', 'USD', 'negative'],
    ['−5', 'USD', 'negative'],
    ['-1 234,56', 'EUR', 'negative'],
    // above the maximum
    ['10000000000000.01', 'USD', 'too_large'],
    ['10 000 000 000 001', 'EUR', 'too_large'],
    ['1000000000000001', 'JPY', 'too_large'],
    ['1000000000000.001', 'BHD', 'too_large'],
    ['9'.repeat(400), 'USD', 'too_large'],
    // unknown currency
    ['50', 'XYZ', 'unknown_currency'],
    ['50', 'usd', 'unknown_currency'],
  ];
  it.each(bad)('%j in %s is refused: %s', (input, currency, reason) => {
    expect(reasonOf(() => parseHumanAmount(input, currency))).toBe(reason);
  });

  it('names the field and the exponent in the error details', () => {
    try {
      parseHumanAmount('1.2345', 'BHD', { field: 'price' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AmountError);
      expect((e as AmountError).details).toMatchObject({ field: 'price', reason: 'too_many_decimals', exponent: 3 });
    }
  });

  it('accepts negatives and zero only when asked to', () => {
    expect(parseHumanAmount('-1 234,56', 'EUR', { allowNegative: true })).toBe(-123456);
    expect(parseHumanAmount('0', 'USD', { allowZero: true })).toBe(0);
    expect(parseHumanAmount('-0', 'USD', { allowZero: true })).toBe(0);
  });

  // Found while writing these tests: a thousands group never starts with 0, so
  // "0.250" can only mean a quarter. Refusing it as ambiguous makes sub-unit
  // amounts with three decimals impossible to type (0.250 BHD, 0,500 KWD).
  it.each([
    ['0.250', 'BHD', 250],
    ['0,500', 'KWD', 500],
  ] as const)('a leading zero is never a thousands group: %j in %s → %i', (input, currency, minor) => {
    expect(parseHumanAmount(input, currency)).toBe(minor);
  });

  // A reviewer found 12.345 BHD impossible to type: every 1-3 digit whole part with three
  // decimals was refused as ambiguous, and the suggestion repeated the refused text.
  it.each([
    ['12.345', 'BHD', 12345],
    ['1.234', 'KWD', 1234],
    ['999.999', 'OMR', 999999],
    ['1,234.567', 'BHD', 1234567],
  ] as const)('a dot before three digits is the decimal point of a three-decimal currency: %j in %s → %i', (input, currency, minor) => {
    expect(parseHumanAmount(input, currency)).toBe(minor);
  });

  it('the ambiguity refusal suggests forms that are read as meant', () => {
    for (const [input, currency] of [['1,234', 'BHD'], ['1,234', 'USD'], ['1.234', 'EUR']] as const) {
      const message = (() => {
        try {
          parseHumanAmount(input, currency);
        } catch (e) {
          return (e as Error).message;
        }
        throw new Error(`${input} was accepted`);
      })();
      const [, thousands, decimals] = /write (\S+) for thousands or (\S+) for decimals/.exec(message) ?? [];
      expect(parseHumanAmount(thousands!, currency)).toBe(1234 * 10 ** (currency === 'BHD' ? 3 : 2));
      expect(() => parseHumanAmount(decimals!, currency)).not.toThrow();
    }
  });
});

describe('parseDecimalAmount (API input)', () => {
  it("names an example in the currency's own decimals when the text is no decimal amount", () => {
    expect(() => parseDecimalAmount('1,5', 'USD')).toThrow(/^"1,5" is not a decimal amount such as 50\.00$/);
    expect(() => parseDecimalAmount('1,5', 'KRW')).toThrow(/^"1,5" is not a decimal amount such as 50$/);
    expect(() => parseDecimalAmount('1,5', 'BHD')).toThrow(/^"1,5" is not a decimal amount such as 50\.000$/);
  });

  type Good = [input: unknown, currency: string, minor: number];
  const good: Good[] = [
    [50, 'USD', 5000],
    [50.5, 'USD', 5050],
    [19.99, 'USD', 1999],
    [0.1, 'EUR', 10],
    [0.01, 'USD', 1],
    [1000, 'JPY', 1000],
    [1.25, 'BHD', 1250],
    [0.001, 'KWD', 1],
    ['50', 'USD', 5000],
    ['50.5', 'USD', 5050],
    ['50.50', 'EUR', 5050],
    [' 50.5 ', 'USD', 5050],
    ['+3.25', 'USD', 325],
    ['1234.567', 'BHD', 1234567],
    ['1000', 'KRW', 1000],
    ['0000012.30', 'USD', 1230],
    [10_000_000_000_000, 'USD', MAX_AMOUNT_MINOR],
    ['10000000000000.00', 'USD', MAX_AMOUNT_MINOR],
    ['1000000000000000', 'JPY', MAX_AMOUNT_MINOR],
  ];
  it.each(good)('%j in %s → %i', (input, currency, minor) => {
    expect(parseDecimalAmount(input, currency)).toBe(minor);
  });

  type Bad = [input: unknown, currency: string, reason: AmountErrorReason];
  const bad: Bad[] = [
    // floats that are not exact decimals are refused, never rounded
    [0.1 + 0.2, 'USD', 'too_many_decimals'],
    [1.005, 'USD', 'too_many_decimals'],
    [0.5, 'JPY', 'too_many_decimals'],
    [1.0005, 'BHD', 'too_many_decimals'],
    ['50.555', 'USD', 'too_many_decimals'],
    ['50.5', 'KRW', 'too_many_decimals'],
    ['1.2345', 'KWD', 'too_many_decimals'],
    [Number.NaN, 'USD', 'not_a_number'],
    [Number.POSITIVE_INFINITY, 'USD', 'not_a_number'],
    [Number.NEGATIVE_INFINITY, 'USD', 'not_a_number'],
    [1e21, 'USD', 'not_a_number'], // String(1e21) is "1e+21"
    [1e-7, 'USD', 'not_a_number'],
    ['1e3', 'USD', 'not_a_number'],
    ['NaN', 'USD', 'not_a_number'],
    ['Infinity', 'USD', 'not_a_number'],
    ['abc', 'USD', 'not_a_number'],
    ['1,234.56', 'USD', 'not_a_number'], // grouping is for humans only
    ['1 234', 'EUR', 'not_a_number'],
    ['50,5', 'EUR', 'not_a_number'],
    ['.5', 'USD', 'not_a_number'],
    ['5.', 'USD', 'not_a_number'],
    [null, 'USD', 'not_a_number'],
    [undefined, 'USD', 'not_a_number'],
    [true, 'USD', 'not_a_number'],
    [{ amount: 5 }, 'USD', 'not_a_number'],
    ['', 'USD', 'empty'],
    ['  ', 'USD', 'empty'],
    [0, 'USD', 'zero'],
    [-0, 'USD', 'zero'],
    ['0.00', 'USD', 'zero'],
    [-5, 'USD', 'negative'],
    ['-3.25', 'USD', 'negative'],
    [10_000_000_000_000.01, 'USD', 'too_large'],
    ['10000000000000.01', 'USD', 'too_large'],
    ['1000000000000001', 'JPY', 'too_large'],
    [Number.MAX_SAFE_INTEGER, 'KRW', 'too_large'],
    ['9'.repeat(400), 'USD', 'too_large'],
    [50, 'XXX1', 'unknown_currency'],
  ];
  it.each(bad)('%j in %s is refused: %s', (input, currency, reason) => {
    expect(reasonOf(() => parseDecimalAmount(input, currency))).toBe(reason);
  });

  it('accepts negatives and zero only when asked to', () => {
    expect(parseDecimalAmount('-3.25', 'USD', { allowNegative: true })).toBe(-325);
    expect(parseDecimalAmount(-1.5, 'BHD', { allowNegative: true })).toBe(-1500);
    expect(parseDecimalAmount(0, 'USD', { allowZero: true })).toBe(0);
  });

  it('every parsed amount is a safe integer no larger than MAX_AMOUNT_MINOR', () => {
    expect(Number.isSafeInteger(MAX_AMOUNT_MINOR)).toBe(true);
    for (const currency of ['USD', 'JPY', 'BHD']) {
      const v = parseDecimalAmount(toDecimalString(MAX_AMOUNT_MINOR, currency), currency);
      expect(v).toBe(MAX_AMOUNT_MINOR);
    }
  });
});

describe('toDecimalString (API output)', () => {
  it.each([
    [5000, 'USD', '50.00'],
    [5, 'USD', '0.05'],
    [0, 'EUR', '0.00'],
    [123456, 'EUR', '1234.56'],
    [-1234, 'USD', '-12.34'],
    [1000, 'JPY', '1000'],
    [5000, 'KRW', '5000'],
    [1250, 'BHD', '1.250'],
    [1, 'KWD', '0.001'],
    [-1234, 'BHD', '-1.234'],
    [MAX_AMOUNT_MINOR, 'USD', '10000000000000.00'],
  ] as const)('%i %s → %s', (minor, currency, text) => {
    expect(toDecimalString(minor, currency)).toBe(text);
  });

  it('round-trips through parseDecimalAmount', () => {
    for (const [minor, currency] of [
      [1, 'USD'],
      [99, 'EUR'],
      [123456789, 'BHD'],
      [7, 'JPY'],
    ] as const) {
      expect(parseDecimalAmount(toDecimalString(minor, currency), currency)).toBe(minor);
    }
  });

  it('refuses a number that is not a safe integer', () => {
    expect(() => toDecimalString(1.5, 'USD')).toThrow(RangeError);
    expect(() => toDecimalString(2 ** 60, 'USD')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  // ICU may use NBSP or narrow NBSP for grouping; the digits and order are what matter.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  it.each([
    [123456, 'USD', 'en', '$1,234.56'],
    [5, 'USD', 'en', '$0.05'],
    [-100, 'USD', 'en', '-$1.00'],
    [100000, 'JPY', 'en', '¥100,000'],
    [1250, 'BHD', 'en', 'BHD 1.250'],
    [123456, 'EUR', 'en', '€1,234.56'],
    [MAX_AMOUNT_MINOR, 'USD', 'en', '$10,000,000,000,000.00'],
    [123456, 'USD', 'ru', '1 234,56 $'],
    [123456, 'EUR', 'ru', '1 234,56 €'],
    [123456, 'RUB', 'ru', '1 234,56 ₽'],
    [1250, 'BHD', 'ru', '1,250 BHD'],
    [100000, 'JPY', 'ru', '100 000 ¥'],
  ] as const)('%i %s in %s → %s', (minor, currency, locale, text) => {
    expect(plain(formatMoney(minor, currency, locale))).toBe(text);
  });

  it('formats exactly, with no float rounding, near the maximum', () => {
    expect(formatMoney(MAX_AMOUNT_MINOR - 1, 'USD', 'en')).toBe('$9,999,999,999,999.99');
  });

  it('defaults to English', () => {
    expect(formatMoney(5000, 'USD')).toBe('$50.00');
  });
});
