// CSV export of a family's transactions: one row per transaction, every
// status, reversal links both ways. Executed rows (reversed ones included)
// come first in the order they were executed, then the rows never executed
// (waiting, rejected, withdrawn) in the order they were asked for. Produced in
// batches read by keyset, each batch an index range, so memory stays constant
// however many rows there are and no database cursor stays open between
// batches (the connection is shared).
import { and, asc, eq, gt, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { categories, families, transactions, users, wallets } from '../../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { DomainError, notFound, validation } from '../errors.js';
import { requireMember } from '../families/access.js';
import { toDecimalString } from '../money/money.js';
import { addDaysTo, parseDay } from '../dates/calendar.js';
import { zonedMidnight } from '../reports/reports.js';
import { BOM, EXPORT_COLUMNS, safeText, zonedIso } from './columns.js';
import { csvLine } from './csv.js';

export type ExportInput = {
  familyId: number;
  /** First local day included, "2026-01-01" (default: the beginning). */
  from?: string;
  /** Last local day included, "2026-12-31" (default: no end). */
  to?: string;
  /** Start with a UTF-8 byte order mark, for spreadsheets. */
  bom?: boolean;
  /** Rows per batch (tests and the benchmark vary it). */
  batchSize?: number;
};

/** The first instant of the local day `text` (or of the day after, `next`); a day from 1970-01-01 to 9999-12-31 (dates/calendar.ts). */
function dayStart(text: string, field: string, tz: string, next = false): number {
  const day = parseDay(text, field);
  const { y, m, d } = next ? addDaysTo(day, 1) : day;
  return zonedMidnight(y, m, d, tz);
}

// A person makes one export at a time. An export of a long history is seconds
// of the process's CPU (1,000,000 rows: ~10 s), so one account starting many at
// once (API, bot, several sessions) slowed every other request and update. The
// slot is taken when the export is asked for and given back when its chunks
// end, fail or are abandoned (the generator's return(): a closed connection,
// an upload that failed); one never read gives it back after EXPORT_SLOT_MS.
export const EXPORT_SLOT_MS = 10 * 60_000;
const exporting = new WeakMap<object, Map<number, number>>();

function takeExportSlot(deps: CoreDeps, actorId: number): () => void {
  let mine = exporting.get(deps.db);
  if (!mine) exporting.set(deps.db, (mine = new Map()));
  const now = deps.clock();
  const since = mine.get(actorId);
  if (since !== undefined && now - since < EXPORT_SLOT_MS) {
    throw new DomainError('rate_limited', 'Your previous export is still being made; try again when it is done', { reason: 'export_running', retryAfterSeconds: 5 });
  }
  mine.set(actorId, now);
  const slots = mine;
  return () => {
    if (slots.get(actorId) === now) slots.delete(actorId);
  };
}

/**
 * The export as a sequence of text chunks (header first). Checks access and
 * the dates before the first chunk, so an adapter can still answer with an error;
 * refuses (rate_limited, reason export_running) while this person's previous
 * export is still being read. Read it to the end or call return().
 */
export function exportTransactionsCsv(deps: CoreDeps, actorId: number, input: ExportInput): Generator<string, void, undefined> {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const family = deps.db.select({ tz: families.timezone }).from(families).where(eq(families.id, input.familyId)).get();
  if (!family) throw notFound('Family');
  const from = input.from !== undefined ? dayStart(input.from, 'from', family.tz) : undefined;
  const to = input.to !== undefined ? dayStart(input.to, 'to', family.tz, true) : undefined;
  if (from !== undefined && to !== undefined && to <= from) throw validation('to', 'The last day comes before the first');
  const batch = input.batchSize ?? 1000;
  const release = takeExportSlot(deps, actorId);
  return released(generate(deps, input.familyId, family.tz, from, to, batch, input.bom === true), release);
}

/** `chunks`, then `release` once: at the end, on an error, or on return() (also before the first chunk was read). */
function released(chunks: Generator<string>, release: () => void): Generator<string, void, undefined> {
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      release();
    }
  };
  const it: Generator<string, void, undefined> = {
    next() {
      try {
        const r = chunks.next();
        if (r.done) finish();
        return r.done ? { done: true, value: undefined } : r;
      } catch (e) {
        finish();
        throw e;
      }
    },
    return() {
      finish();
      chunks.return(undefined);
      return { done: true, value: undefined };
    },
    throw(e: unknown) {
      finish();
      return chunks.throw(e) as IteratorResult<string, void>;
    },
    [Symbol.iterator]() {
      return it;
    },
  } as Generator<string, void, undefined>;
  return it;
}

