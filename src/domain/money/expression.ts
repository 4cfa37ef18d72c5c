// Amounts as people type them in a chat, on top of parseHumanAmount:
//   "1.5k" / "2к" / "2 тыс" / "5 тысяч" / "2 thousand"  thousands ("1,500k" is refused: thousands or millions?),
//   "2 млн" / "3 million" / "1 млрд" / "2m" / "2кк"  refused: millions and more are not read (never as 2 or 3),
//   "2 тыс 500"  refused: 2500, or 2000 and a number of the note?
//   "120+35"  a sum of amounts ("120+35 тыс" is refused: does тыс cover 120 too? "120k+35k" is not),
//   "$", "€", "£", "₽", "р", "руб", "₴", "₸", "¥", "₩", "원", "円", "₫" and ISO codes name a currency.
// Each number of an expression is read by parseHumanAmount, so its rules about
// separators and ambiguity ("1,234") hold here too.
import { currencyExponent, isCurrencyCode } from './currency.js';
import { AmountError, GROUP_MARKS, MAX_AMOUNT_MINOR, parseHumanAmount, type ParseOptions } from './money.js';

const SYMBOLS: Record<string, string> = {
  $: 'USD', '€': 'EUR', '£': 'GBP', '₽': 'RUB', р: 'RUB', 'р.': 'RUB', руб: 'RUB', 'руб.': 'RUB',
  '₴': 'UAH', грн: 'UAH', '₸': 'KZT', '¥': 'JPY', '₹': 'INR', '₺': 'TRY', zł: 'PLN',
  // Currencies without decimals: the won's sign and its Hangul name, the yen's kanji, the dong's sign.
  '₩': 'KRW', 원: 'KRW', 円: 'JPY', '₫': 'VND',
};

// Lower-case codes count only where they cannot be an ordinary word ("all", "cup", "top", "try" are
// currencies too, and so are "gel" — hair gel — and "cad"): those need capitals ("12 GEL", "40 CAD").
const LOWER_CASE_CODES = new Set(['usd', 'eur', 'gbp', 'rub', 'uah', 'kzt', 'chf', 'jpy', 'cny', 'pln', 'czk', 'sek', 'nok', 'dkk', 'amd', 'byn', 'aed', 'ils', 'aud', 'krw', 'bhd', 'kwd', 'jod', 'omr', 'iqd', 'vnd']);

/** The currency a symbol or code names ("$" → USD, "eur" → EUR, "₽" → RUB), or undefined. */
export function currencyOfMark(mark: string): string | undefined {
  // Own keys only: any word of a message may be asked ("50 constructor" names no currency).
  const lower = mark.toLowerCase();
  if (Object.hasOwn(SYMBOLS, lower)) return SYMBOLS[lower];
  if (isCurrencyCode(mark)) return mark;
  if (LOWER_CASE_CODES.has(mark)) return mark.toUpperCase();
  return undefined;
}

// k, K, к, К, тыс, тыс., тысяча, тысячи, тысяч, thousand(s), any case; non-Latin-1 letters as escapes
// (see scripts/build-binary.mjs: the bundle stays Latin-1).
// The number may be grouped by spaces ("1 500 тыс": 1 500 thousand, as "1 500" is 1500).
const GROUPED = String.raw`\d{1,3}(?:[\s${GROUP_MARKS}]\d{3})+`;
const THOUSANDS = new RegExp(String.raw`^(${GROUPED}|\d+)(?:[.,](\d{1,3}))?\s*(?:[k\u043a]|\u0442\u044b\u0441\.?|\u0442\u044b\u0441\u044f\u0447[\u0430\u0438]?|thousands?)$`, 'iu');
const GROUP_MARK = new RegExp(String.raw`[\s${GROUP_MARKS}]`, 'gu');
// млн, миллион(а, ов), млрд, миллиард(а, ов), лям(а, ов), million(s), mln, mn, billion(s), bn, the letters m, м,
// kk, кк (as k is read for thousands): scales this reader does not take, after any number ("1 500 млн").
const MILLIONS = new RegExp(
  String.raw`^\d[\d.,\s${GROUP_MARKS}]*?\s*(?:\u043c\u043b\u043d\.?|\u043c\u0438\u043b\u043b\u0438\u043e\u043d(?:\u0430|\u043e\u0432)?|\u043c\u043b\u0440\u0434\.?|\u043c\u0438\u043b\u043b\u0438\u0430\u0440\u0434(?:\u0430|\u043e\u0432)?|\u043b\u044f\u043c(?:\u0430|\u043e\u0432)?|millions?|mln|mn|billions?|bn|m|\u043c|kk|\u043a\u043a)$`,
  'iu',
);

