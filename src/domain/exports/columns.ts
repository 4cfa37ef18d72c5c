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

/** The UTF-8 byte order mark some spreadsheets need to read UTF-8. */
export const BOM = '\uFEFF';

/** Is this header row the app's own export format? */
export function isExportHeader(header: readonly string[]): boolean {
  return header.length === EXPORT_COLUMNS.length && header.every((h, i) => h.trim().toLowerCase() === EXPORT_COLUMNS[i]);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-29T03:30:00+02:00": the instant as the family's wall clock, with its offset. */
export function zonedIso(at: number, timeZone: string): string {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
  const offsetMin = Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}:${p['second']}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
