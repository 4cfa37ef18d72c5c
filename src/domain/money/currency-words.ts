// Currencies as people name them in words next to an amount ("9250 рублей",
// "50 dollars", "20 евро", "5 yen"), beside the signs and codes of
// currencyOfMark. One table, read by the quick-entry grammar and by the bot's
// answers to amount questions, so both name the same currency for a word.
//
// "pound(s)"/"фунт…" can be a weight ("5 pounds apples"); they stay: a named
// currency picks the family's wallet in it, and a family without one is told
// so and nothing is recorded, never filed in another currency. Plain string
// keys, not a regex: the single executable's bundle stays Latin-1.
import { currencyOfMark } from './expression.js';

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
  иена: 'JPY', иены: 'JPY', иен: 'JPY', йена: 'JPY', йены: 'JPY', йен: 'JPY', yen: 'JPY',
};

/** The currency a word names ("рублей" → RUB, "Dollars" → USD, "долл." → USD), or undefined. */
export function currencyOfWord(word: string): string | undefined {
  const key = word.toLowerCase().replace(/\.$/, '');
  return Object.hasOwn(WORDS, key) ? WORDS[key] : undefined;
}

/** The currency a symbol, code or word names ("$", "EUR", "рублей"), or undefined. */
export function currencyNamedBy(token: string): string | undefined {
  return currencyOfMark(token) ?? currencyOfWord(token);
}
