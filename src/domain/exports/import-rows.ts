// The rows of a CSV import as the ledger entries they become (candidates),
// each with its idempotency key, and the reading of the app's own export.
//
// An export replays as it happened: entries and balance entries (opening
// balances, adjustments) as their own kinds, a reversed row as recorded and
// then reversed at its reversal's date. So an export of a family imported into
// one whose wallets have the same names and nothing in them reaches the same
// balances through the same intermediate balances (the funds checks pass
// where they passed), and reports count the same. Pending, rejected and
// withdrawn rows moved no money and are skipped.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { categories, wallets } from '../../db/schema.js';
import type { Tx } from '../deps.js';
import { isDomainError, validation, type DomainError } from '../errors.js';
import type { BalanceKind } from '../ledger/balance-entries.js';
import type { CreateTransactionInput } from '../ledger/create-transaction.js';
import { parseDecimalAmount } from '../money/money.js';
import { checkInstant, DATE_RANGE_TEXT, FIRST_DAY, LAST_DAY } from '../dates/calendar.js';
import { unsafeText } from './columns.js';
import type { CsvRecord } from './csv.js';

/**
 * A row that cannot be imported, as plain data (the bot keeps a preview in its
 * conversation state): its line, the core's stable reason (`details.reason`, a
 * typed reason's type, an amount's reason, else the error code), the values a
 * message needs, and the core's English text (for logs, never for people).
 */
export type ImportError = { line: number; reason: string; values: Record<string, string | number>; message: string };

export function rowError(line: number, e: DomainError): ImportError {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details)) if (k !== 'reason' && (typeof v === 'string' || typeof v === 'number')) values[k] = v;
  if (e.why?.type === 'insufficient_funds') Object.assign(values, { wallet: e.why.wallet.name, walletNameKey: e.why.wallet.nameKey ?? '' });
  const reason = e.why?.type ?? (typeof e.details['reason'] === 'string' ? e.details['reason'] : e.code);
  return { line, reason, values, message: e.message };
}

type BalanceRow = { kind: BalanceKind; walletId: number; amountMinor: number; description: string | null };
/**
 * One row to record: an entry, a balance entry, or the reversal of the row
 * whose key it names. `key` is stored with the entry; `aliases` are keys the
 * same row was stored under by earlier versions (a duplicate when any is found).
 */
export type Candidate = { line: number; at: number; key: string; aliases?: readonly string[]; sourceId?: number } & ({ input: Omit<CreateTransactionInput, 'familyId'> } | { balance: BalanceRow } | { reverses: string });

/** A key from the row's content and its rank among identical rows of the file. */
export function rowKey(parts: ReadonlyArray<string | number | null | undefined>, seen: Map<string, number>): string {
  const base = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `import:${base}:${n}`;
}

type WalletRef = { id: number; currency: string };
export type Lookup = { walletByName: Map<string, WalletRef>; walletById: Map<number, WalletRef>; category: Map<string, number> };

export function lookups(tx: Tx, familyId: number): Lookup {
  const ws = tx.select({ id: wallets.id, name: wallets.name, currency: wallets.currency, archivedAt: wallets.archivedAt }).from(wallets).where(eq(wallets.familyId, familyId)).all();
  const cs = tx.select({ id: categories.id, name: categories.name, kind: categories.kind, archivedAt: categories.archivedAt }).from(categories).where(eq(categories.familyId, familyId)).all();
  return {
    walletByName: new Map(ws.filter((w) => !w.archivedAt).map((w) => [w.name.toLowerCase(), w])),
    walletById: new Map(ws.map((w) => [w.id, w])),
    category: new Map(cs.filter((c) => !c.archivedAt).map((c) => [`${c.kind}:${c.name.toLowerCase()}`, c.id])),
  };
}

type Row = { kind: string; amount: string; currency: string; fromName: string; toName: string; toAmount: string; toCurrency: string; category: string; note: string };

function walletNamed(l: Lookup, name: string, side: string): WalletRef {
  const w = l.walletByName.get(name.toLowerCase());
  if (!w) throw validation(side, `No active wallet named "${name}"`, { reason: 'unknown_wallet', name });
  return w;
}

/** An opening balance or adjustment: one wallet, to_wallet when money came in, from_wallet when it went out (a card's debt). */
function balanceRow(kind: BalanceKind, r: Row, l: Lookup): BalanceRow {
  if (!r.fromName === !r.toName) throw validation('to_wallet', `A ${kind} row names one wallet: to_wallet (in) or from_wallet (out)`, { reason: 'one_wallet', kind });
  if (r.category) throw validation('category', `A ${kind} row has no category`, { reason: 'no_category', kind });
  if (r.toAmount) throw validation('to_amount', `A ${kind} row has no to_amount`, { reason: 'no_to_amount', kind });
  const w = r.fromName ? walletNamed(l, r.fromName, 'from_wallet') : walletNamed(l, r.toName, 'to_wallet');
  if (w.currency !== r.currency) throw validation('currency', `The wallet is in ${w.currency}, the row in ${r.currency}`, { reason: 'currency_mismatch', walletCurrency: w.currency, rowCurrency: r.currency });
  const minor = parseDecimalAmount(r.amount, r.currency);
  return { kind, walletId: w.id, amountMinor: r.fromName ? -minor : minor, description: r.note || null };
}

