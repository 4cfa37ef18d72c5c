// CSV import: the app's own export format, or a bank's CSV with a column
// mapping. Two steps with one engine: previewImport runs the whole batch in a
// write transaction and rolls it back, so what it reports (count, totals,
// duplicates skipped, bad rows with their line numbers, a wallet that would go
// below zero) is exactly what commitImport would record. commitImport records
// every row or none: a file with any bad row changes nothing.
//
// Every row carries an idempotency key made from its content (and its rank
// among identical rows of the file), so a row already recorded is a duplicate
// and the same file imported twice records nothing the second time.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { categories, transactions, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, isDomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { createTransactionIn, type CreateTransactionInput } from '../ledger/create-transaction.js';
import { parseDecimalAmount, parseHumanAmount } from '../money/money.js';
import { familyTimezone } from '../recurring/rules.js';
import { zonedMidnight } from '../reports/reports.js';
import { isExportHeader } from './columns.js';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.js';
import { readInstant } from '../dates/calendar.js';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

export type DateFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY';
export const DATE_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'];

/** Which column of a bank's CSV holds what (header names, matched without case). */
export type BankMapping = {
  date: string;
  /** Signed amount: negative is spending, positive is income. */
  amount: string;
  description?: string | null;
  category?: string | null;
  dateFormat: DateFormat;
  /** The wallet the statement belongs to. */
  walletId: number;
};

export type ImportInput = { familyId: number; csv: string; mapping?: BankMapping | null };
export type ImportError = { line: number; message: string };
export type ImportTotals = { currency: string; incomeMinor: number; expenseMinor: number; transferMinor: number };
export type ImportPreview = {
  format: 'export' | 'bank';
  /** Data rows in the file (the header not counted). */
  rows: number;
  /** Rows that would be (or were) recorded. */
  toRecord: number;
  duplicates: number;
  /** Export rows that are not new money: reversed pairs, pending, rejected, balance entries. */
  skipped: number;
  totals: ImportTotals[];
  errors: ImportError[];
  /** Identifies this file and mapping; the same on a second import of the same file. */
  batchKey: string;
};

type Candidate = { line: number; at: number; key: string; input: Omit<CreateTransactionInput, 'familyId'> };

/** The header row and a few rows of a CSV, for choosing a mapping; a malformed file is a validation error. */
export function inspectCsv(csv: string): { header: string[]; sample: string[][]; isExportFormat: boolean } {
  const records = readRecords(csv);
  const header = records[0]?.fields.map((h) => h.trim()) ?? [];
  return { header, sample: records.slice(1, 4).map((r) => r.fields), isExportFormat: isExportHeader(header) };
}

function readRecords(csv: string): CsvRecord[] {
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) throw validation('file', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, { reason: 'too_large' });
  let records: CsvRecord[];
  try {
    records = parseCsv(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw validation('file', `This is not a valid CSV file: ${e.message}`, { reason: 'bad_csv', line: e.line });
    throw e;
  }
  if (records.length < 2) throw validation('file', 'The file has no rows under its header', { reason: 'empty' });
  if (records.length - 1 > MAX_IMPORT_ROWS) throw validation('file', `At most ${MAX_IMPORT_ROWS} rows can be imported at once`, { reason: 'too_many_rows' });
  return records;
}

const unsafeText = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

