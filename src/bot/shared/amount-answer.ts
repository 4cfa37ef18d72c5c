// How the bot reads a typed answer to an amount question ("How much…, in EUR?"),
// the one reading every amount question uses: the quick-entry grammar finds the
// amount ("12 bus", "€92.50", "92.50 EUR", "1.5k", "120+35"), and then
// - a currency the person named (a sign, a code, or a word: "9250 рублей",
//   "50 dollars") must be the question's currency, else the answer is refused:
//   reading "$50" as 50 euros would file it wrong;
// - a minus is kept only where the question allows a negative (a credit card's
//   debt); anywhere else it is refused, never silently dropped;
// - the words after the amount are returned as a note.
import { AmountError, currencyOfMark, parseAmountExpression } from '../../domain/index.js';
import { parseQuickEntry } from '../transactions/quick-entry-grammar.js';
import { amountErrorText, type Translation } from './replies.js';

export type AmountAnswer = { ok: true; minor: number; note: string } | { ok: false; error: Translation };
export type AmountAnswerOptions = { allowNegative?: boolean; allowZero?: boolean };

// Currency names as people write them after an amount (lower case), beyond the signs and codes the grammar knows.
const CURRENCY_WORDS: Record<string, string> = {
  рубль: 'RUB', рубля: 'RUB', рублей: 'RUB', рублях: 'RUB', руб: 'RUB', ruble: 'RUB', rubles: 'RUB', rouble: 'RUB', roubles: 'RUB',
  доллар: 'USD', доллара: 'USD', долларов: 'USD', долл: 'USD', бакс: 'USD', бакса: 'USD', баксов: 'USD', dollar: 'USD', dollars: 'USD', buck: 'USD', bucks: 'USD',
  евро: 'EUR', euro: 'EUR', euros: 'EUR',
  фунт: 'GBP', фунта: 'GBP', фунтов: 'GBP', pound: 'GBP', pounds: 'GBP',
  гривна: 'UAH', гривны: 'UAH', гривен: 'UAH', гривну: 'UAH', hryvnia: 'UAH', hryvnias: 'UAH',
  тенге: 'KZT', tenge: 'KZT',
  иена: 'JPY', иен: 'JPY', йена: 'JPY', йен: 'JPY', yen: 'JPY',
};

type Words = { amountText: string; sign: '+' | '-' | ''; currency?: string; note: string };

function wordsOf(text: string): Words | undefined {
  const entry = parseQuickEntry(text);
  if (!entry) return undefined;
  let { note, currency } = entry;
  if (currency === undefined && note !== '') {
    // The word next to the amount may name its currency: "9250 рублей", "EUR 92.50".
    const words = note.split(/\s+/);
    const [word = ''] = entry.form === 'amount-first' ? words.splice(0, 1) : words.splice(-1, 1);
    const named = CURRENCY_WORDS[word.toLowerCase().replace(/\.$/, '')] ?? currencyOfMark(word);
    if (named) {
      currency = named;
      note = words.join(' ');
    }
  }
  return { amountText: entry.amountText, sign: entry.sign, note, ...(currency ? { currency } : {}) };
}

/** The currency a typed amount names ("$50", "50 EUR", "9250 рублей"), if any. */
export function amountAnswerCurrency(text: string): string | undefined {
  return wordsOf(text)?.currency;
}

/** Reads an answer to an amount question asked in `currency`; a refusal comes with its localized reason. */
export function readAmountAnswer(text: string, currency: string, o: AmountAnswerOptions = {}): AmountAnswer {
  const words = wordsOf(text);
  try {
    // Not in the grammar: the core's reading explains why it is no amount.
    if (!words) return { ok: true, minor: parseAmountExpression(text.trim(), currency, { allowZero: o.allowZero ?? false, allowNegative: o.allowNegative ?? false }), note: '' };
    if (words.currency !== undefined && words.currency !== currency) {
      return { ok: false, error: { key: 'amount-wrong-currency', vars: { currency, named: words.currency } } };
    }
    const minor = parseAmountExpression(words.amountText, currency, { allowZero: o.allowZero ?? false });
    if (words.sign !== '-' || minor === 0) return { ok: true, minor, note: words.note };
    if (!o.allowNegative) throw new AmountError('negative', 'The amount must be positive');
    return { ok: true, minor: -minor, note: words.note };
  } catch (e) {
    if (!(e instanceof AmountError)) throw e;
    return { ok: false, error: amountErrorText(e, text) };
  }
}
