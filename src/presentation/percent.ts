// Percentages as the reader writes them: "75%" (en), "75 %" with a no-break
// space and a decimal comma ("12,5 %") in Russian, from Intl's percent style.
// The ratio is computed from the integers (minor units) and handed to Intl as
// an exact decimal string, so no float drift ever reaches the text.
import { scaledDecimal } from '../domain/money/money.js';
import { scaledRatio } from '../domain/money/ratio.js';

export type PercentOptions = {
  /** Digits after the decimal point of the percent, at most: 0 ("75 %") or 1 ("12,5 %", "80 %"). */
  digits?: 0 | 1;
  /** 'floor' (the default: a budget 99.9% spent is not "100 %") or 'nearest' (half away from zero). */
  rounding?: 'floor' | 'nearest';
};

const formats = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits });
    formats.set(key, f);
  }
  return f;
}

/**
 * part / whole as a percent in `locale`: percent('ru', 3, 4) → "75 %", percent('en', 1, 8, { digits: 1 }) → "12.5%".
 * Integers in (minor units, counts, percent points over 100); a whole of 0 reads as 0 %.
 */
export function percent(locale: string, part: number | bigint, whole: number | bigint, opts: PercentOptions = {}): string {
  const digits = opts.digits ?? 0;
  const scale = 2 + digits;
  const units = BigInt(whole) === 0n ? 0n : scaledRatio(part, whole, scale, opts.rounding === 'nearest' ? 'half-away' : 'floor');
  return formatter(locale, digits).format(scaledDecimal(units, scale) as Intl.StringNumericLiteral);
}
