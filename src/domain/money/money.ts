// Money is an integer count of minor units plus a currency. Only this module
// turns text into minor units and back; nothing in the app holds a float amount.
import { DomainError } from '../errors.js';
import { currencyExponent, isCurrencyCode } from './currency.js';

/** Largest amount accepted for one transaction: 10^15 minor units (10 trillion USD). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000_000;

export type ParseOptions = { allowNegative?: boolean; allowZero?: boolean; field?: string };

export type AmountErrorReason =
  | 'empty'
  | 'not_a_number'
  | 'too_many_decimals'
  | 'ambiguous'
  /** "1,500k": 1.5 thousand or 1.5 million (parseAmountExpression). */
  | 'ambiguous_thousands'
  /** "120+35 тыс": 120 + 35 thousand or (120 + 35) thousand; refused, not guessed (parseAmountExpression). */
  | 'ambiguous_sum'
  /** "2 тыс 500": 2500, or 2000 and a number of the note; refused, not guessed (parseAmountExpression). */
  | 'split_amount'
  /** "1 50 coffee", "coffee 1 50", "2 coffees 5": a number beside the amount's; 150, 1.50, or 1 and 50? Refused, not guessed (quick entry). */
  | 'separate_numbers'
  /** "2 млн", "3 million", "1 млрд": millions (or more) in words are refused, not read as 2 or 3 (parseAmountExpression). */
  | 'millions'
  | 'negative'
  | 'zero'
  | 'too_large'
  | 'unknown_currency';

export class AmountError extends DomainError {
  constructor(
    readonly reason: AmountErrorReason,
    message: string,
    field = 'amount',
    readonly exponent?: number,
  ) {
    super('validation', message, { field, reason, ...(exponent === undefined ? {} : { exponent }) });
  }
}

function exponentOf(currency: string): number {
  if (!isCurrencyCode(currency)) throw new AmountError('unknown_currency', `Unknown currency ${currency}`, 'currency');
  return currencyExponent(currency);
}

/** Builds minor units from sign, integer digits and fraction digits, checking every limit. */
function toMinor(negative: boolean, intDigits: string, fracDigits: string, exponent: number, o: ParseOptions): number {
  const field = o.field ?? 'amount';
  if (fracDigits.length > exponent) {
    throw new AmountError(
      'too_many_decimals',
      exponent === 0 ? 'This currency has no decimal places' : `At most ${exponent} decimal places are allowed`,
      field,
      exponent,
    );
  }
  const digits = (intDigits.replace(/^0+(?=\d)/, '') + fracDigits.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  // Compare as strings first so that a 400-digit input never becomes a lossy Number.
  if (digits.length > String(MAX_AMOUNT_MINOR).length || (digits.length === String(MAX_AMOUNT_MINOR).length && digits > String(MAX_AMOUNT_MINOR))) {
    throw new AmountError('too_large', 'The amount is too large', field, exponent);
  }
  const value = Number(digits);
  if (value === 0 && !o.allowZero) throw new AmountError('zero', 'The amount must be greater than zero', field, exponent);
  if (negative && value !== 0 && !o.allowNegative) throw new AmountError('negative', 'The amount must be positive', field, exponent);
  return negative && value !== 0 ? -value : value;
}

/**
 * Strict machine format for the API: a JSON number or a decimal string with a
 * dot ("50", "50.5", "-3.25"). No grouping, no exponents.
 */
export function parseDecimalAmount(input: unknown, currency: string, o: ParseOptions = {}): number {
  const field = o.field ?? 'amount';
  const exponent = exponentOf(currency);
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new AmountError('not_a_number', 'The amount must be a finite number', field);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new AmountError('not_a_number', 'The amount must be a number or a decimal string', field);
  }
  if (text === '') throw new AmountError('empty', 'The amount is required', field);
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  // The example in the currency's own decimals: "50" for won, "50.000" for dinars.
  if (!m) throw new AmountError('not_a_number', `"${text.slice(0, 40)}" is not a decimal amount such as ${exponent === 0 ? '50' : `50.${'0'.repeat(exponent)}`}`, field);
  return toMinor(m[1] === '-', m[2] as string, m[3] ?? '', exponent, o);
}

/**
 * What groups thousands besides a plain space, as regex class text: no-break, narrow no-break and thin
 * spaces (pasted formatted figures), the apostrophe and the typographic one phones type for it ("1’500").
 * The quick-entry grammar uses the same set, so it never ends an amount where this reader would go on.
 */
export const GROUP_MARKS = "\\u00a0\\u202f\\u2009'\\u2019";
const SPACES = new RegExp(`[\\s${GROUP_MARKS}]`, 'u');
const SPACES_ALL = new RegExp(SPACES.source, 'gu');
const HUMAN_CHARS = new RegExp(`^[\\d.,\\s${GROUP_MARKS}]+$`, 'u');
const SPACE_GROUPED = new RegExp(`^\\d{1,3}(?:[\\s${GROUP_MARKS}]\\d{3})+(?:[.,]\\d+)?$`, 'u');

/**
 * Lenient human format for the bot: "50", "50,5", "1,234.56", "1 234,56",
 * "1.234.567". Where a single separator is followed by exactly three digits
 * ("1,234" or "1.234") it could be a thousands group or decimals, so it is
 * refused unless the currency has no decimals at all.
 */
