// RFC 4180 CSV, small and exact. A library was tried first (csv-parse and
// csv-stringify): its line numbers drift after a quoted line break, and with
// CRLF record delimiters it leaves a bare LF inside a field unquoted, so a
// hundred lines here keep both the error messages and the output exact.
//
// Reading: fields separated by a delimiter (",", ";" or tab, detected from the
// header), records by CRLF, LF or CR; a quoted field may hold delimiters,
// quotes ("" for one) and line breaks. A leading UTF-8 BOM is dropped.

export type CsvRecord = { line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter of the first line: the candidate found most often outside quotes. */
export function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Parses a whole CSV text into records with the line each starts on; blank lines are skipped. */
export function parseCsv(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quotedField = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && !quotedField) {
      // A quoted field: read to the closing quote.
      const startLine = line;
      quotedField = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(startLine, `A quote opened on line ${startLine} is never closed`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') throw new CsvSyntaxError(line, `Unexpected text after a closing quote on line ${line}`);
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      if (ch === '"') throw new CsvSyntaxError(line, `A quote inside an unquoted field on line ${line}`);
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

/** One CSV field: quoted when it holds a delimiter, a quote or a line break (RFC 4180), or spaces at either end. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF terminator. */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
