// The CSV format of the app's own export (and import): one row per
// transaction, RFC 4180, UTF-8, a header row, amounts as decimal strings in
// the currency's own precision, dates as ISO 8601 with the family's offset.
export const EXPORT_COLUMNS = [
  'id',
  'date',
  'kind',
  'status',
  'amount',
  'currency',
  'from_wallet',
  'to_wallet',
  'to_amount',
  'to_currency',
  'category',
  'note',
  'author',
  'reversal_of',
  'reversed_by',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

// A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
// gets a leading apostrophe, and import removes one. A text that already
// starts with apostrophes before such a character gets one more, so what
// import removes is always the one export added: every text reads back as it
// was written ("'-" stays "'-", not "-").
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
const PROTECTED = /^'+[=+\-@\t\r]/;

/** The cell export writes for a text. */
export function safeText(value: string | null): string | null {
  return value !== null && FORMULA_LIKE.test(value) ? `'${value}` : value;
}

/** The text a cell written by safeText (or a spreadsheet's protected cell) stands for. */
export function unsafeText(cell: string): string {
  return PROTECTED.test(cell) ? cell.slice(1) : cell;
}

/** The UTF-8 byte order mark some spreadsheets need to read UTF-8. */
export const BOM = '\uFEFF';

/** Is this header row the app's own export format? */
export function isExportHeader(header: readonly string[]): boolean {
  return header.length === EXPORT_COLUMNS.length && header.every((h, i) => h.trim().toLowerCase() === EXPORT_COLUMNS[i]);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
// Offsets change only at daylight-saving (or legal) transitions, which fall on
// quarter hours: the offset is looked up once per quarter hour and zone, so
// an export of a million rows calls Intl a few thousand times, not a million.
const offsetCache = new Map<string, number>();
const QUARTER = 15 * 60_000;

function offsetMinutes(at: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(at / QUARTER)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    let f = offsetFormatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      offsetFormatters.set(timeZone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
    const local = Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
    offset = Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-03-29T03:30:00+02:00": the instant as the family's wall clock, with its offset. */
export function zonedIso(at: number, timeZone: string): string {
  const offset = offsetMinutes(at, timeZone);
  const d = new Date(Math.floor(at / 1000) * 1000 + offset * 60_000);
  const abs = Math.abs(offset);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