function parseDay(text: string, format: DateFormat): { y: number; m: number; d: number } | undefined {
  const t = text.trim();
  const pattern: Record<DateFormat, RegExp> = {
    'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[ T].*)?$/,
    'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?: .*)?$/,
    'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})(?: .*)?$/,
    'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})(?: .*)?$/,
  };
  const g = pattern[format].exec(t)?.groups;
  if (!g) return undefined;
  const [y, m, d] = [Number(g['y']), Number(g['m']), Number(g['d'])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return { y, m, d };
}

function rowKey(parts: ReadonlyArray<string | number | null | undefined>, seen: Map<string, number>): string {
  const base = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `import:${base}:${n}`;
}

type Lookup = { walletByName: Map<string, { id: number; currency: string }>; walletById: Map<number, { id: number; currency: string }>; category: Map<string, number> };

function lookups(tx: Tx, familyId: number): Lookup {
  const ws = tx.select({ id: wallets.id, name: wallets.name, currency: wallets.currency, archivedAt: wallets.archivedAt }).from(wallets).where(eq(wallets.familyId, familyId)).all();
  const cs = tx.select({ id: categories.id, name: categories.name, kind: categories.kind, archivedAt: categories.archivedAt }).from(categories).where(eq(categories.familyId, familyId)).all();
  return {
    walletByName: new Map(ws.filter((w) => !w.archivedAt).map((w) => [w.name.toLowerCase(), w])),
    walletById: new Map(ws.map((w) => [w.id, w])),
    category: new Map(cs.filter((c) => !c.archivedAt).map((c) => [`${c.kind}:${c.name.toLowerCase()}`, c.id])),
  };
}

function fromExport(records: CsvRecord[], l: Lookup, errors: ImportError[]): { candidates: Candidate[]; skipped: number } {
  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== 15) {
      errors.push({ line, message: `Expected 15 columns, found ${fields.length}` });
      continue;
    }
    const [, date, kind, status, amount, currency, fromName, toName, toAmount, toCurrency, category, note, , reversalOf] = fields.map((f) => unsafeText(f.trim())) as string[];
    if (status !== 'executed' || reversalOf !== '' || (kind !== 'expense' && kind !== 'income' && kind !== 'transfer')) {
      // Reversed pairs cancel out; pending and rejected moved nothing; balance entries are not transactions to replay.
      skipped++;
      continue;
    }
    try {
      // A real date-time with its zone: Date.parse would roll 2026-02-30 over into March.
      const at = readInstant(date!);
      if (at === undefined) throw validation('date', `"${date}" is not a date like 2026-03-31T12:00:00+02:00`);
      const wallet = (name: string, side: string) => {
        const w = l.walletByName.get(name.toLowerCase());
        if (!w) throw validation(side, `No active wallet named "${name}"`);
        return w;
      };
      const from = kind !== 'income' ? wallet(fromName!, 'from_wallet') : undefined;
      const to = kind !== 'expense' ? wallet(toName!, 'to_wallet') : undefined;
      const w = (from ?? to)!;
      if (w.currency !== currency) throw validation('currency', `The wallet is in ${w.currency}, the row in ${currency}`);
      const amountMinor = parseDecimalAmount(amount, currency!);
      const toAmountMinor = toAmount ? parseDecimalAmount(toAmount, toCurrency || currency!, { field: 'to_amount' }) : null;
      let categoryId: number | null = null;
      if (category) {
        const c = l.category.get(`${kind}:${category.toLowerCase()}`);
        if (c === undefined) throw validation('category', `No ${kind} category named "${category}"`);
        categoryId = c;
      }
      const input = { fromWalletId: from?.id ?? null, toWalletId: to?.id ?? null, amountMinor, toAmountMinor: from && to && from.currency !== to.currency ? toAmountMinor : null, categoryId, description: note || null };
      candidates.push({ line, at, key: rowKey([kind, at, amount, currency, fromName, toName, toAmount, category, note], seen), input });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      errors.push({ line, message: e.message });
    }
  }
  return { candidates, skipped };
}

