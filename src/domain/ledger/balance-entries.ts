// Entries that set a wallet's balance without being income or spending: the
// opening balance a wallet starts with, and an adjustment to what the wallet
// really holds. Each is an executed transaction of its own kind, so the books
// still balance (every balance is the sum of its postings) while reports and
// budgets, which count only expense and income, leave them out.
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';
import { and, eq, isNull, or } from 'drizzle-orm';
import { transactions, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { reasoned, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { walletOfFamily, type Wallet } from '../wallets/wallets.js';
import { insertTransaction, type Transaction } from './create-transaction.js';
import { availableOf } from './funds.js';
import { applyPostings, movementsOf } from './postings.js';

export type BalanceKind = 'opening_balance' | 'adjustment';

/** A signed amount of minor units (negative: a card's debt), within the ledger's bounds. */
export function checkSignedAmount(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw validation(field, 'The amount must be a whole number of minor units');
  if (Math.abs(value) > MAX_AMOUNT_MINOR) throw validation(field, 'The amount is too large');
  return value;
}

/**
 * Posts a signed change to one wallet as a balance entry, inside the caller's
 * transaction. A positive amount comes in (to_wallet_id), a negative one goes
 * out (from_wallet_id); a wallet that may not go that low is refused.
 */
export function postBalanceEntry(
  tx: Tx,
  at: number,
  actorId: number,
  input: {
    wallet: Wallet;
    amountMinor: number;
    kind: BalanceKind;
    description?: string | null;
    field: string;
    origin?: string | null;
    /** Set by an import: the row's key, so the same file imported again finds it (unique per family). */
    idempotencyKey?: string | null;
    source?: 'balance' | 'import';
  },
): Transaction {
  const { wallet, amountMinor } = input;
  if (amountMinor === 0) throw validation(input.field, 'Nothing to change');
  if (amountMinor < 0) {
    const available = availableOf(wallet);
    if (available !== null && -amountMinor > available) {
      throw validation(input.field, wallet.type === 'card' ? 'The balance would go below the card’s credit limit' : 'This wallet cannot go below zero (a credit card can: give it a credit limit)', {
        reason: wallet.type === 'card' ? 'below_credit_limit' : 'below_zero',
      });
    }
  }
  const row = insertTransaction(tx, {
    familyId: wallet.familyId,
    kind: input.kind,
    fromWalletId: amountMinor < 0 ? wallet.id : null,
    toWalletId: amountMinor > 0 ? wallet.id : null,
    amountMinor: Math.abs(amountMinor),
    currency: wallet.currency,
    toAmountMinor: null,
    toCurrency: null,
    categoryId: null,
    description: cleanOptionalText(input.description, TEXT_RULES.transactionDescription),
    status: 'executed',
    source: input.source ?? 'balance',
    origin: input.origin?.slice(0, 100) ?? null,
    createdBy: actorId,
    executedAt: at,
    idempotencyKey: input.idempotencyKey ?? null,
    requestHash: null,
    correctionOf: null,
    createdAt: at,
    updatedAt: at,
  });
  applyPostings(tx, movementsOf(row), at);
  recordEvent(tx, {
    familyId: wallet.familyId,
    actorUserId: actorId,
    action: 'transaction.executed',
    entityType: 'transaction',
    entityId: row.id,
    payload: { kind: input.kind, amountMinor: row.amountMinor, currency: row.currency, fromWalletId: row.fromWalletId, toWalletId: row.toWalletId, source: row.source },
    at,
  });
  return row;
}

/**
 * "This wallet really holds X": posts the difference as an adjustment (owners
 * and admins, who manage wallets). Returns null when the balance already is X.
 */
export function adjustWalletBalance(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; walletId: number; balanceMinor: number; note?: string | null; origin?: string | null },
): { wallet: Wallet; adjustment: Transaction | null } {
  const target = checkSignedAmount(input.balanceMinor, 'balance');
  const note = cleanOptionalText(input.note, { ...TEXT_RULES.transactionDescription, field: 'note' });
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_wallets');
    const wallet = walletOfFamily(tx, input.familyId, input.walletId);
    if (wallet.archivedAt) throw reasoned('invalid_state', 'This wallet is archived; restore it before moving money in or out', { type: 'wallet_archived', walletId: wallet.id }, { walletId: wallet.id });
    const diff = target - wallet.balanceMinor;
    if (diff === 0) return { wallet, adjustment: null };
    const adjustment = postBalanceEntry(tx, at, actorId, { wallet, amountMinor: diff, kind: 'adjustment', description: note, field: 'balance', origin: input.origin });
    const after = tx.select().from(wallets).where(eq(wallets.id, wallet.id)).get() ?? wallet;
    return { wallet: after, adjustment };
  });
}

/** Does the wallet already hold an opening balance that still counts (executed, not reversed)? */
function hasOpeningBalance(tx: Tx, walletId: number): boolean {
  const row = tx
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        eq(transactions.kind, 'opening_balance'),
        eq(transactions.status, 'executed'),
        isNull(transactions.reversalOf),
        or(eq(transactions.toWalletId, walletId), eq(transactions.fromWalletId, walletId)),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

/**
 * A balance entry read from the app's own export, posted as the same kind on
 * the wallet of the same name, inside the import's transaction. It needs the
 * right to set balances (manage_wallets, as createWallet's opening balance and
 * adjustWalletBalance do). A wallet has one opening balance: when it already
 * has one that counts, an imported opening balance is refused (adding it would
 * count that money twice; turning it into an adjustment would change what the
 * file says), and the import tells which line.
 */
export function importBalanceEntryIn(
  tx: Tx,
  at: number,
  actorId: number,
  input: { familyId: number; walletId: number; kind: BalanceKind; amountMinor: number; description: string | null; idempotencyKey: string },
): Transaction {
  requireMember(tx, input.familyId, actorId, 'manage_wallets');
  const wallet = walletOfFamily(tx, input.familyId, input.walletId);
  if (wallet.archivedAt) throw reasoned('invalid_state', 'This wallet is archived; restore it before moving money in or out', { type: 'wallet_archived', walletId: wallet.id }, { walletId: wallet.id });
  const amount = checkSignedAmount(input.amountMinor, 'amount');
  if (input.kind === 'opening_balance' && hasOpeningBalance(tx, wallet.id)) {
    throw validation('kind', `The wallet "${wallet.name}" already has an opening balance; a second one would count that money twice. Import into a wallet without one, or leave this row out`, {
      reason: 'opening_balance_exists',
      walletId: wallet.id,
    });
  }
  return postBalanceEntry(tx, at, actorId, { wallet, amountMinor: amount, kind: input.kind, description: input.description, field: 'amount', idempotencyKey: input.idempotencyKey, source: 'import' });
}
