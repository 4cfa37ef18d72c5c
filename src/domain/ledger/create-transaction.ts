// Recording an expense, an income or a transfer. The approval rule, the funds
// check, idempotency, the audit event and the outbox row all live here.
import { hash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { families, transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q, type Tx } from '../deps.js';
import { archivedReference, DomainError, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember, requirePermission, type Membership } from '../families/access.js';
import { getThreshold } from '../families/families.js';
import { can, type Role } from '../families/permissions.js';
import { MAX_AMOUNT_MINOR, parseDecimalAmount } from '../money/money.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { categoryOfFamily, entryCategoryOfFamily, type Category } from '../categories/categories.js';
import { entryWalletOfFamily, walletOfFamily, type Wallet } from '../wallets/wallets.js';
import { requireFunds } from './funds.js';
import { applyPostings, movementsOf } from './postings.js';
import { checkBudgetAlerts } from '../budgets/alerts.js';
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';

export type Transaction = typeof transactions.$inferSelect;
export type TransactionKind = Transaction['kind'];
export type TransactionStatus = Transaction['status'];

/** What people record; opening balances and adjustments are made by their own use cases. */
export type EntryKind = 'expense' | 'income' | 'transfer';

export type CreateTransactionInput = {
  familyId: number;
  /** Optional: derived from the wallets (from only: expense, to only: income, both: transfer). */
  kind?: EntryKind;
  fromWalletId?: number | null;
  toWalletId?: number | null;
  /** The amount in minor units (12.50 USD is 1250); or give `amount`. */
  amountMinor?: number;
  /**
   * The amount as written, a decimal such as "12.50" (an API body's), read in
   * the paying wallet's currency inside the same transaction (JPY has no
   * decimals, BHD three); instead of `amountMinor`.
   */
  amount?: string | number;
  /** Received amount when a transfer crosses currencies. */
  toAmountMinor?: number | null;
  /** The received amount as written, read in the receiving wallet's currency; instead of `toAmountMinor`. */
  toAmount?: string | number | null;
  categoryId?: number | null;
  description?: string | null;
  /** A key the app makes itself (tg:msg:…, recurring:…, an import row's): dedupes across the whole family. */
  idempotencyKey?: string | null;
  /**
   * A key an outside client chose (the API's Idempotency-Key), instead of
   * idempotencyKey. The ledger keeps it as `client:<author>:<key>`: it dedupes
   * that person's retries only, and can never meet a key the app makes itself
   * (a member sending `recurring:<rule>:<date>` stopped that rule when its day
   * came) nor the same key of another member of the family.
   */
  clientKey?: string | null;
  source?: 'bot' | 'quick' | 'api' | 'recurring' | 'correction';
  /** Who entered it, for the audit trail: `chat:<chat id>` (the bot), `api:<session id>`, `job:<name>`. */
  origin?: string | null;
};

export type CreateResult = { transaction: Transaction; created: boolean };

// The hot path of the app: prepared once per connection, run with values, rows
// read by rawColumns' reader (Drizzle's generic mapper cost more than the SQL).
const TX = rawColumns(transactions);
const statements = perConnection((q) => {
  const sqlite = connectionOf(q);
  // No RETURNING: every column's value is known here (the insert sets them all but
  // the id, and the rest start as NULL), so the row is built in JS (newRow below).
  // Reading the ~27 columns back cost ~5 µs per entry, a sixth of the use case's CPU.
  const insert = sqlite.prepare(
    `INSERT INTO transactions (family_id, kind, from_wallet_id, to_wallet_id, amount_minor, currency, to_amount_minor, to_currency, category_id,
       description, status, source, origin, created_by, executed_at, idempotency_key, request_hash, correction_of, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    byIdempotencyKey: rawQuery<[number, string], Transaction>(sqlite, `SELECT ${TX.list} FROM transactions WHERE family_id = ? AND idempotency_key = ?`, TX.read),
    insert: (v: NewTransaction, origin: string | null) =>
      insert.run(
        v.familyId,
        v.kind,
        v.fromWalletId,
        v.toWalletId,
        v.amountMinor,
        v.currency,
        v.toAmountMinor,
        v.toCurrency,
        v.categoryId,
        v.description,
        v.status,
        v.source,
        origin,
        v.createdBy,
        v.executedAt,
        v.idempotencyKey,
        v.requestHash,
        v.correctionOf,
        v.createdAt,
        v.updatedAt,
      ).lastInsertRowid,
  };
});

/**
 * The row just inserted, as a read of it would give it: the values bound (each
 * column of the insert is set, null included), the new id, and NULL in the
 * columns a new entry leaves empty. A column added to the schema fails to
 * compile here until it is given; tests/domain/ledger.test.ts compares the
 * result with the stored row.
 */
function newRow(id: number, v: NewTransaction, origin: string | null): Transaction {
  return {
    id,
    familyId: v.familyId,
    kind: v.kind,
    fromWalletId: v.fromWalletId,
    toWalletId: v.toWalletId,
    amountMinor: v.amountMinor,
    currency: v.currency,
    toAmountMinor: v.toAmountMinor,
    toCurrency: v.toCurrency,
    categoryId: v.categoryId,
    description: v.description,
    status: v.status,
    source: v.source,
    origin,
    createdBy: v.createdBy,
    approvedBy: null,
    decidedAt: null,
    executedAt: v.executedAt,
    reversalOf: null,
    reversedBy: null,
    correctionOf: v.correctionOf,
    reason: null,
    idempotencyKey: v.idempotencyKey,
    requestHash: v.requestHash,
    remindedAt: null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

/** Every column the prepared insert sets (each is bound, null included). */
type NewTransaction = Pick<
  Transaction,
  | 'familyId'
  | 'kind'
  | 'fromWalletId'
  | 'toWalletId'
  | 'amountMinor'
  | 'currency'
  | 'toAmountMinor'
  | 'toCurrency'
  | 'categoryId'
  | 'description'
  | 'status'
  | 'source'
  | 'createdBy'
  | 'executedAt'
  | 'idempotencyKey'
  | 'requestHash'
  | 'correctionOf'
  | 'createdAt'
  | 'updatedAt'
>;

export function insertTransaction(tx: Tx, values: NewTransaction & { origin?: string | null }): Transaction {
  const origin = values.origin ?? null;
  const id = statements(tx).insert(values, origin);
  return newRow(Number(id), values, origin);
}

function checkAmount(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw validation(field, 'The amount must be a whole number of minor units');
  if (value <= 0) throw validation(field, 'The amount must be greater than zero');
  if (value > MAX_AMOUNT_MINOR) throw validation(field, 'The amount is too large');
  return value;
}

/** A transaction's note, by the shared text rule (domain/text): control and direction characters stripped, 500 code points. */
const cleanDescription = (d: string | null | undefined) => cleanOptionalText(d, TEXT_RULES.transactionDescription);

/** What makes two requests "the same" for idempotency (the description as cleaned). */
function requestHash(i: CreateTransactionInput, kind: EntryKind, description: string | null): string {
  const canonical = [kind, i.fromWalletId ?? null, i.toWalletId ?? null, i.amountMinor, i.toAmountMinor ?? null, i.categoryId ?? null, description];
  return hash('sha256', JSON.stringify(canonical), 'hex');
}

/**
 * Records an entry. `alsoWrite` runs in the same transaction once the entry is
 * recorded (or found by its idempotency key), for an adapter's own record of
 * the request (the API's stored response): both commit or neither does.
 */
export function createTransaction(deps: CoreDeps, actorId: number, input: CreateTransactionInput, alsoWrite?: (tx: Tx, result: CreateResult) => void): CreateResult {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const result = createTransactionIn(tx, at, actorId, input);
    alsoWrite?.(tx, result);
    return result;
  });
}

/** How a corrected copy is posted (see correct.ts). */
export type PostingOptions = {
  /** The author of the entry when it is not the actor (a corrected copy keeps its original author). */
  authorId?: number;
  correctionOf?: number;
  /**
   * The executed entry this one replaces in the same commit (a correction's
   * reversed original): its spending counted before the change, so a budget
   * alert is written only for a level the corrected spending newly crosses.
   */
  replaces?: Pick<Transaction, 'kind' | 'currency' | 'categoryId' | 'amountMinor' | 'executedAt'>;
  /**
   * When an entry that executes counts as made (default: now). A correction's
   * copy keeps its original's: correcting last month's expense must not move
   * it into this month's report and budgets.
   */
  executedAt?: number;
  /** 'rules': the approval rule decides (default); 'execute': posts at once; 'wait': waits for approval. */
  approval?: 'rules' | 'execute' | 'wait';
  /** The actor's membership of the family, read in this same transaction by a use case that posts (quick entry): not read again. Checked here. */
  member?: Membership;
  /**
   * Rows the use case read in this same transaction, with no write since (quick
   * entry's wallet and category): used instead of reading them again when they are
   * the ones the input names in its family; every check on them is still made here.
   */
  known?: { wallet?: Wallet; category?: Category };
};

/** A row of `known` when it is the one named (its id, in the family), else undefined: the caller reads it. */
function knownRow<R extends { id: number; familyId: number }>(row: R | undefined, id: number, familyId: number): R | undefined {
  return row !== undefined && row.id === id && row.familyId === familyId ? row : undefined;
}

// A family's setting, read only when an income is recorded.
const familyStatements = perConnection((q) => ({
  incomesNeedApproval: q
    .select({ value: families.incomesNeedApproval })
    .from(families)
    .where(eq(families.id, sql.placeholder('familyId')))
    .prepare(),
}));

/**
 * Whether a new entry waits for approval: approvers' own entries never wait;
 * incomes wait only when the family says so; everything else waits above the
 * family's threshold for that currency (with no threshold set, always).
 */
export function needsApproval(q: Q, familyId: number, role: Role, kind: EntryKind, currency: string, amountMinor: number): boolean {
  if (can(role, 'approve_transaction')) return false;
  if (kind === 'income' && !familyStatements(q).incomesNeedApproval.get({ familyId })?.value) return false;
  const threshold = getThreshold(q, familyId, currency);
  return threshold === undefined || amountMinor > threshold;
}

/** The body of createTransaction, for use cases that post inside a larger transaction (corrections, recurring). */
export function createTransactionIn(tx: Tx, at: number, actorId: number, input: CreateTransactionInput, opts: PostingOptions = {}): CreateResult {
  const from = input.fromWalletId ?? null;
  const to = input.toWalletId ?? null;
  const kind: EntryKind | undefined = from !== null && to !== null ? 'transfer' : from !== null ? 'expense' : to !== null ? 'income' : undefined;
  if (!kind) throw validation('from_wallet_id', 'Give from_wallet_id (expense), to_wallet_id (income) or both (transfer)');
  if (input.kind && input.kind !== kind) throw validation('kind', `A ${input.kind} needs ${input.kind === 'income' ? 'only to_wallet_id' : input.kind === 'expense' ? 'only from_wallet_id' : 'both wallets'}`);
  if (input.amount !== undefined && input.amountMinor !== undefined) throw validation('amount', 'Give the amount once');
  if (input.toAmount !== undefined && input.toAmountMinor !== undefined) throw validation('to_amount', 'Give the received amount once');
  // An amount in minor units is checked at once; one written as a decimal once its wallet's currency is known.
  const given = input.amount === undefined ? checkAmount(input.amountMinor as number, 'amount') : undefined;
  const description = cleanDescription(input.description);
  const ownKey = input.idempotencyKey?.trim() || null;
  const clientKey = input.clientKey?.trim() || null;
  if (ownKey !== null && clientKey !== null) throw validation('idempotency_key', 'Give one idempotency key');
  const keyGiven = ownKey ?? clientKey;
  if (keyGiven !== null && keyGiven.length > 255) throw validation('idempotency_key', 'The idempotency key must be 1-255 characters');

  const member =
    opts.member?.familyId === input.familyId && opts.member.userId === actorId
      ? requirePermission(opts.member, 'create_transaction')
      : requireMember(tx, input.familyId, actorId, 'create_transaction');
  const authorId = opts.authorId ?? actorId;
  const key = clientKey !== null ? `client:${authorId}:${clientKey}` : ownKey;
  // The columns the checks and the posting need (or the rows the use case read); a refusal that names a wallet or category reads its name then.
  const known = opts.known;
  const fromWallet = from !== null ? (knownRow(known?.wallet, from, input.familyId) ?? entryWalletOfFamily(tx, input.familyId, from, 'from_wallet_id')) : undefined;
  const toWallet = to !== null ? (knownRow(known?.wallet, to, input.familyId) ?? entryWalletOfFamily(tx, input.familyId, to, 'to_wallet_id')) : undefined;
  const currency = (fromWallet ?? toWallet)!.currency;
  const amount = given ?? checkAmount(parseDecimalAmount(input.amount, currency), 'amount');
  const toGiven =
    input.toAmount !== undefined && input.toAmount !== null
      ? checkAmount(parseDecimalAmount(input.toAmount, (toWallet ?? fromWallet)!.currency, { field: 'to_amount' }), 'to_amount')
      : input.toAmountMinor;
  // Only a keyed entry is ever compared with a retry; one without a key keeps no fingerprint (NULL, as balance entries).
  const hash = key !== null ? requestHash({ ...input, amountMinor: amount, toAmountMinor: toGiven }, kind, description) : null;
  if (key !== null) {
    const existing = statements(tx).byIdempotencyKey.get(input.familyId, key);
    if (existing) {
      if (existing.requestHash !== hash || existing.createdBy !== authorId) {
        throw new DomainError('idempotency_mismatch', 'This idempotency key was already used for a different request', { field: 'idempotency_key' });
      }
      return { transaction: existing, created: false };
    }
  }

  for (const [w, field] of [[fromWallet, 'from_wallet_id'], [toWallet, 'to_wallet_id']] as const) {
    if (w?.archivedAt) throw archivedReference('wallet', w.id, `The wallet "${walletOfFamily(tx, input.familyId, w.id).name}" is archived`, field);
  }
  if (fromWallet && toWallet && fromWallet.id === toWallet.id) throw validation('to_wallet_id', 'A transfer needs two different wallets');
  let toAmount: number | null = null;
  let toCurrency: string | null = null;
  if (fromWallet && toWallet && fromWallet.currency !== toWallet.currency) {
    if (toGiven === undefined || toGiven === null) {
      throw validation('to_amount', `This transfer goes from ${fromWallet.currency} to ${toWallet.currency}: give the amount received too`);
    }
    toAmount = checkAmount(toGiven, 'to_amount');
    toCurrency = toWallet.currency;
  } else if (toGiven !== undefined && toGiven !== null && toGiven !== amount) {
    throw validation('to_amount', 'Both wallets use the same currency; the received amount must equal the amount');
  }

  let categoryId: number | null = null;
  if (input.categoryId !== undefined && input.categoryId !== null) {
    const c = knownRow(known?.category, input.categoryId, input.familyId) ?? entryCategoryOfFamily(tx, input.familyId, input.categoryId, 'category_id');
    // A transfer may carry a category of either kind as a label ("Savings", "Rent"); reports
    // count only expenses and incomes, so a labelled transfer never counts as spending.
    const otherKind = kind !== 'transfer' && c.kind !== kind;
    if (otherKind || c.archivedAt) {
      const { name } = categoryOfFamily(tx, input.familyId, c.id);
      if (otherKind) throw validation('category_id', `"${name}" is an ${c.kind} category`);
      throw archivedReference('category', c.id, `The category "${name}" is archived`, 'category_id');
    }
    categoryId = c.id;
  }

  const approval = opts.approval ?? 'rules';
  const waits = approval === 'wait' || (approval === 'rules' && needsApproval(tx, input.familyId, member.role, kind, currency, amount));
  // A request is checked for funds when it is made (and again when approved:
  // the balance may move meanwhile), so nobody waits for an approval that cannot pay.
  if (waits && fromWallet) requireFunds(tx, fromWallet, amount);
  const status = waits ? 'pending_approval' : 'executed';

  const row = insertTransaction(tx, {
    familyId: input.familyId,
    kind,
    fromWalletId: from,
    toWalletId: to,
    amountMinor: amount,
    currency,
    toAmountMinor: toAmount,
    toCurrency,
    categoryId,
    description,
    status,
    source: input.source ?? 'api',
    origin: input.origin?.slice(0, 100) ?? null,
    createdBy: authorId,
    executedAt: waits ? null : (opts.executedAt ?? at),
    idempotencyKey: key,
    requestHash: hash,
    correctionOf: opts.correctionOf ?? null,
    createdAt: at,
    updatedAt: at,
  });
  if (!waits) {
    // The wallets were read above in this transaction, and nothing since has moved a balance.
    applyPostings(tx, movementsOf(row), at, [fromWallet, toWallet]);
    checkBudgetAlerts(tx, row, at, opts.replaces);
  }
  recordEvent(tx, {
    familyId: input.familyId,
    actorUserId: actorId,
    action: waits ? 'transaction.requested' : 'transaction.executed',
    entityType: 'transaction',
    entityId: row.id,
    payload: {
      kind,
      amountMinor: amount,
      currency,
      fromWalletId: from,
      toWalletId: to,
      toAmountMinor: toAmount,
      categoryId,
      source: row.source,
      origin: row.origin,
      ...(authorId !== actorId ? { authorId } : {}),
      ...(opts.correctionOf !== undefined ? { correctionOf: opts.correctionOf } : {}),
    },
    at,
  });
  if (waits) enqueueOutbox(tx, { topic: 'approval.requested', payload: { transactionId: row.id, familyId: input.familyId } }, at);
  // An API entry reaches its author's chats as the same card the bot replies with (Undo, Change category/wallet, Withdraw).
  if (row.origin?.startsWith('api:') && opts.correctionOf === undefined) {
    enqueueOutbox(tx, { topic: 'transaction.recorded', payload: { transactionId: row.id, familyId: input.familyId } }, at);
  }
  return { transaction: row, created: true };
}