function entryRow(kind: 'expense' | 'income' | 'transfer', r: Row, l: Lookup): Omit<CreateTransactionInput, 'familyId'> {
  const from = kind !== 'income' ? walletNamed(l, r.fromName, 'from_wallet') : undefined;
  const to = kind !== 'expense' ? walletNamed(l, r.toName, 'to_wallet') : undefined;
  const w = (from ?? to)!;
  if (w.currency !== r.currency) throw validation('currency', `The wallet is in ${w.currency}, the row in ${r.currency}`, { reason: 'currency_mismatch', walletCurrency: w.currency, rowCurrency: r.currency });
  // The received amount is read in the receiving wallet's own precision: its currency must be the row's.
  const toCurrency = r.toCurrency || r.currency;
  if (from && to && to.currency !== toCurrency) throw validation('to_currency', `The wallet "${r.toName}" is in ${to.currency}, the row sends ${toCurrency}`, { reason: 'currency_mismatch', walletCurrency: to.currency, rowCurrency: toCurrency });
  const amountMinor = parseDecimalAmount(r.amount, r.currency);
  const toAmountMinor = r.toAmount ? parseDecimalAmount(r.toAmount, toCurrency, { field: 'to_amount' }) : null;
  let categoryId: number | null = null;
  if (r.category) {
    const c = l.category.get(`${kind}:${r.category.toLowerCase()}`);
    if (c === undefined) throw validation('category', `No ${kind} category named "${r.category}"`, { reason: 'unknown_category', kind, name: r.category });
    categoryId = c;
  }
  return { fromWalletId: from?.id ?? null, toWalletId: to?.id ?? null, amountMinor, toAmountMinor: from && to && from.currency !== to.currency ? toAmountMinor : null, categoryId, description: r.note || null };
}

/** The export's id of a row (the exporting family's transaction id), when it is one. */
const sourceIdOf = (id: string): { sourceId?: number } => (/^[1-9]\d{0,14}$/.test(id) ? { sourceId: Number(id) } : {});

/** The app's own export format, read into candidates; bad rows go to `errors` with their lines. */
export function fromExport(records: CsvRecord[], l: Lookup, errors: ImportError[]): { candidates: Candidate[]; skipped: number } {
  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  // The export's id of each reversed row → its key; the reversal rows name them in reversal_of.
  const keyOfReversed = new Map<string, string>();
  const reversals: Array<{ line: number; at: number; of: string; id: string }> = [];
  let skipped = 0;
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== 15) {
      errors.push({ line, reason: 'column_count', values: { expected: 15, found: fields.length }, message: `Expected 15 columns, found ${fields.length}` });
      continue;
    }
    const [id, date, kind, status, amount, currency, fromName, toName, toAmount, toCurrency, category, note, , reversalOf] = fields.map((f) => unsafeText(f.trim())) as string[];
    if (status !== 'executed' && status !== 'reversed') {
      skipped++; // pending, rejected and withdrawn moved nothing
      continue;
    }
    try {
      // A real date-time with its zone: Date.parse would roll 2026-02-30 over into March.
      const read = checkInstant(date!);
      if (!read.ok && read.reason === 'date_out_of_range') throw validation('date', `"${date}" is out of range: a date ${DATE_RANGE_TEXT}`, { reason: 'date_out_of_range', value: date!, first: FIRST_DAY, last: LAST_DAY });
      if (!read.ok) throw validation('date', `"${date}" is not a date like 2026-03-31T12:00:00+02:00`, { reason: 'not_an_instant', value: date! });
      const at = read.value;
      if (reversalOf) {
        reversals.push({ line, at, of: reversalOf, id: id! });
        continue;
      }
      const r: Row = { kind: kind!, amount: amount!, currency: currency!, fromName: fromName!, toName: toName!, toAmount: toAmount!, toCurrency: toCurrency!, category: category!, note: note! };
      let entry: { input: Omit<CreateTransactionInput, 'familyId'> } | { balance: BalanceRow };
      if (kind === 'opening_balance' || kind === 'adjustment') entry = { balance: balanceRow(kind, r, l) };
      else if (kind === 'expense' || kind === 'income' || kind === 'transfer') entry = { input: entryRow(kind, r, l) };
      else throw validation('kind', `"${kind}" is not a kind of row this app exports`, { reason: 'unknown_kind', value: kind! });
      // The status is not part of the key: a row imported while executed is the same row once reversed.
      const key = rowKey([kind, at, amount, currency, fromName, toName, toAmount, category, note], seen);
      candidates.push({ line, at, key, ...entry, ...sourceIdOf(id!) });
      if (status === 'reversed' && id) keyOfReversed.set(id, key);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      errors.push(rowError(line, e));
    }
  }
  for (const r of reversals) {
    const original = keyOfReversed.get(r.of);
    // A file cut by dates (export from/to) may hold a reversal without the row it reverses: nothing here to reverse.
    if (original === undefined) {
      skipped++;
      continue;
    }
    candidates.push({ line: r.line, at: r.at, key: rowKey(['reversal', r.at, original], seen), reverses: original, ...sourceIdOf(r.id) });
  }
  return { candidates, skipped };
}
