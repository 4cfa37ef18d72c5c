// How far a wallet may go down, and the one "not enough money" error. A cash or
// bank wallet stops at zero; a card may go down to minus its credit limit; a
// wallet with allow_negative has no floor. The error names the wallet, its
// balance and the family's other wallets in that currency that could pay.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { wallets } from '../../db/schema.js';
import type { Q } from '../deps.js';
import { missingReference, reasoned, type DomainError, type WalletFunds } from '../errors.js';

type FloorShape = { allowNegative: boolean; creditLimitMinor: number | null };
type WalletShape = FloorShape & { id: number; name: string; nameKey: string | null; type: string; currency: string; balanceMinor: number };

/** The lowest balance a wallet may reach (-Infinity: no floor). */
export function balanceFloor(w: FloorShape): number {
  if (w.allowNegative) return Number.NEGATIVE_INFINITY;
  return -(w.creditLimitMinor ?? 0);
}

/** How much may still leave the wallet (null: without bound). */
export function availableOf(w: FloorShape & { balanceMinor: number }): number | null {
  const floor = balanceFloor(w);
  return floor === Number.NEGATIVE_INFINITY ? null : w.balanceMinor - floor;
}

export function canPay(w: FloorShape & { balanceMinor: number }, amountMinor: number): boolean {
  const available = availableOf(w);
  return available === null || available >= amountMinor;
}

export function walletFunds(w: WalletShape): WalletFunds {
  return { walletId: w.id, name: w.name, nameKey: w.nameKey, type: w.type, currency: w.currency, balanceMinor: w.balanceMinor, availableMinor: availableOf(w) };
}

/** The family's other active wallets in the same currency that can pay `amountMinor`. */
export function walletsThatCanPay(q: Q, familyId: number, currency: string, amountMinor: number, exceptWalletId: number): WalletFunds[] {
  return q
    .select()
    .from(wallets)
    .where(and(eq(wallets.familyId, familyId), eq(wallets.currency, currency), isNull(wallets.archivedAt), ne(wallets.id, exceptWalletId)))
    .orderBy(asc(wallets.id))
    .all()
    .filter((w) => canPay(w, amountMinor))
    .map(walletFunds);
}

/** The insufficient_funds error for taking `neededMinor` out of a wallet, with what could pay instead. */
export function insufficientFunds(q: Q, walletId: number, neededMinor: number): DomainError {
  const w = q.select().from(wallets).where(eq(wallets.id, walletId)).get();
  if (!w) return missingReference('wallet', walletId, { walletId });
  const alternatives = walletsThatCanPay(q, w.familyId, w.currency, neededMinor, w.id);
  return reasoned(
    'insufficient_funds',
    `Not enough money in "${w.name}"`,
    { type: 'insufficient_funds', wallet: walletFunds(w), neededMinor, alternatives },
    // Flat fields kept for clients that read them.
    { walletId: w.id, balanceMinor: w.balanceMinor, neededMinor },
  );
}

/** Checks a wallet can pay (used when a request is made, before anything moves). */
export function requireFunds(q: Q, w: FloorShape & { id: number; balanceMinor: number }, amountMinor: number): void {
  if (!canPay(w, amountMinor)) throw insufficientFunds(q, w.id, amountMinor);
}
