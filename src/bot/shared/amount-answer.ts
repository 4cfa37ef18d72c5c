// How the bot reads a typed answer to an amount question ("How much…, in EUR?"),
// the one reading every amount question uses: the quick-entry grammar finds the
// amount ("12 bus", "€92.50", "92.50 EUR", "1.5k", "120+35"), and then
// - a currency the person named (a sign, a code, or a word: "9250 рублей",
//   "50 dollars", "EUR 92.50": the grammar reads them, with the domain's one
//   table of currency words) must be the question's currency, else the answer
//   is refused: reading "$50" as 50 euros would file it wrong;
// - a minus is kept only where the question allows a negative (a credit card's
//   debt); anywhere else it is refused, never silently dropped;
// - words around the amount ("12 bus") are returned as a note where the question
//   has a place for one (allowNote: the transaction flow's amounts); anywhere else
//   the answer is refused with a word that only an amount goes there, never cut
//   down to its number: "12 bus" as a budget's limit is no limit of 12;
// - a number written apart beside the amount ("1 50", "coffee 1 50") is refused
//   as quick entry refuses it: which number is the amount is not guessed.
import { AmountError, currencyExponent, parseAmountExpression, separateNumberIn } from '../../domain/index.js';
import { parseQuickEntry } from '../transactions/quick-entry-grammar.js';
import { amountErrorText, type Translation } from './replies.js';

export type AmountAnswer = { ok: true; minor: number; note: string } | { ok: false; error: Translation };
export type AmountAnswerOptions = { allowNegative?: boolean; allowZero?: boolean; allowNote?: boolean };

/** The currencies a typed amount may name ("50 EUR": EUR; "$50": USD, CAD…; "9250 рублей": RUB, BYN), usual one first, if any. */
export function amountAnswerCurrencies(text: string): readonly string[] | undefined {
  return parseQuickEntry(text)?.currencies;
}

/** Reads an answer to an amount question asked in `currency`; a refusal comes with its localized reason. */
export function readAmountAnswer(text: string, currency: string, o: AmountAnswerOptions = {}): AmountAnswer {
  const words = parseQuickEntry(text);
  try {
    // Not in the grammar: the core's reading explains why it is no amount.
    if (!words) return { ok: true, minor: parseAmountExpression(text.trim(), currency, { allowZero: o.allowZero ?? false, allowNegative: o.allowNegative ?? false }), note: '' };
    // "$50" answers a question in CAD as well as one in USD; "50 EUR" only one in EUR.
    if (words.currency !== undefined && !(words.currencies ?? [words.currency]).includes(currency)) {
      return { ok: false, error: { key: 'amount-wrong-currency', vars: { currency, named: words.currency, exponent: currencyExponent(currency) } } };
    }
    const minor = parseAmountExpression(words.amountText, currency, { allowZero: o.allowZero ?? false });
    const negative = words.sign === '-' && minor !== 0;
    if (negative && !o.allowNegative) throw new AmountError('negative', 'The amount must be positive', 'amount', currencyExponent(currency));
    // "1 50" (150, 1.50, or 1 with the note "50"?) is asked again, as quick entry refuses it.
    if (separateNumberIn(words.note)) throw new AmountError('separate_numbers', `"${text.trim()}" has numbers written apart`, 'amount', currencyExponent(currency));
    if (words.note !== '' && !o.allowNote) return { ok: false, error: { key: 'amount-only', vars: { example: `${negative ? '-' : ''}${words.amountText}`, words: words.note } } };
    return { ok: true, minor: negative ? -minor : minor, note: words.note };
  } catch (e) {
    if (!(e instanceof AmountError)) throw e;
    return { ok: false, error: amountErrorText(e, text) };
  }
}
