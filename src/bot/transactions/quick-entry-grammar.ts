// How people type money in the chat: the quick-entry grammar. Pure text
// reading; amounts themselves are read by the core (parseAmountExpression).
//
//   50 coffee · 1 234,50 groceries · 12.5           amount first
//   coffee 50 · lunch €20                            amount after the words
//   $50 coffee · 50$ coffee · €20 lunch · 50р кофе   a currency symbol before or after
//   coffee 4500₩ · 4500원 · 500円 ramen              (₩ ₫ either side; 원 円 after, as they are written)
//   50 usd coffee · 50 EUR                           a currency code after the amount
//   9250 рублей · 50 dollars taxi · taxi 50 dollars  a currency word next to the amount
//   lunch EUR 20 · обед евро 20                      (first after it, or right before or after it at the end)
//   1.5k rent · 2 k rent · 120+35 groceries          thousands, a simple sum
//   кофе 2 тыс · 2тыс · 500 тысяч · 2 thousand rent  thousands in words (the core reads them)
//   2 млн квартира · 2млн · 3 million · 2m · 2кк     millions (or more) in words or letters: the core refuses them
//   +3000 salary                                     "+" is an income
//   -5 refund                                        "-" is an expense (an explicit sign beats the words)
// Without a sign, an income word ("salary", "зарплата", "refund"…) first in
// the note makes it an income. A currency named twice, differently ("$50 EUR",
// "$50 euros"), is no entry: the bot does not pick one of them. A name several
// currencies share ("$", "dollars", "рублей") lists them all (currencies): the
// core picks the person's own. A currency word with a number before it belongs
// to that number ("купил 100 долларов 9200" is 9200 in the default wallet), and
// minor units ("50 cents", "100 рублей 50 копеек", "500 fils") make no entry: they are not
// whole units (minorUnitsNamed lets the bot say so).
import { GROUP_MARKS, currenciesNamedBy, minorUnitDigits } from '../../domain/index.js';

export type QuickEntry = {
  income: boolean;
  /** The amount as typed, without sign or currency: "50", "1.5k", "120+35". */
  amountText: string;
  /** The currency the person named, if any (ISO code); the usual one when the name is shared ("dollars": USD). */
  currency?: string;
  /** Every currency the name may mean, currency first ("dollars": USD, CAD, AUD…); set with currency. */
  currencies?: readonly string[];
  note: string;
  /** Where the amount stood: first ("50 coffee") or after the words ("coffee 50"). */
  form: 'amount-first' | 'amount-last';
  sign: '+' | '-' | '';
};

