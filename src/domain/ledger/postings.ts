// Balance movements. The only code that changes wallets.balance_minor, inside
// the caller's transaction, after every wallet's floor (zero, minus a card's
// credit limit, or none) is checked. The postings themselves are not written:
// they are a view of the executed transactions (movementsOf below, in SQL:
// drizzle/0021_postings_view.sql), so the row the caller wrote is the posting,
// and the balance is the cache a reconciliation compares with their sum.
import { wallets } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { DomainError, missingReference, reasoned } from '../errors.js';
import { checkGoalsReached } from '../goals/goals.js';
import { balanceFloor, insufficientFunds } from './funds.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';

export type Movement = { walletId: number; amountMinor: number };

/**
 * A wallet row the caller read in this same transaction, after the last change to any balance
 * (createTransaction's wallets, read just before it posts): applyPostings checks it instead of
 * reading the row again (one statement fewer per entry).
 */
export type KnownWallet = { id: number; balanceMinor: number; allowNegative: boolean; creditLimitMinor: number | null; archivedAt: number | null };

// Run for every movement of every posting: prepared once per connection (raw
// statements: Drizzle's placeholder filling and row mapping cost more than the SQL).
const FUNDS = rawColumns(wallets, ['balanceMinor', 'allowNegative', 'creditLimitMinor', 'archivedAt']);
const statements = perConnection((q) => {
  const sqlite = connectionOf(q);
  return {
    wallet: rawQuery<[number], ReturnType<typeof FUNDS.read>>(sqlite, `SELECT ${FUNDS.list} FROM wallets WHERE id = ?`, FUNDS.read),
    addToBalance: sqlite.prepare<[number, number]>('UPDATE wallets SET balance_minor = balance_minor + ? WHERE id = ?'),
  };
});

/**
 * Moves the balances by `movements`, which must be what the `postings` view derives
 * from the transaction row the caller wrote in this commit (movementsOf it, negated
 * for its reversal; tests/domain/support/inspect.ts reconciles the two).
 */
export function applyPostings(q: Q, movements: Movement[], at: number, known?: readonly (KnownWallet | undefined)[]): void {
  const s = statements(q);
  // Check every wallet before writing anything, so an error leaves no partial state.
  for (const m of movements) {
    const w = known?.find((k) => k?.id === m.walletId) ?? s.wallet.get(m.walletId);
    if (!w) throw missingReference('wallet', m.walletId, { walletId: m.walletId });
    const after = w.balanceMinor + m.amountMinor;
    if (after < balanceFloor(w)) throw insufficientFunds(q, m.walletId, -m.amountMinor);
    if (w.archivedAt !== null) {
      throw reasoned('invalid_state', 'This wallet is archived; restore it before moving money in or out', { type: 'wallet_archived', walletId: m.walletId }, { walletId: m.walletId });
    }
    // Balances stay within Number.MAX_SAFE_INTEGER, so every sum is exact. (Both
    // operands are safe, so an inexact float sum is always beyond 2^53 and caught.)
    if (!Number.isSafeInteger(after)) throw new DomainError('validation', 'The wallet balance would be too large', { field: 'amount', reason: 'balance_too_large' });
  }
  for (const m of movements) {
    s.addToBalance.run(m.amountMinor, m.walletId);
  }
  // A savings goal is reached when a posting lifts its wallet to the target: only money coming in can
  // (a goal its wallet already covers is reached when it is made), so an expense looks for none.
  const lifted = movements.filter((m) => m.amountMinor > 0);
  if (lifted.length > 0) checkGoalsReached(q, lifted.map((m) => m.walletId), at);
}

type TxShape = {
  kind: string;
  fromWalletId: number | null;
  toWalletId: number | null;
  amountMinor: number;
  toAmountMinor: number | null;
};

/** The movements that executing a transaction makes (negate them to reverse it). The `postings` view says the same in SQL (drizzle/0021_postings_view.sql). */
export function movementsOf(t: TxShape): Movement[] {
  const out: Movement[] = [];
  if (t.fromWalletId !== null) out.push({ walletId: t.fromWalletId, amountMinor: -t.amountMinor });
  if (t.toWalletId !== null) out.push({ walletId: t.toWalletId, amountMinor: t.toAmountMinor ?? t.amountMinor });
  return out;
}
