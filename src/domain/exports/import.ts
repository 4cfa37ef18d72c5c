// CSV import: the app's own export format, or a bank's CSV with a column
// mapping. Two steps with one engine: previewImport runs the whole batch in a
// write transaction and rolls it back, so what it reports (count, totals,
// duplicates skipped, bad rows with their line numbers, a wallet that would go
// below zero) is exactly what commitImport would record. commitImport records
// every row or none: a file with any bad row changes nothing.
//
// Every row carries an idempotency key made from its content (and its rank
// among identical rows of the file), so a row already recorded is a duplicate
// and the same file imported twice records nothing the second time. A bank
// row's key is its wallet and its cells as written, all of them, not the
// mapped values: the same statement mapped differently (the description from
// another column, another date format) is still recognised. Bank rows recorded
// before that were keyed by their mapped values; that key is still looked up.
//
// The app's own export replays as it happened (import-rows.ts): balance
// entries through the ledger's balance-entry rule, as their own kinds (never
// income or spending), and reversed rows recorded and then reversed.
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { DomainError, isDomainError, reasoned, validation } from '../errors.js';
import { eventPayloadAt, recordEvent } from '../events/events.js';
import { madeWhen, rememberMade } from '../requests/request-keys.js';
import { requireMember } from '../families/access.js';
import { importBalanceEntryIn } from '../ledger/balance-entries.js';
import { createTransactionIn, type CreateTransactionInput, type Transaction } from '../ledger/create-transaction.js';
import { reverseIn } from '../ledger/reversal.js';
import { currenciesOfMark } from '../money/currency-words.js';
import { AmountError, parseHumanAmount } from '../money/money.js';
import { familyTimezone } from '../recurring/rules.js';
import { checkDayParts, DATE_RANGE_TEXT, FIRST_DAY, LAST_DAY, utcTime } from '../dates/calendar.js';
import { zonedMidnight } from '../reports/reports.js';
import { isExportHeader, unsafeText } from './columns.js';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.js';
import { fromExport, lookups, rowError, rowKey, type Candidate, type ImportError, type Lookup } from './import-rows.js';

export type { ImportError } from './import-rows.js';

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

// requestKey (commit only): the request that asks (the bot's [Record] press); asked again, the counts of the
// import it made are answered (recorded, not "all duplicates"), and nothing more is recorded (request-keys.ts).
export type ImportInput = { familyId: number; csv: string; mapping?: BankMapping | null; requestKey?: string };
/** Per currency, net: a reversal replayed from the file takes its row's amount back out. Bigints: a won statement may pass 2^53. */
export type ImportTotals = {
  currency: string;
  incomeMinor: bigint;
  expenseMinor: bigint;
  transferMinor: bigint;
  /** Balance entries (opening balances, adjustments) in this currency, and the net change they make (signed). */
  balanceEntries: number;
  balanceMinor: bigint;
};
export type ImportPreview = {
  format: 'export' | 'bank';
  /** Data rows in the file (the header not counted). */
  rows: number;
  /** Rows that would be (or were) recorded, balance entries included. */
  toRecord: number;
  /** Of toRecord: opening balances and adjustments (they set balances; reports leave them out). */
  balanceEntries: number;
  duplicates: number;
  /** Export rows that moved no money (pending, rejected, withdrawn), and reversals of rows not in the file. */
  skipped: number;
  totals: ImportTotals[];
  errors: ImportError[];
  /** Identifies this file and mapping; the same on a second import of the same file. */
  batchKey: string;
};

