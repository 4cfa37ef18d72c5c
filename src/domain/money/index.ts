export { currencyExponent, isCurrencyCode, type CurrencyCode } from './currency.js';
export { currencyOfMark, parseAmountExpression } from './expression.js';
export { currenciesNamedBy, currenciesOfMark, currencyOfWord, isMinorUnitWord, minorUnitDigits } from './currency-words.js';
export {
  AmountError,
  GROUP_MARKS,
  MAX_AMOUNT_MINOR,
  formatMoney,
  parseDecimalAmount,
  parseHumanAmount,
  toDecimalString,
  type AmountErrorReason,
  type ParseOptions,
} from './money.js';
export { percentToTenth, reachesPercent, scaledRatio, wholePercent, type Rounding } from './ratio.js';
