// Dates as the reader reads them, the one formatter of the bot and the jobs'
// messages: Intl.DateTimeFormat in the reader's locale, never a raw
// "2027-06-30" or English month names in a Russian text. Calendar days and
// months (YYYY-MM-DD, YYYY-MM) are read on UTC, so no zone shifts them;
// instants are shown on the family's clock.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

function dayOf(day: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
}

function monthOf(month: string): { year: number; date: Date } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? { year: Number(m[1]), date: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)) } : undefined;
}

/**
 * A calendar day (YYYY-MM-DD): "Jun 30, 2027" / "30 июн. 2027 г."; `{ year: false }`: "Jun 30" / "30 июн.".
 * Anything that is not such a day is returned as it is.
 */
export function calendarDay(locale: string, day: string, opts: { year?: boolean } = {}): string {
  const date = dayOf(day);
  if (!date) return day;
  const options: Intl.DateTimeFormatOptions = opts.year === false ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' };
  return formatter(locale, options).format(date);
}

/** The day of an instant on the family's clock: "Nov 1" / "1 нояб.". */
export function instantDay(locale: string, at: number, timeZone: string): string {
  return formatter(locale, { timeZone, day: 'numeric', month: 'short' }).format(new Date(at));
}

/** Date and time of an instant on the family's clock: "Nov 1, 2026, 12:30 AM" / "1 нояб. 2026 г., 00:30". */
export function instantDateTime(locale: string, at: number, timeZone: string): string {
  return formatter(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}

/**
 * A month (YYYY-MM) by its standalone name and year: "November 2026" / "ноябрь 2026" (no "г."),
 * `{ capital: true }` for a title ("Ноябрь 2026"). Anything else is returned as it is.
 */
export function monthName(locale: string, month: string, opts: { capital?: boolean } = {}): string {
  const m = monthOf(month);
  if (!m) return month;
  const name = formatter(locale, { month: 'long', timeZone: 'UTC' }).formatToParts(m.date).find((p) => p.type === 'month')?.value;
  if (!name) return month;
  return `${opts.capital ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : name} ${m.year}`;
}

/** A month's short name without the period: "Nov" / "нояб" (buttons, chart axes). */
export function shortMonthName(locale: string, month: string): string {
  const m = monthOf(month);
  return m ? formatter(locale, { month: 'short', timeZone: 'UTC' }).format(m.date).replace('.', '') : month;
}