/**
 * The text of a CSV file's bytes: UTF-8 (with or without a byte order mark),
 * or UTF-16 when a byte order mark says so (LibreOffice's and Numbers' UTF-16
 * CSV). Anything else (a Russian Excel's plain CSV is Windows-1251) is
 * refused: read as UTF-8 its letters became replacement characters, recorded
 * as the notes of every row.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2);
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      swapped[i - 2] = bytes[i + 1]!;
      swapped[i - 1] = bytes[i]!;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw validation('file', 'The file is not UTF-8 text: save it as "CSV UTF-8"', { reason: 'not_utf8' });
  }
}

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
  if (records.length - 1 > MAX_IMPORT_ROWS) throw validation('file', `At most ${MAX_IMPORT_ROWS} rows can be imported at once`, { reason: 'too_many_rows', max: MAX_IMPORT_ROWS });
  return records;
}

type WrittenDay = { y: number; m: number; d: number };

/** What follows a date to make it an instant: a time and an explicit offset ("T23:30:00-05:00", " 23:30Z", " 23:30 +0200"). */
const ZONED_TIME = /^[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(?:(Z|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * A bank cell's date: the day as written and the moment to file the row at.
 * A plain date (with or without a time of day) is that local day, at noon:
 * inside that day whatever the daylight-saving offset. A time with an
 * explicit offset is an instant, filed as it happened, so on the family's
 * local day of that instant (2026-03-31T23:30:00-05:00 is 1 April in Berlin).
 */
function parseBankDate(text: string, format: DateFormat, tz: string): { written: WrittenDay; at: number } | 'date_out_of_range' | undefined {
  const t = text.trim();
  const pattern: Record<DateFormat, RegExp> = {
    'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?<rest>[ T].*)?$/,
    'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?<rest> .*)?$/,
    'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})(?<rest> .*)?$/,
    'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})(?<rest> .*)?$/,
  };
  const g = pattern[format].exec(t)?.groups;
  if (!g) return undefined;
  // The one reader of a day (dates/calendar.ts): a real day from 1970-01-01 to 9999-12-31; 0026-03-01 is refused, never filed in 1926.
  const day = checkDayParts(Number(g['y']), Number(g['m']), Number(g['d']));
  if (!day.ok) return day.reason === 'date_out_of_range' ? 'date_out_of_range' : undefined;
  const written = day.value;
  const { y, m, d } = written;
  const zoned = g['rest'] ? ZONED_TIME.exec(g['rest']) : null;
  if (!zoned) return { written, at: zonedMidnight(y, m, d, tz) + 12 * 3600_000 };
  const [h, mi, s, oh, om] = [zoned[1], zoned[2], zoned[3], zoned[6], zoned[7]].map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  // An out-of-range time or offset is not a date: never filed on a guess.
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return undefined;
  const offset = (zoned[5] === '-' ? -1 : 1) * (oh * 60 + om);
  return { written, at: utcTime(y, m, d, h, mi, s) - offset * 60_000 };
}

/** A bank row's cells as written, for its key: trimmed, trailing empty cells dropped (a spreadsheet may add or drop them on saving). */
function writtenCells(fields: readonly string[]): string[] {
  const cells = fields.map((f) => f.trim().normalize('NFC'));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * A bank statement's signed amount in the wallet's currency. Besides a leading
 * minus it reads the ways statements write spending: accounting parentheses
 * ("(12.50)") and a trailing minus ("12,50-"). A currency mark ("EUR", "€")
 * must be the wallet's: a euro amount is never recorded as dollars. Any other
 * letters ("DR", "CR", "Soll") are refused, never dropped: dropping them
 * turned a debit into income.
 */
export function bankAmount(cell: string, currency: string): number {
  const refuse = () => new AmountError('not_a_number', `"${cell.trim().slice(0, 40)}" is not an amount`);
  let text = cell.trim();
  let minuses = 0;
  const sign = () => {
    const m = /^([+\-\u2212])\s*(.*)$/.exec(text);
    if (m) {
      if (m[1] !== '+') minuses++;
      text = m[2]!;
    }
  };
  sign();
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    minuses++;
    text = paren[1]!.trim();
    sign();
  }
  // A currency mark before or after the number: letters or a symbol ("EUR", "€", "руб.").
  const before = /^([^\d\s.,'+\-\u2212()]+)\s*(.*)$/.exec(text);
  const after = before ? null : /^(.*?)\s*([^\d\s.,'+\-\u2212()]+\.?)$/.exec(text);
  if (before || after) {
    // A sign several currencies share ("$": USD, CAD…) is the wallet's when it is one of them, as in quick entry.
    const named = currenciesOfMark(before ? before[1]! : after![2]!);
    if (named === undefined) throw refuse();
    if (!named.includes(currency)) throw validation('currency', `The wallet is in ${currency}, the row in ${named[0]!}`, { reason: 'currency_mismatch', walletCurrency: currency, rowCurrency: named[0] });
    text = before ? before[2]! : after![1]!;
    sign();
  }
  const trailing = /^(.*\d)\s*[-\u2212]$/.exec(text);
  if (trailing) {
    minuses++;
    text = trailing[1]!;
  }
  if (minuses > 1) throw refuse();
  const minor = parseHumanAmount(text, currency);
  return minuses ? -minor : minor;
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
  if (!wallet) throw reasoned('validation', 'Choose a wallet of the family', { type: 'missing', entity: 'wallet', id: mapping.walletId }, { field: 'wallet_id' });
  const seen = new Map<string, number>();
  const seenCells = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const { line, fields } of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
    // The row as the bank wrote it, whatever the mapping; identical rows (two coffees at 3.50 on one day) by their rank.
    const key = rowKey(['bank-row', wallet.id, ...writtenCells(fields)], seenCells);
    try {
      const date = parseBankDate(cell(di), mapping.dateFormat, tz);
      if (!date) throw validation('date', `"${cell(di)}" is not a date in the format ${mapping.dateFormat}`, { reason: 'not_a_date', value: cell(di), format: mapping.dateFormat });
      if (date === 'date_out_of_range') throw validation('date', `"${cell(di)}" is out of range: a date ${DATE_RANGE_TEXT}`, { reason: 'date_out_of_range', value: cell(di), first: FIRST_DAY, last: LAST_DAY });
      const signed = bankAmount(cell(ai), wallet.currency);
      const kind = signed < 0 ? 'expense' : 'income';
      const description = unsafeText(cell(ni)) || null;
      const categoryId = cell(ci) ? (l.category.get(`${kind}:${cell(ci).toLowerCase()}`) ?? null) : null;
      const input = { fromWalletId: signed < 0 ? wallet.id : null, toWalletId: signed > 0 ? wallet.id : null, amountMinor: Math.abs(signed), categoryId, description };
      // The key bank rows were stored under before: their mapped values (the day as written), so files imported then are still recognised.
      const { y, m, d } = date.written;
      candidates.push({ line, at: date.at, key, aliases: [rowKey([wallet.id, y, m, d, signed, description], seen)], input });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      errors.push(rowError(line, e));
    }
  }
  return candidates;
}

/** Records one candidate; a reversal gives back the row it reversed, to be taken out of the totals. */
function recordCandidate(sp: Tx, actorId: number, familyId: number, c: Candidate, recordedIds: ReadonlyMap<string, number>): { t: Transaction; sign: 1 | -1 } {
  if ('balance' in c) return { t: importBalanceEntryIn(sp, c.at, actorId, { ...c.balance, familyId, idempotencyKey: c.key }), sign: 1 };
  if ('input' in c) return { t: createTransactionIn(sp, c.at, actorId, { ...c.input, familyId, idempotencyKey: c.key, source: 'import' as CreateTransactionInput['source'] }).transaction, sign: 1 };
  // The reversed row was recorded by this import or by an earlier one (same key).
  const id =
    recordedIds.get(c.reverses) ??
    sp.select({ id: transactions.id }).from(transactions).where(and(eq(transactions.familyId, familyId), eq(transactions.idempotencyKey, c.reverses))).get()?.id;
  if (id === undefined) throw validation('reversal_of', 'The row this reverses was not imported');
  return { t: reverseIn(sp, c.at, actorId, id, REVERSAL_REASON, { idempotencyKey: c.key, source: 'import' }).original, sign: -1 };
}

/** The reason stored on a reversal replayed from a file (the export does not carry reasons). */
const REVERSAL_REASON = 'Reversed in the imported file';

function addToTotals(totals: Map<string, ImportTotals>, t: Transaction, sign: 1 | -1, countRow: boolean): void {
  const s = totals.get(t.currency) ?? { currency: t.currency, incomeMinor: 0n, expenseMinor: 0n, transferMinor: 0n, balanceEntries: 0, balanceMinor: 0n };
  const amount = BigInt(sign * t.amountMinor);
  if (t.kind === 'expense') s.expenseMinor += amount;
  else if (t.kind === 'income') s.incomeMinor += amount;
  else if (t.kind === 'transfer') s.transferMinor += amount;
  else {
    if (countRow) s.balanceEntries++;
    s.balanceMinor += t.toWalletId !== null ? amount : -amount;
  }
  totals.set(t.currency, s);
}

/**
 * The candidates read from an export that are this family's own transactions
 * (the file's id is a transaction of the family, executed at the row's date,
 * with its amount and wallets), each with that transaction's id. A family that
 * imports its own export (to "restore" it) would otherwise record every row a
 * second time: the rows' keys come from their content, and the family's own
 * entries were recorded with other keys. Another family's export matches no
 * row of this family (the date to the second, the amount and the wallets too).
 */
function ownRows(tx: Tx, familyId: number, candidates: readonly Candidate[]): Map<string, number> {
  const own = new Map<string, number>();
  const ids = [...new Set(candidates.flatMap((c) => (c.sourceId === undefined ? [] : [c.sourceId])))];
  const rows = new Map<number, typeof transactions.$inferSelect>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of tx.select().from(transactions).where(and(eq(transactions.familyId, familyId), inArray(transactions.id, ids.slice(i, i + 500)))).all()) rows.set(r.id, r);
  }
  for (const c of candidates) {
    const r = c.sourceId === undefined ? undefined : rows.get(c.sourceId);
    if (!r || r.executedAt === null || Math.floor(r.executedAt / 1000) * 1000 !== c.at) continue;
    let same: boolean;
    if ('reverses' in c) same = r.reversalOf !== null && own.has(c.reverses) && own.get(c.reverses) === r.reversalOf;
    else if ('balance' in c)
      same = r.reversalOf === null && r.kind === c.balance.kind && r.amountMinor === Math.abs(c.balance.amountMinor) && (r.toWalletId ?? r.fromWalletId) === c.balance.walletId;
    else same = r.reversalOf === null && r.amountMinor === c.input.amountMinor && r.fromWalletId === c.input.fromWalletId && r.toWalletId === c.input.toWalletId;
    if (same) own.set(c.key, r.id);
  }
  return own;
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
      const keys = candidates.flatMap((c) => [c.key, ...(c.aliases ?? [])]);
      for (let i = 0; i < keys.length; i += 500) {
        for (const r of tx
          .select({ key: transactions.idempotencyKey })
          .from(transactions)
          .where(and(eq(transactions.familyId, input.familyId), inArray(transactions.idempotencyKey, keys.slice(i, i + 500))))
          .all())
          existing.add(r.key!);
      }
      const recordedIds = new Map<string, number>();
      // The family's own export imported back: its rows are the family's own transactions, recorded already.
      for (const [key, id] of ownRows(tx, input.familyId, candidates)) {
        existing.add(key);
        recordedIds.set(key, id);
      }
      const totals = new Map<string, ImportTotals>();
      let duplicates = 0;
      let recorded = 0;
      let firstRecordedId = 0;
      let balanceEntries = 0;
      // In date order, so balances move as they did; each row in its own savepoint so one bad row is reported, not fatal, in a preview.
      for (const c of [...candidates].sort((a, b) => a.at - b.at || a.line - b.line)) {
        if (existing.has(c.key) || c.aliases?.some((a) => existing.has(a))) {
          duplicates++;
          continue;
        }
        try {
          const { t, sign } = tx.transaction((sp) => recordCandidate(sp, actorId, input.familyId, c, recordedIds));
          recordedIds.set(c.key, t.id);
          if (recorded++ === 0) firstRecordedId = t.id;
          if (!('reverses' in c) && (t.kind === 'opening_balance' || t.kind === 'adjustment')) balanceEntries++;
          addToTotals(totals, t, sign, !('reverses' in c));
        } catch (e) {
          if (!isDomainError(e)) throw e;
          errors.push(rowError(c.line, e));
        }
      }
      errors.sort((a, b) => a.line - b.line);
      const preview: ImportPreview = { format, rows: records.length - 1, toRecord: recorded, balanceEntries, duplicates, skipped, totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)), errors, batchKey };
      if (!commit) throw new Rollback(preview);
      if (errors.length > 0) throw new DomainError('validation', `${errors.length} row(s) of the file cannot be imported; nothing was recorded`, { field: 'file', reason: 'import_has_errors', errors });
      if (recorded > 0) {
        recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'import.completed', entityType: 'import', entityId: batchKey, payload: { format, recorded, balanceEntries, duplicates, skipped }, at: importedAt });
        rememberMade(tx, 'import', input.requestKey, firstRecordedId, importedAt);
        return preview;
      }
      // The same request again: this run found every row it recorded, so it answers with what it recorded then.
      const made = madeWhen(tx, 'import', input.requestKey);
      const then = made && eventPayloadAt(tx, { familyId: input.familyId, action: 'import.completed', entityType: 'import', entityId: batchKey, at: made.at });
      if (then) return { ...preview, toRecord: Number(then['recorded']), balanceEntries: Number(then['balanceEntries']), duplicates: Number(then['duplicates']) };
      return preview;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.preview;
    throw e;
  }
}

/**
 * What importing this file would record; changes nothing. Needs the right to
 * manage wallets (owner, admin), which is also the right to set balances.
 */
export function previewImport(deps: CoreDeps, actorId: number, input: ImportInput): ImportPreview {
  return run(deps, actorId, input, false);
}

/** Records the whole file as one batch, or nothing when any row is bad. Duplicates of earlier imports are skipped. */
export function commitImport(deps: CoreDeps, actorId: number, input: ImportInput): ImportPreview {
  return run(deps, actorId, input, true);
}
