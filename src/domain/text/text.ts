// The one rule for text people type, used by the core for every text field,
// so the bot and the API accept and refuse exactly the same strings:
//  - it must be valid Unicode (no lone surrogates, which JSON's \ud800 can carry);
//  - control characters (C0 but newline where allowed, DEL, C1) and the
//    invisible direction controls (U+202A–U+202E, U+2066–U+2069, U+200E/F,
//    U+061C) and U+FEFF are refused in names (shown to others: an override can
//    make "Cash" read as something else) and stripped from free text;
//  - it is NFC-normalised and trimmed; names get inner whitespace collapsed,
//    and a required name must draw something (not only zero-width characters);
//  - length is counted in Unicode code points, like JSON Schema's maxLength,
//    so a limit means the same in a route schema and in the core.
// Zero-width joiners stay: emoji sequences (👨‍👩‍👧) need them.
import { validation } from '../errors.js';

// eslint-disable-next-line no-control-regex -- these are exactly the characters the rule is about
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u2028\u2029]/gu;
// A tab or newline in a one-line field.
const LINE_BREAKS = /[\t\n\r]/gu;
// What draws nothing: whitespace and the default-ignorable code points (zero-width
// space, joiners, word joiner, variation selectors, Hangul fillers, soft hyphen…).
// A name made only of these would show as blank, so it counts as empty.
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}]/gu;

/** True when the text draws at least one character. */
export function hasVisibleText(value: string): boolean {
  return value.replace(INVISIBLE, '') !== '';
}

export type TextRule = {
  field: string;
  /** Most code points allowed. */
  max: number;
  /** Fewest (after trimming); 1 makes the field required to be non-blank. Default 0. */
  min?: number;
  /** 'name': refused when unsafe, one line, spaces collapsed. 'free': unsafe characters stripped, newlines kept. */
  kind: 'name' | 'free';
};

/** Code points, as JSON Schema counts maxLength. */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export function isWellFormedText(value: string): boolean {
  // String.prototype.isWellFormed exists from Node 20; the regex is the same check spelled out.
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** Lone surrogates replaced by U+FFFD: for text we must keep whatever it is (names Telegram gives us). */
export function toWellFormedText(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Printable ASCII (space to tilde): well-formed, its own NFC form, no control,
 * direction or line-break character, whitespace only spaces, one code point a
 * character. Most of what people type (amounts' notes, names) is this, and the
 * rule then reduces to trimming (and collapsing spaces in names).
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Applies the rule; throws `validation` (field, reason) when the text cannot be accepted. */
export function cleanText(input: string, rule: TextRule, min = rule.min ?? 0): string {
  if (PRINTABLE_ASCII.test(input)) {
    const text = rule.kind === 'name' ? input.trim().replace(/ {2,}/g, ' ') : input.trim();
    return checkLength(text, text.length, rule, min);
  }
  return cleanTextInFull(input, rule, min);
}

/** cleanText without its printable-ASCII shortcut (exported for the test that holds the two equal). */
export function cleanTextInFull(input: string, rule: TextRule, min = rule.min ?? 0): string {
  if (!isWellFormedText(input)) throw validation(rule.field, `${rule.field} is not valid Unicode text`, { reason: 'invalid_unicode' });
  let text = input.normalize('NFC');
  if (rule.kind === 'name') {
    text = text.replace(LINE_BREAKS, ' ');
    if (text.match(UNSAFE)) {
      throw validation(rule.field, `${rule.field} contains invisible control or text-direction characters`, { reason: 'unsafe_characters' });
    }
    text = text.trim().replace(/\s+/gu, ' ');
    if (min > 0 && text !== '' && !hasVisibleText(text)) throw validation(rule.field, `${rule.field} must not be empty`, { reason: 'too_short' });
  } else {
    text = text.replace(/\r\n?/gu, '\n').replace(UNSAFE, '').trim();
  }
  return checkLength(text, textLength(text), rule, min);
}

function checkLength(text: string, length: number, rule: TextRule, min: number): string {
  if (length < min) throw validation(rule.field, `${rule.field} must not be empty`, { reason: 'too_short' });
  if (length > rule.max) throw validation(rule.field, `${rule.field} must be at most ${rule.max} characters`, { reason: 'too_long' });
  return text;
}

/** Like cleanText; null, undefined and blank become null. */
export function cleanOptionalText(input: string | null | undefined, rule: TextRule): string | null {
  if (input === null || input === undefined) return null;
  const text = cleanText(input, rule, 0);
  return text === '' ? null : text;
}

/**
 * Every field people type, with its one rule: the core applies these, and the
 * API's schemas use the same `max` as their maxLength (tests/domain/text-limits.test.ts
 * walks the OpenAPI document and compares).
 */
export const TEXT_RULES = {
  userName: { field: 'name', max: 64, min: 1, kind: 'name' },
  familyName: { field: 'name', max: 64, min: 1, kind: 'name' },
  walletName: { field: 'name', max: 48, min: 1, kind: 'name' },
  categoryName: { field: 'name', max: 48, min: 1, kind: 'name' },
  goalName: { field: 'name', max: 64, min: 1, kind: 'name' },
  transactionDescription: { field: 'description', max: 500, kind: 'free' },
  reason: { field: 'reason', max: 500, kind: 'free' },
  recurringDescription: { field: 'description', max: 500, kind: 'free' },
  /** Words searched for in descriptions (the transaction list's and the Mini App's `q`). */
  searchQuery: { field: 'q', max: 100, kind: 'free' },
  /** A category's emoji: one emoji (checked further by checkEmoji), at most 16 code points with its modifiers. */
  emoji: { field: 'emoji', max: 16, kind: 'name' },
  /** A Telegram first name / last name / username as Telegram gives it, and a group's title. */
  telegramName: { field: 'name', max: 64, kind: 'name' },
  groupTitle: { field: 'title', max: 128, kind: 'name' },
  /** Words that suggest a category (not reachable over the API yet). */
  keywords: { field: 'keywords', max: 1000, kind: 'free' },
} as const satisfies Record<string, TextRule>;

/**
 * Text Telegram gives us (a person's name, a group's title): we cannot refuse
 * it, so it is made safe instead: lone surrogates replaced, controls and
 * direction overrides stripped, one line, NFC, cut to the limit. Blank → null.
 */
export function safeForeignText(input: string | null | undefined, rule: TextRule): string | null {
  if (input === null || input === undefined) return null;
  const text = toWellFormedText(input).normalize('NFC').replace(LINE_BREAKS, ' ').replace(UNSAFE, '').trim().replace(/\s+/gu, ' ');
  const cut = [...text].slice(0, rule.max).join('').trim();
  return hasVisibleText(cut) ? cut : null;
}
