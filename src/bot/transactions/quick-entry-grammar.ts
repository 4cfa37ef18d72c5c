// How people type money in the chat: the quick-entry grammar. Pure text
// reading; amounts themselves are read by the core (parseAmountExpression).
//
//   50 coffee · 1 234,50 groceries · 12.5           amount first
//   coffee 50 · lunch €20                            amount after the words
//   $50 coffee · 50$ coffee · €20 lunch · 50р кофе   a currency symbol before or after
//   50 usd coffee · 50 EUR                           a currency code after the amount
//   1.5k rent · 120+35 groceries                     thousands, a simple sum
//   +3000 salary                                     "+" is an income
//   -5 refund                                        "-" is an expense (an explicit sign beats the words)
// Without a sign, an income word ("salary", "зарплата", "refund"…) first in
// the note makes it an income.
import { currencyOfMark } from '../../domain/index.js';

export type QuickEntry = {
  income: boolean;
  /** The amount as typed, without sign or currency: "50", "1.5k", "120+35". */
  amountText: string;
  /** The currency the person named, if any (ISO code). */
  currency?: string;
  note: string;
  /** Where the amount stood: first ("50 coffee") or after the words ("coffee 50"). */
  form: 'amount-first' | 'amount-last';
  sign: '+' | '-' | '';
};

// Currency signs, Cyrillic letters and the minus sign come from plain strings, never from
// inside String.raw: esbuild writes plain strings with \u escapes, so the single executable's
// bundle stays Latin-1 (see scripts/build-binary.mjs).
const SIGNS = '$€£₽₴₸¥₹₺';
const KA = 'кК';
const RUB_UAH = 'руб\\.?|р\\.?|грн';
const MINUS = '−';
const NUM = String.raw`\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?|\d[\d.,]*`;
const TERM = String.raw`(?:${NUM})(?:[kK${KA}](?!\p{L}))?`;
const EXPR = String.raw`${TERM}(?:\s*\+\s*${TERM})*`;
const PRE = String.raw`[${SIGNS}]`;
const POST = String.raw`(?:[${SIGNS}]|${RUB_UAH})(?!\p{L})`;
const SIGN = String.raw`[+\-${MINUS}]`;

const AMOUNT_FIRST = new RegExp(String.raw`^\s*(${SIGN}?)\s*(${PRE})?\s*(${EXPR})\s?(${POST})?(?:\s+(\p{L}{3})(?=\s|$))?(?:\s+([\s\S]*))?$`, 'u');
const AMOUNT_LAST = new RegExp(String.raw`^(\S*\p{L}[\s\S]*?)\s+(${SIGN}?)(${PRE})?(${EXPR})\s?(${POST})?(?:\s+(\p{L}{3}))?\s*$`, 'u');

const INCOME_WORDS = new Set([
  'salary', 'income', 'wage', 'wages', 'paycheck', 'bonus', 'refund', 'cashback', 'dividends', 'interest',
  'зарплата', 'зп', 'аванс', 'премия', 'доход', 'возврат', 'кэшбэк', 'кешбэк', 'дивиденды', 'проценты',
]);

function build(form: QuickEntry['form'], sign: string, pre: string | undefined, amountText: string, post: string | undefined, code: string | undefined, rest: string): QuickEntry | undefined {
  let note = rest.trim();
  let currency = pre ? currencyOfMark(pre) : post ? currencyOfMark(post.trim()) : undefined;
  if (code !== undefined) {
    const named = currencyOfMark(code);
    // A three-letter word that is no currency belongs to the note ("50 bus fare").
    if (named === undefined) note = form === 'amount-first' ? `${code} ${note}`.trim() : `${note} ${code}`.trim();
    else if (currency !== undefined && named !== currency) return undefined;
    else currency = named;
  }
  const normalizedSign = sign === '+' ? '+' : sign ? '-' : '';
  const firstWord = note.toLowerCase().split(/[^\p{L}\p{N}]+/u)[0] ?? '';
  const income = normalizedSign === '+' || (normalizedSign === '' && INCOME_WORDS.has(firstWord));
  return { income, amountText: amountText.replace(/\s*\+\s*/g, '+'), ...(currency ? { currency } : {}), note, form, sign: normalizedSign };
}

/** Reads a quick entry, or undefined when the text is not one (then it is not ours). */
export function parseQuickEntry(text: string): QuickEntry | undefined {
  const first = AMOUNT_FIRST.exec(text);
  if (first) return build('amount-first', first[1] ?? '', first[2], first[3] as string, first[4], first[5], first[6] ?? '');
  const last = AMOUNT_LAST.exec(text);
  if (last) return build('amount-last', last[2] ?? '', last[3], last[4] as string, last[5], last[6], last[1] as string);
  return undefined;
}

/**
 * True when a text is clearly meant as a quick entry even while a question
 * waits: an amount first followed by words, or with a sign or a currency
 * ("12 bus", "+50 refund", "$5"). A bare number, or words ending in a number
 * ("Card 2"), may answer the question.
 */
export function isClearQuickEntry(text: string): boolean {
  const entry = parseQuickEntry(text);
  return entry !== undefined && entry.form === 'amount-first' && (entry.note !== '' || entry.sign !== '' || entry.currency !== undefined);
}