function* generate(deps: CoreDeps, familyId: number, tz: string, from: number | undefined, to: number | undefined, batch: number, bom: boolean): Generator<string> {
  // Names are few (wallets, categories, people): loaded once.
  const walletName = new Map(deps.db.select({ id: wallets.id, name: wallets.name }).from(wallets).where(eq(wallets.familyId, familyId)).all().map((w) => [w.id, w.name]));
  const categoryName = new Map(deps.db.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.familyId, familyId)).all().map((c) => [c.id, c.name]));
  const userName = new Map<number, string>();
  const author = (id: number) => {
    let n = userName.get(id);
    if (n === undefined) {
      n = deps.db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? '';
      userName.set(id, n);
    }
    return n;
  };
  yield (bom ? BOM : '') + csvLine(EXPORT_COLUMNS);
  const line = (r: Row) =>
    csvLine([
      r.id,
      zonedIso(r.date, tz),
      r.kind,
      r.status,
      toDecimalString(r.amountMinor, r.currency),
      r.currency,
      safeText(r.fromWalletId !== null ? (walletName.get(r.fromWalletId) ?? '') : null),
      safeText(r.toWalletId !== null ? (walletName.get(r.toWalletId) ?? '') : null),
      r.toAmountMinor !== null && r.toCurrency !== null ? toDecimalString(r.toAmountMinor, r.toCurrency) : null,
      r.toCurrency,
      safeText(r.categoryId !== null ? (categoryName.get(r.categoryId) ?? '') : null),
      safeText(r.description),
      safeText(author(r.createdBy)),
      r.reversalOf,
      r.reversedBy,
    ]);
  // Pass 1: executed rows by (executed_at, id), read along transactions_family_executed_cover_idx.
  let after: { date: number; id: number } | undefined;
  for (;;) {
    const conds: Array<SQL | undefined> = [eq(transactions.familyId, familyId), isNotNull(transactions.executedAt)];
    if (from !== undefined) conds.push(gte(transactions.executedAt, from));
    if (to !== undefined) conds.push(lt(transactions.executedAt, to));
    if (after) conds.push(gte(transactions.executedAt, after.date), or(gt(transactions.executedAt, after.date), gt(transactions.id, after.id)));
    const rows = selectRows(deps, and(...conds), [asc(transactions.executedAt), asc(transactions.id)], batch);
    if (rows.length === 0) break;
    yield rows.map(line).join('');
    const last = rows[rows.length - 1]!;
    after = { date: last.date, id: last.id };
    if (rows.length < batch) break;
  }
  // Pass 2: rows never executed, by id (their created_at follows id).
  let afterId = 0;
  for (;;) {
    const conds: Array<SQL | undefined> = [eq(transactions.familyId, familyId), isNull(transactions.executedAt), gt(transactions.id, afterId)];
    if (from !== undefined) conds.push(gte(transactions.createdAt, from));
    if (to !== undefined) conds.push(lt(transactions.createdAt, to));
    const rows = selectRows(deps, and(...conds), [asc(transactions.id)], batch);
    if (rows.length === 0) return;
    yield rows.map(line).join('');
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}

type Row = ReturnType<typeof selectRows>[number];

function selectRows(deps: CoreDeps, where: SQL | undefined, order: SQL[], batch: number) {
  return deps.db
    .select({
      id: transactions.id,
      date: sql<number>`coalesce(${transactions.executedAt}, ${transactions.createdAt})`,
      kind: transactions.kind,
      status: transactions.status,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      fromWalletId: transactions.fromWalletId,
      toWalletId: transactions.toWalletId,
      toAmountMinor: transactions.toAmountMinor,
      toCurrency: transactions.toCurrency,
      categoryId: transactions.categoryId,
      description: transactions.description,
      createdBy: transactions.createdBy,
      reversalOf: transactions.reversalOf,
      reversedBy: transactions.reversedBy,
    })
    .from(transactions)
    .where(where)
    .orderBy(...order)
    .limit(batch)
    .all();
}
