// Balance movements. The only code that changes wallets.balance_minor: each
// posting row and the cached balance change together, inside the caller's
// transaction, and a wallet that may not go negative is checked first.
import { eq, sql } from 'drizzle-orm';
import { postings, wallets } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { DomainError, notFound } from '../errors.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';

export type Movement = { walletId: number; amountMinor: number };

export function applyPostings(q: Q, transactionId: number, movements: Movement[], at: number): void {
  // Check every wallet before writing anything, so an error leaves no partial state.
  for (const m of movements) {
    const w = q.select({ balance: wallets.balanceMinor, allowNegative: wallets.allowNegative }).from(wallets).where(eq(wallets.id, m.walletId)).get();
    if (!w) throw notFound('Wallet', { walletId: m.walletId });
    const after = w.balance + m.amountMinor;
    if (after < 0 && !w.allowNegative) {
      throw new DomainError('insufficient_funds', 'Not enough money in the wallet', {
        walletId: m.walletId,
        balanceMinor: w.balance,
        neededMinor: -m.amountMinor,
      });
    }
    if (Math.abs(after) > MAX_AMOUNT_MINOR * 1000) throw new DomainError('validation', 'The wallet balance would be too large', { field: 'amount' });
  }
  for (const m of movements) {
    q.insert(postings).values({ transactionId, walletId: m.walletId, amountMinor: m.amountMinor, createdAt: at }).run();
    q.update(wallets)
      .set({ balanceMinor: sql`${wallets.balanceMinor} + ${m.amountMinor}` })
      .where(eq(wallets.id, m.walletId))
      .run();
  }
}

type TxShape = {
  kind: 'expense' | 'income' | 'transfer';
  fromWalletId: number | null;
  toWalletId: number | null;
  amountMinor: number;
  toAmountMinor: number | null;
};

/** The movements that executing a transaction makes (negate them to reverse it). */
export function movementsOf(t: TxShape): Movement[] {
  const out: Movement[] = [];
  if (t.fromWalletId !== null) out.push({ walletId: t.fromWalletId, amountMinor: -t.amountMinor });
  if (t.toWalletId !== null) out.push({ walletId: t.toWalletId, amountMinor: t.toAmountMinor ?? t.amountMinor });
  return out;
}
