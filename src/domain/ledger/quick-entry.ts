// Quick entry: one chat message ("50 coffee", "+3000 salary", "€12 lunch") is
// an entry. The adapter reads the message's grammar; the core decides the
// rest in the one transaction that records it: the wallet (the person's
// default, or their family's wallet in the currency they named), the amount in
// that wallet's currency, and the category (the person's history, then the
// category names, then the catch-all). An edit of the message corrects the
// entry it made (correctQuickEntry), under the same rules.
import { reasoned } from '../errors.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { requireMember, type Membership } from '../families/access.js';
import { categoryForEntry } from '../categories/categories.js';
import { parseAmountExpression } from '../money/expression.js';
import { defaultWalletOf, firstActiveWalletIn, walletOfFamilyIn, type Wallet } from '../wallets/wallets.js';
import { createTransactionIn, type CreateResult } from './create-transaction.js';
import { correctTransactionIn, type CorrectResult } from './correct.js';
import { loadVisible } from './decisions.js';
import { windowRefusal } from './rules.js';

/** A quick entry as the person typed it. */
export type QuickEntryText = {
  income: boolean;
  /** The amount as typed, without sign or currency: "50", "1.5k", "120+35" (parseAmountExpression). */
  amountText: string;
  /** The currency the person named (ISO code), if any. */
  currency?: string | null;
  /** The words beside the amount: the entry's note, and what its category is guessed from. */
  note: string;
};

export type RecordQuickEntryInput = {
  familyId: number;
  entry: QuickEntryText;
  /** Pay from this wallet instead (chosen after a shortfall): an active wallet of the family in the entry's currency. */
  walletId?: number;
  /** Ties the entry to the message that made it: a redelivered message or a second press records nothing more. */
  idempotencyKey: string;
  origin?: string | null;
};

type Resolved = { wallet: Wallet; amountMinor: number; kind: 'expense' | 'income'; categoryId: number | null };

function resolve(tx: Tx, actorId: number, member: Membership, entry: QuickEntryText): Resolved {
  const preferred = defaultWalletOf(tx, member);
  const wallet = !entry.currency || preferred?.currency === entry.currency ? preferred : firstActiveWalletIn(tx, member.familyId, entry.currency);
  if (!wallet) {
    throw entry.currency
      ? reasoned('not_found', `The family has no active wallet in ${entry.currency}`, { type: 'no_wallet_in_currency', currency: entry.currency })
      : reasoned('not_found', 'The family has no active wallet', { type: 'no_wallet' });
  }
  const amountMinor = parseAmountExpression(entry.amountText, wallet.currency);
  const kind = entry.income ? 'income' : 'expense';
  const category = categoryForEntry(tx, actorId, member.familyId, kind, entry.note);
  return { wallet, amountMinor, kind, categoryId: category?.id ?? null };
}

/**
 * Records a quick entry. Throws an AmountError for an amount that cannot be
 * read, a DomainError with reason `no_wallet` or `no_wallet_in_currency`, and
 * createTransaction's errors (insufficient funds with the wallets that can pay).
 */
export function recordQuickEntry(deps: CoreDeps, actorId: number, input: RecordQuickEntryInput): CreateResult {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const member = requireMember(tx, input.familyId, actorId, 'create_transaction');
    const r = resolve(tx, actorId, member, input.entry);
    // A wallet the person chose to pay from: the family's, in the entry's currency (createTransactionIn refuses an archived one).
    const walletId = input.walletId === undefined ? r.wallet.id : walletOfFamilyIn(tx, member.familyId, input.walletId, r.wallet.currency).id;
    return createTransactionIn(
      tx,
      at,
      actorId,
      {
        familyId: input.familyId,
        fromWalletId: r.kind === 'expense' ? walletId : null,
        toWalletId: r.kind === 'income' ? walletId : null,
        amountMinor: r.amountMinor,
        categoryId: r.categoryId,
        description: input.entry.note || null,
        idempotencyKey: input.idempotencyKey,
        source: 'quick',
        origin: input.origin ?? null,
      },
      { member },
    );
  });
}

export type CorrectQuickEntryInput = { transactionId: number; entry: QuickEntryText };

/**
 * Corrects the entry a quick entry made from the message's new text (the
 * person edited it): a new amount, note, wallet (another currency named) or,
 * when the note changed, the category guessed from it. Editing an old chat
 * message is more likely a slip than a correction, so past the correction
 * window it is refused for everyone, owners included; an expense cannot
 * become an income (reason `kind_changed`). Otherwise correctTransaction's
 * rules and result.
 */
export function correctQuickEntry(deps: CoreDeps, actorId: number, input: CorrectQuickEntryInput): CorrectResult {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const visible = loadVisible(tx, actorId, input.transactionId, 'view');
    const { t, member } = visible;
    const late = windowRefusal(t, at);
    if (late) throw late;
    const r = resolve(tx, actorId, member, input.entry);
    if ((r.kind === 'income') !== (t.kind === 'income')) {
      throw reasoned('validation', `An edit cannot turn this ${t.kind} into ${r.kind === 'income' ? 'an income' : 'an expense'}`, { type: 'kind_changed', kind: t.kind });
    }
    const note = input.entry.note || null;
    const side = t.kind === 'income' ? t.toWalletId : t.fromWalletId;
    return correctTransactionIn(
      tx,
      at,
      actorId,
      {
        transactionId: t.id,
        amountMinor: r.amountMinor,
        description: note,
        ...(note !== t.description ? { categoryId: r.categoryId } : {}),
        ...(r.wallet.id !== side ? { walletId: r.wallet.id } : {}),
      },
      visible,
    );
  });
}
