// A JSON number means exactly what was written, or the body is refused.
// JSON.parse turns 10.000000000000001 into 10 and 9007199254740993 into
// 9007199254740992 without a word; an amount or an id silently changed is
// worse than an error. Node 20's JSON.parse does not expose a number's source
// text, so the raw body is scanned once: every number literal must have the
// same decimal value as the double it parses to (1.50, 1e2 and 0.1 pass; the
// currency's own decimals are checked afterwards by the money parser).
// The same scan refuses a key given twice in one object: JSON.parse keeps the
// last ({"family_id":1,"family_id":2} is family 2) where another reader (a
// proxy, a log, a client library) may take the first, so the request would
// not mean one thing.
import { badInput } from './errors.js';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** The exact decimal value of a literal as "digits·10^exp" with no redundant zeros, or undefined (Infinity, NaN). */
export function decimalValue(literal: string): string | undefined {
  const m = DECIMAL.exec(literal);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let digits = ((m[2] ?? '') + frac).replace(/^0+/, '');
  let exp = Number(m[4] ?? 0) - frac.length;
  if (digits === '') return '0';
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  return `${m[1]}${digits}e${exp}`;
}

/** True when JSON.parse keeps the literal's value exactly. */
export function isExactNumber(literal: string): boolean {
  const value = decimalValue(literal);
  return value !== undefined && value === decimalValue(String(Number(literal)));
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** A key as JSON.parse reads it ("\u0061" is "a"); the text was parsed already, so it is valid. */
function keyName(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/**
 * Throws 400 validation naming the field of the first number that JSON would
 * change (reason inexact_number) or of the first key given twice in one object
 * (reason duplicate_key). `text` must be valid JSON (parsed already).
 */
export function assertExactNumbers(text: string): void {
  let key = 'body';
  // The last string's bounds (its text is taken only when it turns out to be a key).
  let stringStart = 0;
  let stringEnd = 0;
  // The keys seen in each object still open, innermost last.
  const objects: Array<Set<string>> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      stringStart = i + 1;
      stringEnd = j;
      i = j;
    } else if (c === 0x7b /* { */) {
      objects.push(new Set());
    } else if (c === 0x7d /* } */) {
      objects.pop();
    } else if (c === 0x3a /* : */) {
      key = keyName(text.slice(stringStart, stringEnd));
      const seen = objects[objects.length - 1];
      if (seen?.has(key)) throw badInput(key.slice(0, 64), `${key.slice(0, 64)} is given twice; send each field once`, 'duplicate_key');
      seen?.add(key);
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      // An integer of at most 15 digits (every id, most amounts in minor units) is below 2^53: always exact.
      let j = c === 0x2d ? i + 1 : i;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      const next = j < text.length ? text.charCodeAt(j) : 0;
      if (j - i <= 15 && next !== 0x2e /* . */ && next !== 0x65 /* e */ && next !== 0x45 /* E */) {
        i = j - 1;
        continue;
      }
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue;
      const literal = m[0];
      if (!isExactNumber(literal)) {
        throw badInput(
          key,
          `${key} is ${literal.slice(0, 40)}, which a JSON number cannot hold exactly; send it as a decimal string ("${literal.slice(0, 40)}") or with fewer digits`,
          'inexact_number',
        );
      }
      i += literal.length - 1;
    }
  }
}