function term(text: string, currency: string, o: ParseOptions): number {
  // "2 тыс 500", "1к 2": a number after a scale may be the amount's rest (2500) or the note's (2 tickets).
  // Millions before it are refused as millions.
  const split = /^(.*\S)\s+\d[\d.,]*$/u.exec(text.trim());
  if (MILLIONS.test(text.trim()) || (split && MILLIONS.test(split[1] as string))) {
    throw new AmountError('millions', `"${text.trim()}": millions (or more) are not read from words; write the amount in digits, e.g. 2000000, or in thousands, 2000k`, o.field ?? 'amount', currencyExponent(currency));
  }
  if (split && THOUSANDS.test(split[1] as string)) {
    throw new AmountError('split_amount', `"${text.trim()}" is ambiguous: write the whole amount as one number (2500 or 2.5k) and the note after it`, o.field ?? 'amount', currencyExponent(currency));
  }
  const k = THOUSANDS.exec(text.trim());
  if (k && /\D/.test(k[1] as string)) {
    // After space grouping a lone separator is the decimal one ("1 500,5 тыс"), as in parseHumanAmount.
    return parseHumanAmount(`${(k[1] as string).replace(GROUP_MARK, '')}${(k[2] ?? '').padEnd(3, '0')}`, currency, o);
  }
  if (k) {
    // "1.5k" is 1500: the decimals of a thousand are whole units, in any currency. But three digits
    // after the separator may be a thousands group ("1,500k": 1.5 thousand with a decimal comma, 1.5
    // million with a group comma, a Korean family's rent in won), unless the whole part could not
    // start a group (a leading zero, four digits), as parseHumanAmount decides for "1,234".
    if (k[2]?.length === 3 && /^[1-9]\d{0,2}$/.test(k[1] as string)) {
      const decimals = k[2].replace(/0+$/, '');
      const small = decimals ? `${k[1]}.${decimals}k` : `${k[1]}k`;
      throw new AmountError('ambiguous_thousands', `"${text.trim()}" is ambiguous: write ${k[1]}${k[2]}k for ${k[1]}${k[2]} thousand or ${small} for ${small.slice(0, -1)} thousand`, o.field ?? 'amount', currencyExponent(currency));
    }
    return parseHumanAmount(`${k[1]}${(k[2] ?? '').padEnd(3, '0')}`, currency, o);
  }
  return parseHumanAmount(text, currency, o);
}

/**
 * Minor units of an amount expression: one amount ("12.50", "1 234,50", "1.5k")
 * or a sum of them ("120+35"). Throws AmountError like parseHumanAmount.
 */
export function parseAmountExpression(input: string, currency: string, o: ParseOptions = {}): number {
  const terms = input.split('+').map((t) => t.trim());
  if (terms.length === 1 || terms[0] === '') return term(input, currency, o);
  let total = 0;
  for (const t of terms) total += term(t, currency, { ...o, allowZero: true });
  // Each number read (its own refusals come first), a multiplier after a plain number may cover it too:
  // "120+35 тыс" is 35 120 to one reader and 155 000 to another. Refused unless every number before a
  // multiplied one carries its own ("120k+35k", "2k+350").
  const scaled = terms.map((t) => THOUSANDS.test(t));
  if (scaled.some((s, i) => s && i > 0 && !scaled[i - 1])) {
    throw new AmountError('ambiguous_sum', `"${input.trim()}" is ambiguous: write the multiplier on every number (120k+35k) or the thousands in digits (120+35000)`, o.field ?? 'amount', currencyExponent(currency));
  }
  if (total > MAX_AMOUNT_MINOR) throw new AmountError('too_large', 'The amount is too large', o.field ?? 'amount', currencyExponent(currency));
  if (total === 0 && !o.allowZero) throw new AmountError('zero', 'The amount must be more than zero', o.field ?? 'amount', currencyExponent(currency));
  return total;
}