// Currency signs, Cyrillic letters and the minus sign come from plain strings, never from
// inside String.raw: esbuild writes plain strings with \u escapes, so the single executable's
// bundle stays Latin-1 (see scripts/build-binary.mjs).
const SIGNS = '$€£₽₴₸¥₹₺₩₫';
const KA = 'кК';
// Marks that are letters, written after the amount: rubles, hryvnias, won (원), yen (円).
const LETTER_MARKS = 'руб\\.?|р\\.?|грн|원|円';
const MINUS = '−';
// Thousands grouped by a space or any mark the core reads as one (a thin space, "1’500"): a grammar that
// stopped earlier read "1 500 coffee" (thin space) as 1 with the note "500 coffee".
const NUM = String.raw`\d{1,3}(?:[ ${GROUP_MARKS}]\d{3})+(?:[.,]\d+)?|\d[\d.,]*`;
// Words of a scale after a space, any case: thousands ("2 тыс", "5 тысяч", "2 thousand") are read by
// the core; millions and more ("2 млн", "3 million") stay with the amount so the core refuses them
// rather than the word going into the note and the amount read as 2.
const anyCase = (word: string) => [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');
const SCALE_WORDS = ['тысяча', 'тысячи', 'тысяч', 'тыс', 'thousands', 'thousand', 'миллионов', 'миллиона', 'миллион', 'млн', 'миллиардов', 'миллиарда', 'миллиард', 'млрд', 'millions', 'million', 'mln', 'mn', 'billions', 'billion', 'bn', 'лямов', 'ляма', 'лям']
  .map(anyCase)
  .join('|');
// With a space or without one: "2 тыс" and "2тыс", "2 млн" and "2млн".
const SCALE = `\\s?(?:${SCALE_WORDS})\\.?`;
const EM = 'мМ';
// Scale letters, as k always was: k/к thousands; m/м, kk/кк millions (the core refuses those, so "2m" is
// never 2 with the note "m"). Written apart, a Latin one is read before a space or the end ("2 k rent",
// "2 m"), a Cyrillic one only at the end or before "+" or a currency sign: "100 к чаю" is 100 towards tea.
const LETTER_SCALE = String.raw`(?:[kK]{2}|[${KA}]{2}|[kKmM${KA}${EM}])(?!\p{L})|\s(?:[kK]{2}|[${KA}]{2}|[kKmM])(?=[\s+]|$)|\s[${KA}${EM}](?=\s*(?:[+${SIGNS}]|$))`;
// A number right after a scale stays with the amount for the core to ask about: "2 тыс 500" may be 2500
// or 2000 with "500" in the note (it was the latter, and "ремонт 2 тыс 500" was 500).
const AFTER_SCALE = String.raw`(?:\s+\d[\d.,]*(?![\d.,]))?`;
const TERM = String.raw`(?:${NUM})(?:(?:${LETTER_SCALE}|${SCALE}(?!\p{L}))${AFTER_SCALE})?`;
const EXPR = String.raw`${TERM}(?:\s*\+\s*${TERM})*`;
const PRE = String.raw`[${SIGNS}]`;
const POST = String.raw`(?:[${SIGNS}]|${LETTER_MARKS})(?!\p{L})`;
const SIGN = String.raw`[+\-${MINUS}]`;

const AMOUNT_FIRST = new RegExp(String.raw`^\s*(${SIGN}?)\s*(${PRE})?\s*(${EXPR})\s?(${POST})?(?:\s+([\s\S]*))?$`, 'u');
// The word after a final amount: a currency code or word ("taxi 50 dollars"); another word only if it has three letters ("lunch 20 bus").
const AMOUNT_LAST = new RegExp(String.raw`^(\S*\p{L}[\s\S]*?)\s+(${SIGN}?)(${PRE})?(${EXPR})\s?(${POST})?(?:\s+(\p{L}+\.?))?\s*$`, 'u');
const THREE_LETTERS = /^\p{L}{3}$/u;
// A comma or colon may follow the word: "50 euros, lunch".
const FIRST_WORD = /^(\S+?)[,;:]?(?:\s+([\s\S]*))?$/;
const LAST_WORD = /^(?:([\s\S]*?)\s+)?(\S+)$/;

const INCOME_WORDS = new Set([
  'salary', 'income', 'wage', 'wages', 'paycheck', 'bonus', 'refund', 'cashback', 'dividends', 'interest',
  'зарплата', 'зп', 'аванс', 'премия', 'доход', 'возврат', 'кэшбэк', 'кешбэк', 'дивиденды', 'проценты',
]);

type Named = { currencies?: readonly string[] };

/** Adds the currencies a word may name to those named so far (what both may mean); false when none is left. */
function agree(named: readonly string[], so: Named): boolean {
  const both = so.currencies === undefined ? named : so.currencies.filter((c) => named.includes(c));
  if (both.length === 0) return false;
  so.currencies = both;
  return true;
}

const NUMBER_WORD = /\d$/;
// "won" right before a final amount is the verb ("bet won 500"), not the Korean currency; after it, it is ("coffee 4500 won").
const NOT_BEFORE = new Set(['won']);

function build(form: QuickEntry['form'], sign: string, pre: string | undefined, amountText: string, post: string | undefined, after: string | undefined, rest: string): QuickEntry | undefined {
  let note = rest.trim();
  const mark = pre ?? post?.trim();
  const so: Named = mark ? { currencies: currenciesNamedBy(mark) } : {};
  if (form === 'amount-first') {
    // The first word after the amount may name its currency: "9250 рублей", "50 usd coffee", "50 dollars taxi".
    const [, word = '', others = ''] = FIRST_WORD.exec(note) ?? [];
    const named = currenciesNamedBy(word);
    if (named !== undefined) {
      if (!agree(named, so)) return undefined;
      note = others.trim();
    }
  } else {
    // The word right before a final amount may name it: "lunch EUR 20", "обед евро 20".
    const [, others = '', word = ''] = LAST_WORD.exec(note) ?? [];
    const before = NOT_BEFORE.has(word.toLowerCase()) ? undefined : currenciesNamedBy(word);
    // ...unless a number comes before the word, whose it is: "купил 100 долларов 9200", "steak 3 pounds 12".
    const numberBefore = NUMBER_WORD.test(LAST_WORD.exec(others)?.[2] ?? '');
    if (before !== undefined && !numberBefore) {
      if (!agree(before, so)) return undefined;
      note = others.trim();
    }
    if (after !== undefined) {
      const named = currenciesNamedBy(after);
      // Any other word after a final amount makes it no entry ("meet at 5 pm"); a three-letter one stays in the note, as it always did.
      if (named === undefined && !THREE_LETTERS.test(after)) return undefined;
      if (named === undefined) note = `${note} ${after}`.trim();
      else if (!agree(named, so)) return undefined;
    }
  }
  const { currencies } = so;
  const currency = currencies?.[0];
  const normalizedSign = sign === '+' ? '+' : sign ? '-' : '';
  const firstWord = note.toLowerCase().split(/[^\p{L}\p{N}]+/u)[0] ?? '';
  const income = normalizedSign === '+' || (normalizedSign === '' && INCOME_WORDS.has(firstWord));
  return { income, amountText: amountText.replace(/\s*\+\s*/g, '+'), ...(currency ? { currency, currencies } : {}), note, form, sign: normalizedSign };
}

/** Reads a quick entry, or undefined when the text is not one (then it is not ours). */
export function parseQuickEntry(text: string): QuickEntry | undefined {
  if (minorUnitsNamed(text)) return undefined;
  const first = AMOUNT_FIRST.exec(text);
  if (first) return build('amount-first', first[1] ?? '', first[2], first[3] as string, first[4], undefined, first[5] ?? '');
  const last = AMOUNT_LAST.exec(text);
  if (last) return build('amount-last', last[2] ?? '', last[3], last[4] as string, last[5], last[6], last[1] as string);
  return undefined;
}

/**
 * True when a text is clearly meant as a quick entry even while a question
 * waits: an amount first followed by words, or with a sign or a currency
 * ("12 bus", "+50 refund", "$5", "9250 рублей"). A bare number, or words ending in a number
 * ("Card 2"), may answer the question.
 */
export function isClearQuickEntry(text: string): boolean {
  const entry = parseQuickEntry(text);
  return entry !== undefined && entry.form === 'amount-first' && (entry.note !== '' || entry.sign !== '' || entry.currency !== undefined);
}

/**
 * "50 cents", "coffee 50 коп", "100 рублей 50 копеек", "500 fils": a number followed by a word of minor
 * units, with how many digits a whole unit has (fils: 3); undefined when the text names none.
 */
export function minorUnitsNamed(text: string): { word: string; digits: number } | undefined {
  const words = text.split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const digits = minorUnitDigits(words[i] as string);
    if (digits !== undefined && NUMBER_WORD.test(words[i - 1] ?? '')) return { word: (words[i] as string).replace(/[.,;:!?]+$/, ''), digits };
  }
  return undefined;
}