export function parseHumanAmount(input: string, currency: string, o: ParseOptions = {}): number {
  const field = o.field ?? 'amount';
  const exponent = exponentOf(currency);
  let text = input.trim();
  if (text === '') throw new AmountError('empty', 'The amount is required', field, exponent);
  let negative = false;
  if (text[0] === '-' || text[0] === '−' || text[0] === '+') {
    negative = text[0] !== '+';
    text = text.slice(1).trim();
  }
  if (!/^\d/.test(text) || !HUMAN_CHARS.test(text)) {
    throw new AmountError('not_a_number', `"${input.trim().slice(0, 40)}" is not an amount`, field, exponent);
  }
  // Spaces and apostrophes only ever group thousands ("1 234,56", "1'234.50").
  if (SPACES.test(text)) {
    if (!SPACE_GROUPED.test(text)) {
      throw new AmountError('not_a_number', `"${input.trim()}" has misplaced spaces`, field, exponent);
    }
    const stripped = text.replace(SPACES_ALL, '');
    // With space grouping, a lone separator is always the decimal one.
    const m = /^(\d+)(?:[.,](\d+))?$/.exec(stripped);
    if (!m) throw new AmountError('not_a_number', `"${input.trim()}" is not an amount`, field, exponent);
    return toMinor(negative, m[1] as string, m[2] ?? '', exponent, o);
  }
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  let intPart: string;
  let fracPart = '';
  const splitGroups = (s: string, sep: string): string => {
    const parts = s.split(sep);
    if (!/^\d{1,3}$/.test(parts[0] as string) || !parts.slice(1).every((p) => /^\d{3}$/.test(p))) {
      throw new AmountError('not_a_number', `"${input.trim()}" has misplaced separators`, field, exponent);
    }
    return parts.join('');
  };
  if (dots && commas) {
    const decimalSep = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const groupSep = decimalSep === '.' ? ',' : '.';
    const at = text.lastIndexOf(decimalSep);
    if (text.indexOf(decimalSep) !== at) throw new AmountError('not_a_number', `"${input.trim()}" has two decimal separators`, field, exponent);
    intPart = splitGroups(text.slice(0, at), groupSep);
    fracPart = text.slice(at + 1);
    if (!/^\d*$/.test(fracPart)) throw new AmountError('not_a_number', `"${input.trim()}" is not an amount`, field, exponent);
  } else if (dots + commas === 0) {
    intPart = text;
  } else {
    const sep = dots ? '.' : ',';
    const count = dots || commas;
    if (count > 1) {
      intPart = splitGroups(text, sep);
    } else {
      const [a, b] = text.split(sep) as [string, string];
      // A leading zero ("0,500") is never a thousands group: those are decimals.
      // In a three-decimal currency (BHD, KWD, OMR) a dot before three digits is
      // its decimal point ("12.345" is how those amounts are written; refusing it
      // left no plain way to type one); a comma there is still ambiguous
      // (thousands in English, decimals in Russian or French).
      const threeDecimalsWithDot = exponent === 3 && sep === '.';
      if (b.length === 3 && /^[1-9]\d{0,2}$/.test(a) && exponent > 0 && !threeDecimalsWithDot) {
        const decimals = exponent === 3 ? `${a}.${b}` : `${a}${sep}${b.slice(0, exponent)}`;
        throw new AmountError('ambiguous', `"${input.trim()}" is ambiguous: write ${a}${b} for thousands or ${decimals} for decimals`, field, exponent);
      }
      if (b.length === 3 && exponent === 0 && /^[1-9]\d{0,2}$/.test(a)) {
        intPart = a + b;
      } else {
        intPart = a;
        fracPart = b;
      }
    }
  }
  if (intPart === '' || !/^\d+$/.test(intPart)) throw new AmountError('not_a_number', `"${input.trim()}" is not an amount`, field, exponent);
  return toMinor(negative, intPart, fracPart, exponent, o);
}

/**
 * Exact decimal string for the API: 5000 USD → "50.00", 5000 KRW → "5000", -1234 BHD → "-1.234".
 * A sum of many amounts may pass 2^53 (a won family's year): it comes as a bigint and is written exactly.
 */
export function toDecimalString(minor: number | bigint, currency: string): string {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError(`Not a safe integer amount: ${minor}`);
  return scaledDecimal(minor, currencyExponent(currency));
}

/** An integer count of 10^-scale units as an exact decimal string: (1255, 3) → "1.255", (-5n, 3) → "-0.005", (5000, 0) → "5000". */
export function scaledDecimal(units: number | bigint, scale: number): string {
  const sign = units < 0 ? '-' : '';
  const digits = String(units < 0 ? -units : units);
  if (scale === 0) return sign + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Human format through Intl for a locale: formatMoney(123456, 'USD', 'en') → "$1,234.56". */
export function formatMoney(minor: number | bigint, currency: string, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  let nf = formatters.get(key);
  if (!nf) {
    const exponent = currencyExponent(currency);
    nf = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, nf);
  }
  // Intl formats a decimal string exactly (no float rounding on the way).
  return nf.format(toDecimalString(minor, currency) as unknown as number);
}
