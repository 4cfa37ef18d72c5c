// ISO 4217 minor-unit exponents. Intl's own digits follow CLDR, which differs
// from ISO for a few currencies (e.g. it shows IDR and HUF with 0 digits), so
// the exponent that defines our stored integers comes from this table.
const NON_TWO_EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

let supported: Set<string> | undefined;
function supportedCurrencies(): Set<string> {
  if (!supported) {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [];
    supported = new Set([...list, ...Object.keys(NON_TWO_EXPONENTS), 'USD', 'EUR', 'GBP', 'RUB']);
  }
  return supported;
}

export type CurrencyCode = string & { readonly __currency: unique symbol };

export function isCurrencyCode(value: string): value is CurrencyCode {
  return /^[A-Z]{3}$/.test(value) && supportedCurrencies().has(value);
}

export function currencyExponent(code: string): number {
  return NON_TWO_EXPONENTS[code] ?? 2;
}
