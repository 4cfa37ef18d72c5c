// Amounts and dates as the reader expects them. Money arrives as exact decimal
// strings ("1234.50") and is formatted from the string, never through a float.
import { percent as percentOf } from '../presentation/percent.js';
import { decimalsOf } from './decimal.js';
import { intlLocale, type Lang } from './i18n.js';

const cache = new Map<string, Intl.NumberFormat>();

/** `decimals`: the amount's own (its currency's ISO exponent, see decimal.ts); ignored when compact. */
function formatter(lang: Lang, currency: string, compact: boolean, decimals: number): Intl.NumberFormat {
  const key = `${lang}:${currency}:${compact ? 'compact' : decimals}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(
        intlLocale(lang),
        compact
          ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
          : { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals },
      );
    } catch {
      f = new Intl.NumberFormat(intlLocale(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    }
    cache.set(key, f);
  }
  return f;
}

/**
 * "1234.50" USD → "$1,234.50" (en) or "1 234,50 $" (ru), "1234.50" HUF → "HUF 1,234.50":
 * every digit the server wrote is shown, never rounded to Intl's idea of the currency.
 * Intl reads decimal strings exactly.
 */
export function money(lang: Lang, amount: string, currency: string, opts: { compact?: boolean; sign?: '+' | '-' } = {}): string {
  const text = formatter(lang, currency, opts.compact ?? false, decimalsOf(amount)).format(amount as unknown as number);
  return opts.sign ? `${opts.sign === '-' ? '−' : '+'}${text}` : text;
}

/**
 * An instant on the family's clock, as the bot, the reports and the export show it (not the
 * phone's: 00:30 on 1 November in Kolkata is counted in November, and a phone set to New York
 * read it as 31 October). A zone this browser does not know falls back to the phone's.
 */
function onFamilyClock(lang: Lang, iso: string, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat(intlLocale(lang), { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(intlLocale(lang), options).format(new Date(iso));
  }
}

/** "Nov 1" / "1 нояб.": the day of an instant in the family's time zone. */
export function day(lang: Lang, iso: string, timeZone: string): string {
  return onFamilyClock(lang, iso, timeZone, { day: 'numeric', month: 'short' });
}

/** "Nov 1, 2026, 12:30 AM": date and time of an instant in the family's time zone. */
export function dateTime(lang: Lang, iso: string, timeZone: string): string {
  return onFamilyClock(lang, iso, timeZone, { dateStyle: 'medium', timeStyle: 'short' });
}

export function monthName(lang: Lang, month: string, short = false): string {
  const [y, m] = month.split('-').map(Number);
  const text = new Intl.DateTimeFormat(intlLocale(lang), short ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 15)),
  );
  // "ноябрь 2026 г." → "Ноябрь 2026 г." (CSS capitalize would also make it "Г.").
  return short ? text : text.charAt(0).toLocaleUpperCase(intlLocale(lang)) + text.slice(1);
}

/** "2027-06-30" → "Jun 30, 2027" / "30 июн. 2027 г."; anything else as it is. */
export function date(lang: Lang, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** Whole percent points (as the API gives them) in the reader's style: "75%" / "75 %" (Intl's no-break space). */
export function percent(lang: Lang, points: number): string {
  // The app's one percent formatter (the bot's and the reports' too): points of 100, exact, no float.
  return percentOf(intlLocale(lang), Math.trunc(points), 100);
}
