// Amount expressions as typed in a chat: thousands with k, sums, currency marks.
import { describe, expect, it } from 'vitest';
import { AmountError, currenciesNamedBy, currencyOfMark, currencyOfWord, isMinorUnitWord, parseAmountExpression } from '../../src/domain/index.js';

describe('amount expressions', () => {
  it('reads k as thousands, exactly', () => {
    expect(parseAmountExpression('1.5k', 'USD')).toBe(150_000);
    expect(parseAmountExpression('2к', 'RUB')).toBe(200_000);
    expect(parseAmountExpression('1,25k', 'EUR')).toBe(125_000);
    expect(parseAmountExpression('3k', 'JPY')).toBe(3000);
  });

  it('refuses a k after a separator and three digits: thousands or millions cannot be told apart', () => {
    // "1,500k" is 1.5 thousand with a decimal comma and 1.5 million with a thousands comma (a Korean
    // family's 1,500k won for rent); it was read as 1,500 whatever the currency.
    for (const [text, currency] of [['1,500k', 'KRW'], ['1,500k', 'USD'], ['1.500к', 'RUB'], ['2,000K', 'JPY'], ['10+1,500k', 'KRW']] as const) {
      expect(() => parseAmountExpression(text, currency), `${text} ${currency}`).toThrow(expect.objectContaining({ reason: 'ambiguous_thousands' }));
    }
    // One or two decimals, a leading zero or four digits before the separator cannot be a group.
    expect(parseAmountExpression('1,5k', 'KRW')).toBe(1500);
    expect(parseAmountExpression('1.25k', 'USD')).toBe(125_000);
    expect(parseAmountExpression('0,500k', 'EUR')).toBe(50_000);
    expect(parseAmountExpression('1500k', 'KRW')).toBe(1_500_000);
  });

  it('reads thousands in words as k: тыс, тыс., тысяча, тысячи, тысяч, thousand(s), any case', () => {
    expect(parseAmountExpression('2тыс', 'RUB')).toBe(200_000);
    expect(parseAmountExpression('2 k', 'USD')).toBe(200_000);
    expect(parseAmountExpression('2 К', 'RUB')).toBe(200_000);
    expect(parseAmountExpression('2 тыс', 'RUB')).toBe(200_000);
    expect(parseAmountExpression('500 тыс.', 'RUB')).toBe(50_000_000);
    expect(parseAmountExpression('1 тысяча', 'RUB')).toBe(100_000);
    expect(parseAmountExpression('3 тысячи', 'RUB')).toBe(300_000);
    expect(parseAmountExpression('5 тысяч', 'RUB')).toBe(500_000);
    expect(parseAmountExpression('1,5 тыс', 'RUB')).toBe(150_000);
    expect(parseAmountExpression('2 ТЫС', 'RUB')).toBe(200_000);
    expect(parseAmountExpression('2 thousand', 'USD')).toBe(200_000);
    expect(parseAmountExpression('3 Thousands', 'JPY')).toBe(3000);
    // The same ambiguity rule as k: "1,500 тыс" is 1.5 thousand or 1.5 million.
    expect(() => parseAmountExpression('1,500 тыс', 'RUB')).toThrow(expect.objectContaining({ reason: 'ambiguous_thousands' }));
  });

  it('reads thousands grouped by spaces before a thousands word or k: "1 500 тыс" is 1 500 thousand', () => {
    // It was refused as no amount at all. Spaces only ever group thousands, so the number is 1500, and
    // a lone separator after them is the decimal one, as parseHumanAmount reads "1 500,5".
    expect(parseAmountExpression('1 500 тыс', 'RUB')).toBe(1_500_000_00);
    expect(parseAmountExpression('1\u00a0500 тысяч', 'RUB')).toBe(1_500_000_00);
    expect(parseAmountExpression('1 500k', 'USD')).toBe(1_500_000_00);
    expect(parseAmountExpression("1'500 thousand", 'CHF')).toBe(1_500_000_00);
    expect(parseAmountExpression('1 500,5 тыс', 'RUB')).toBe(1_500_500_00);
    expect(parseAmountExpression('12 500 тыс', 'KRW')).toBe(12_500_000);
    // Misplaced spaces stay refused, as they are without a thousands word.
    for (const text of ['1 50 тыс', '15 00k', '1 500,5555 тыс']) {
      expect(() => parseAmountExpression(text, 'RUB'), text).toThrow(AmountError);
    }
  });

  it('refuses millions (or more) in words rather than reading "2 млн" as 2', () => {
    for (const text of ['2 млн', '2 млн.', '1 миллион', '3 миллиона', '5 миллионов', '1,5 млн', '1 млрд', '2 million', '1.5 Millions', '2 mln', '1 billion', '2 bn', '10+2 млн',
      // Letters too, as k is read for thousands: m, M, м, kk, кк, mn; and grouped digits before a word.
      '2m', '2M', '1.5m', '2 m', '2м', '2 М', '2kk', '2кк', '3 KK', '2mn', '2млн', '1 500 млн', '3 ляма', '1 лям', '5 лямов']) {
      expect(() => parseAmountExpression(text, 'RUB'), text).toThrow(expect.objectContaining({ reason: 'millions' }));
    }
  });

  it('refuses a number right after thousands: "2 тыс 500" is 2500 to one reader and 2000 to another', () => {
    for (const text of ['2 тыс 500', '1 тыс. 200', '2k 500', '1 500 тыс 250', '2 thousand 500']) {
      expect(() => parseAmountExpression(text, 'RUB'), text).toThrow(expect.objectContaining({ reason: 'split_amount' }));
    }
    // Millions before it are refused as millions; space-grouped digits alone are one number.
    expect(() => parseAmountExpression('1 млн 200', 'RUB')).toThrow(expect.objectContaining({ reason: 'millions' }));
    expect(parseAmountExpression('2 500', 'RUB')).toBe(2500_00);
  });

  it('adds a simple sum', () => {
    expect(parseAmountExpression('120+35', 'USD')).toBe(15_500);
    expect(parseAmountExpression('12.50 + 0.5', 'USD')).toBe(1300);
    expect(parseAmountExpression('1k+250', 'USD')).toBe(125_000);
  });

  it('refuses a sum whose thousands word or k may cover the numbers before it: "120+35 тыс" is 35 120 or 155 000', () => {
    // It was read as 120 + 35 000 without a word.
    for (const [text, currency] of [['120+35 тыс', 'RUB'], ['120+35k', 'USD'], ['120 + 35 thousand', 'USD'], ['1k+2+3k', 'USD'], ['10+1 500 тыс', 'RUB']] as const) {
      expect(() => parseAmountExpression(text, currency), text).toThrow(expect.objectContaining({ reason: 'ambiguous_sum' }));
    }
    // Every number carrying its own multiplier, or the multiplied ones first, is one reading only.
    expect(parseAmountExpression('120k+35k', 'USD')).toBe(155_000_00);
    expect(parseAmountExpression('120 тыс + 35 тыс', 'RUB')).toBe(155_000_00);
    expect(parseAmountExpression('2k+350', 'USD')).toBe(2_350_00);
    expect(parseAmountExpression('120+35000', 'RUB')).toBe(35_120_00);
  });

  it('keeps the single-amount rules: ambiguity and bad terms are refused', () => {
    expect(() => parseAmountExpression('1,234', 'USD')).toThrow(AmountError);
    expect(() => parseAmountExpression('12+abc', 'USD')).toThrow(AmountError);
    expect(() => parseAmountExpression('0+0', 'USD')).toThrow(/more than zero/);
    expect(() => parseAmountExpression('1.2345k', 'USD')).toThrow(AmountError);
  });

  it('names currencies by symbol or code, and leaves words alone', () => {
    expect(currencyOfMark('$')).toBe('USD');
    expect(currencyOfMark('€')).toBe('EUR');
    expect(currencyOfMark('р')).toBe('RUB');
    expect(currencyOfMark('руб')).toBe('RUB');
    expect(currencyOfMark('usd')).toBe('USD');
    expect(currencyOfMark('EUR')).toBe('EUR');
    expect(currencyOfMark('CHF')).toBe('CHF');
    expect(currencyOfMark('all')).toBeUndefined();
    expect(currencyOfMark('cup')).toBeUndefined();
    expect(currencyOfMark('bus')).toBeUndefined();
    expect(currencyOfMark('constructor')).toBeUndefined();
  });

  it('names currencies by word, in Russian case forms and English singular and plural', () => {
    const cases: Array<[string, string]> = [
      ['рубль', 'RUB'], ['рубля', 'RUB'], ['рублей', 'RUB'], ['руб', 'RUB'], ['rubles', 'RUB'], ['Roubles', 'RUB'],
      ['доллар', 'USD'], ['доллара', 'USD'], ['долларов', 'USD'], ['долл.', 'USD'], ['бакс', 'USD'], ['баксов', 'USD'], ['dollar', 'USD'], ['Dollars', 'USD'], ['bucks', 'USD'],
      ['евро', 'EUR'], ['euro', 'EUR'], ['euros', 'EUR'],
      ['гривна', 'UAH'], ['гривны', 'UAH'], ['гривен', 'UAH'], ['hryvnia', 'UAH'],
      ['тенге', 'KZT'], ['tenge', 'KZT'],
      ['иена', 'JPY'], ['иен', 'JPY'], ['йена', 'JPY'], ['йен', 'JPY'], ['yen', 'JPY'],
      ['фунтов', 'GBP'], ['pounds', 'GBP'],
    ];
    for (const [word, currency] of cases) expect([word, currencyOfWord(word)]).toEqual([word, currency]);
    expect(currencyOfWord('coffee')).toBeUndefined();
    expect(currencyOfWord('toString')).toBeUndefined();
    // One reading of a name, its usual currency first: a sign, a code or a word.
    expect(currenciesNamedBy('$')?.[0]).toBe('USD');
    expect(currenciesNamedBy('eur')?.[0]).toBe('EUR');
    expect(currenciesNamedBy('рублей')?.[0]).toBe('RUB');
    expect(currenciesNamedBy('bus')).toBeUndefined();
    // A shared name lists every currency it may mean, the usual one first; a code and "бакс" are exact.
    expect(currenciesNamedBy('dollars')).toEqual(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD']);
    expect(currenciesNamedBy('$')).toEqual(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD']);
    expect(currenciesNamedBy('рублей')).toEqual(['RUB', 'BYN']);
    expect(currenciesNamedBy('руб.')).toEqual(['RUB', 'BYN']);
    expect(currenciesNamedBy('USD')).toEqual(['USD']);
    expect(currenciesNamedBy('баксов')).toEqual(['USD']);
    expect(currenciesNamedBy('евро')).toEqual(['EUR']);
    expect(currenciesNamedBy('toString')).toBeUndefined();
    // The end of a sentence after a code or a sign does not hide it.
    expect(currenciesNamedBy('EUR.')).toEqual(['EUR']);
    expect(currenciesNamedBy('₽.')).toEqual(['RUB']);
    expect(currenciesNamedBy('евро!')).toEqual(['EUR']);
    expect(currenciesNamedBy('usd?')).toEqual(['USD']);
    expect(currenciesNamedBy('.')).toBeUndefined();
    expect(currenciesNamedBy('bus.')).toBeUndefined();
    expect(isMinorUnitWord('копеек')).toBe(true);
    expect(isMinorUnitWord('Cents,')).toBe(true);
    expect(isMinorUnitWord('coffee')).toBe(false);
  });
});