function fromBank(records: CsvRecord[], mapping: BankMapping, l: Lookup, tz: string, errors: ImportError[]): Candidate[] {
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const column = (name: string | null | undefined, field: string, required: boolean): number => {
    if (!name) {
      if (required) throw validation(field, `Choose the ${field} column`);
      return -1;
    }
    const i = header.indexOf(name.trim().toLowerCase());
    if (i < 0) throw validation(field, `The file has no column "${name}"`, { reason: 'unknown_column' });
    return i;
  };
  const [di, ai, ni, ci] = [column(mapping.date, 'date', true), column(mapping.amount, 'amount', true), column(mapping.description, 'description', false), column(mapping.category, 'category', false)];
  if (!DATE_FORMATS.includes(mapping.dateFormat)) throw validation('date_format', `The date format is one of ${DATE_FORMATS.join(', ')}`);
  const wallet = l.walletById.get(mapping.walletId);
  if (!wallet) throw validation('wallet_id', 'Choose a wallet of the family');
  const seen = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const { line, fields } of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
    try {
      const day = parseDay(cell(di), mapping.dateFormat);
      if (!day) throw validation('date', `"${cell(di)}" is not a date in the format ${mapping.dateFormat}`);
      const signed = parseHumanAmount(cell(ai).replace(/[^\d.,\s\u00a0\u202f'+\-\u2212]/g, ''), wallet.currency, { allowNegative: true });
      const kind = signed < 0 ? 'expense' : 'income';
      const description = unsafeText(cell(ni)) || null;
      const categoryId = cell(ci) ? (l.category.get(`${kind}:${cell(ci).toLowerCase()}`) ?? null) : null;
      // Noon of the local day: inside that day whatever the daylight-saving offset.
      const at = zonedMidnight(day.y, day.m, day.d, tz) + 12 * 3600_000;
      const input = { fromWalletId: signed < 0 ? wallet.id : null, toWalletId: signed > 0 ? wallet.id : null, amountMinor: Math.abs(signed), categoryId, description };
      candidates.push({ line, at, key: rowKey([wallet.id, day.y, day.m, day.d, signed, description], seen), input });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      errors.push({ line, message: e.message });
    }
  }
  return candidates;
}

class Rollback extends Error {
  constructor(readonly preview: ImportPreview) {
    super('rollback');
  }
}

function run(deps: CoreDeps, actorId: number, input: ImportInput, commit: boolean): ImportPreview {
  const records = readRecords(input.csv);
  const format = isExportHeader(records[0]!.fields) ? 'export' : 'bank';
  if (format === 'bank' && !input.mapping) throw validation('mapping', 'This is not the app’s export format: say which columns hold the date and the amount', { reason: 'mapping_needed' });
  const batchKey = createHash('sha256').update(JSON.stringify([input.csv, format === 'bank' ? input.mapping : null])).digest('hex').slice(0, 32);
  const importedAt = deps.clock();
  try {
    return writeTx(deps, (tx) => {
      requireMember(tx, input.familyId, actorId, 'manage_wallets');
      const tz = familyTimezone(tx, input.familyId);
      const l = lookups(tx, input.familyId);
      const errors: ImportError[] = [];
      const { candidates, skipped } = format === 'export' ? fromExport(records, l, errors) : { candidates: fromBank(records, input.mapping!, l, tz, errors), skipped: 0 };
      const existing = new Set<string>();
      const keys = candidates.map((c) => c.key);
      for (let i = 0; i < keys.length; i += 500) {
        for (const r of tx
          .select({ key: transactions.idempotencyKey })
          .from(transactions)
          .where(and(eq(transactions.familyId, input.familyId), inArray(transactions.idempotencyKey, keys.slice(i, i + 500))))
          .all())
          existing.add(r.key!);
      }
      const totals = new Map<string, ImportTotals>();
      let duplicates = 0;
      let recorded = 0;
      // In date order, so balances move as they did; each row in its own savepoint so one bad row is reported, not fatal, in a preview.
      for (const c of [...candidates].sort((a, b) => a.at - b.at || a.line - b.line)) {
        if (existing.has(c.key)) {
          duplicates++;
          continue;
        }
        try {
          const t = tx.transaction((sp) => createTransactionIn(sp, c.at, actorId, { ...c.input, familyId: input.familyId, idempotencyKey: c.key, source: 'import' as CreateTransactionInput['source'] }).transaction);
          recorded++;
          const s = totals.get(t.currency) ?? { currency: t.currency, incomeMinor: 0, expenseMinor: 0, transferMinor: 0 };
          if (t.kind === 'expense') s.expenseMinor += t.amountMinor;
          else if (t.kind === 'income') s.incomeMinor += t.amountMinor;
          else s.transferMinor += t.amountMinor;
          totals.set(t.currency, s);
        } catch (e) {
          if (!isDomainError(e)) throw e;
          errors.push({ line: c.line, message: e.message });
        }
      }
      errors.sort((a, b) => a.line - b.line);
      const preview: ImportPreview = { format, rows: records.length - 1, toRecord: recorded, duplicates, skipped, totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)), errors, batchKey };
      if (!commit) throw new Rollback(preview);
      if (errors.length > 0) throw new DomainError('validation', `${errors.length} row(s) of the file cannot be imported; nothing was recorded`, { field: 'file', reason: 'import_has_errors', errors });
      if (recorded > 0) {
        recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'import.completed', entityType: 'import', entityId: batchKey, payload: { format, recorded, duplicates, skipped }, at: importedAt });
      }
      return preview;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.preview;
    throw e;
  }
}

/** What importing this file would record; changes nothing. Needs the right to manage wallets (owner, admin). */
export function previewImport(deps: CoreDeps, actorId: number, input: ImportInput): ImportPreview {
  return run(deps, actorId, input, false);
}

/** Records the whole file as one batch, or nothing when any row is bad. Duplicates of earlier imports are skipped. */
export function commitImport(deps: CoreDeps, actorId: number, input: ImportInput): ImportPreview {
  return run(deps, actorId, input, true);
}
