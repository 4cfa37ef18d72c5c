// Currencies as people name them in words next to an amount ("9250 рублей",
// "50 dollars", "20 евро", "5 yen"), beside the signs and codes of
// currencyOfMark. One table, read by the quick-entry grammar and by the bot's
// answers to amount questions, so both name the same currency for a word.
//
// "pound(s)"/"фунт…" can be a weight ("5 pounds apples"); they stay: a named
// currency picks the family's wallet in it, and a family without one is told
// so and nothing is recorded, never filed in another currency. Plain string
// keys, not a regex: the single executable's bundle stays Latin-1.
//
// Some names are shared: a Canadian's "dollars" and "$" are Canadian dollars,
// a Belarusian's "рублей" Belarusian rubles. currenciesNamedBy lists every
// currency such a name may mean (the usual one first); the core files the
// entry in the person's default wallet when its currency is one of them, so a
// CAD family with a USD card does not see "50 dollars gas" go to the card.
import { currencyOfMark } from './expression.js';

const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD'];
const RUBLES = ['RUB', 'BYN'];
// Dinars: the three-decimal ones first (Bahrain, Kuwait, Jordan, Iraq, Libya, Tunisia), then Serbia's and Algeria's.
const DINARS = ['BHD', 'KWD', 'JOD', 'IQD', 'LYD', 'TND', 'RSD', 'DZD'];
// Rials: Oman's (three decimals), Iran's, Yemen's; riyals are Saudi Arabia's and Qatar's.
const RIALS = ['OMR', 'IRR', 'YER'];
const RIYALS = ['SAR', 'QAR'];
// Signs and short marks shared by several currencies (the words are below).
const SHARED_MARKS: Record<string, string[]> = { $: DOLLARS, р: RUBLES, 'р.': RUBLES, руб: RUBLES, 'руб.': RUBLES };

// Minor units: "50 cents", "40 копеек", "500 fils". The bot does not read them as whole units ("50 cents"
// is not $50, "500 fils" not 500 dinars). Each with how many of its digits a whole unit has (fils, baisa: 3).
const MINOR_UNIT_WORDS: Record<string, number> = Object.fromEntries([
  ...['cent', 'cents', 'penny', 'pennies', 'pence', 'eurocent', 'eurocents', 'halala', 'halalas'].map((w) => [w, 2]),
  ...['копейка', 'копейки', 'копеек', 'копейку', 'коп', 'цент', 'цента', 'центов', 'центы', 'евроцент', 'евроцента', 'евроцентов', 'халала', 'халалы', 'халал'].map((w) => [w, 2]),
  ...['fils', 'baisa', 'baisas', 'baiza', 'baizas', 'филс', 'филса', 'филсов', 'филсы', 'байза', 'байзы', 'байз'].map((w) => [w, 3]),
]);

const WORDS: Record<string, string> = {
  рубль: 'RUB', рубля: 'RUB', рублей: 'RUB', рубли: 'RUB', рублях: 'RUB', руб: 'RUB',
  ruble: 'RUB', rubles: 'RUB', rouble: 'RUB', roubles: 'RUB',
  доллар: 'USD', доллара: 'USD', долларов: 'USD', доллары: 'USD', долл: 'USD',
  бакс: 'USD', бакса: 'USD', баксов: 'USD', баксы: 'USD',
  dollar: 'USD', dollars: 'USD', buck: 'USD', bucks: 'USD',
  евро: 'EUR', euro: 'EUR', euros: 'EUR',
  фунт: 'GBP', фунта: 'GBP', фунтов: 'GBP', фунты: 'GBP', pound: 'GBP', pounds: 'GBP', quid: 'GBP',
  гривна: 'UAH', гривны: 'UAH', гривен: 'UAH', гривну: 'UAH', гривня: 'UAH', гривень: 'UAH',
  hryvnia: 'UAH', hryvnias: 'UAH', hryvnya: 'UAH',
  тенге: 'KZT', tenge: 'KZT',
  иена: 'JPY', иены: 'JPY', иен: 'JPY', иену: 'JPY', йена: 'JPY', йены: 'JPY', йен: 'JPY', йену: 'JPY', yen: 'JPY',
  вона: 'KRW', воны: 'KRW', вон: 'KRW', вону: 'KRW', won: 'KRW',
  донг: 'VND', донга: 'VND', донгов: 'VND', донги: 'VND', dong: 'VND', dongs: 'VND',
  динар: 'BHD', динара: 'BHD', динаров: 'BHD', динары: 'BHD', dinar: 'BHD', dinars: 'BHD',
  риал: 'OMR', риала: 'OMR', риалов: 'OMR', риалы: 'OMR', rial: 'OMR', rials: 'OMR',
  риял: 'SAR', рияла: 'SAR', риялов: 'SAR', риялы: 'SAR', riyal: 'SAR', riyals: 'SAR',
};

/** The currency a word names ("рублей" → RUB, "Dollars" → USD, "долл." → USD), or undefined. */
export function currencyOfWord(word: string): string | undefined {
  const key = word.toLowerCase().replace(/\.$/, '');
  return Object.hasOwn(WORDS, key) ? WORDS[key] : undefined;
}

const SHARED_WORDS: Record<string, string[]> = { USD: DOLLARS, RUB: RUBLES, BHD: DINARS, OMR: RIALS, SAR: RIYALS };

/**
 * Every currency a symbol, code or word may name, the usual one first:
 * "EUR" → [EUR], "$"/"dollars" → [USD, CAD, AUD…], "рублей" → [RUB, BYN].
 * A code names exactly its currency. "бакс" is always the US dollar.
 */
export function currenciesNamedBy(token: string): readonly string[] | undefined {
  const named = namedExactly(token);
  if (named !== undefined) return named;
  // The sentence may end right after the currency ("50 EUR.", "250 ₽.", "50 евро!"): the mark without
  // its stop; it was no currency, so "50 EUR." was recorded in the default wallet with the note "EUR.".
  const bare = token.replace(/[.!?\u2026]+$/u, '');
  return bare !== token && bare !== '' ? namedExactly(bare) : undefined;
}

function namedExactly(token: string): readonly string[] | undefined {
  const marked = currenciesOfMark(token);
  if (marked !== undefined) return marked;
  const word = currencyOfWord(token);
  if (word === undefined) return undefined;
  return token.toLowerCase().startsWith('бакс') ? [word] : (SHARED_WORDS[word] ?? [word]);
}

/**
 * Every currency a symbol or code may name, the usual one first: "EUR" → [EUR],
 * "$" → [USD, CAD, AUD…], "руб." → [RUB, BYN]; words are not marks (see above).
 */
export function currenciesOfMark(mark: string): readonly string[] | undefined {
  const lower = mark.toLowerCase();
  if (Object.hasOwn(SHARED_MARKS, lower)) return SHARED_MARKS[lower];
  const code = currencyOfMark(mark);
  return code === undefined ? undefined : [code];
}

/** True for a word of minor units ("cents", "копеек", "коп.", "fils"): "50 cents" is no amount of whole units. */
export function isMinorUnitWord(token: string): boolean {
  return minorUnitDigits(token) !== undefined;
}

/** How many minor units of a word make a whole one, as decimal digits: "cents" 2, "fils" 3; undefined for other words. */
export function minorUnitDigits(token: string): number | undefined {
  const key = token.toLowerCase().replace(/[.,;:!?]+$/, '');
  return Object.hasOwn(MINOR_UNIT_WORDS, key) ? MINOR_UNIT_WORDS[key] : undefined;
}
