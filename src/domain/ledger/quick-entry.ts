// Quick entry: one chat message ("50 coffee", "+3000 salary", "€12 lunch") is
// an entry. The adapter reads the message's grammar; the core decides the
// rest in the one transaction that records it: the wallet (the person's
// default, or their family's wallet in the currency they named), the amount in
// that wallet's currency, and the category (the person's history, then the
// category names, then the catch-all). An edit of the message corrects the
// entry it made (correctQuickEntry), under the same rules.
import { eq } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { reasoned } from '../errors.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { requireMember, type Membership } from '../families/access.js';
import { categoryForEntry, type Category } from '../categories/categories.js';
import { parseAmountExpression } from '../money/expression.js';
import { AmountError } from '../money/money.js';
import { currencyExponent } from '../money/currency.js';
import { defaultWalletOf, firstActiveWalletIn, walletOfFamilyIn, type Wallet } from '../wallets/wallets.js';
import { createTransactionIn, type CreateResult } from './create-transaction.js';
import { movementsOf } from './postings.js';
import { correctTransactionIn, type CorrectResult } from './correct.js';
import { loadVisible } from './decisions.js';
import { correctionRefusal, windowRefusal } from './rules.js';

/** A quick entry as the person typed it. */
export type QuickEntryText = {
  income: boolean;
  /** The amount as typed, without sign or currency: "50", "1.5k", "120+35" (parseAmountExpression). */
  amountText: string;
  /** The currency the person named (ISO code), if any. */
  currency?: string | null;
  /**
   * Every currency the name may mean, when several share it ("$", "dollars":
   * USD, CAD, AUD…; "рублей": RUB, BYN), currency first. The person's default
   * wallet (or the corrected entry's) is used when its currency is one of them,
   * else the family's first wallet in the first one it holds.
   */
  currencies?: readonly string[] | null;
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

// A word of the note that is only a number ("50", "1,50", "50$", "12.05"); "x2", "#42", "12:30", "2nd" are words.
const BARE_NUMBER = /^[+\-\u2212]?\p{Sc}?\d[\d.,'\u2019\u00a0\u202f\u2009]*\p{Sc}?[.,;:!?]?$/u;

/**
 * A number right beside the amount: "1 50 coffee" (note "50 coffee") may be 150, 1.50, or 1 and 50;
 * "coffee 1 50" (note "coffee 1") and "2 coffees 5" (note "coffees 5") do not say which number is the
 * amount. The grammar takes the first (or last) number, so such an entry is refused, never recorded as
 * one of the readings; a number inside the words ("5 coffees for 2 people", "500 bus #42") is the note's.
 * The bot's amount questions ("How much?" answered "1 50") refuse it by the same rule.
 */
export function separateNumberIn(note: string): boolean {
  const words = note.trim().split(/\s+/u).filter((w) => w !== '');
  return words.length > 0 && (BARE_NUMBER.test(words[0] as string) || BARE_NUMBER.test(words[words.length - 1] as string));
}

/** `walletRow`, `category`: the rows read here (none for a kept wallet), for createTransactionIn not to read them again. */
type Resolved = { wallet: Pick<Wallet, 'id' | 'currency'>; walletRow: Wallet | undefined; amountMinor: number; kind: 'expense' | 'income'; categoryId: number | null; category: Category | undefined };

/** `keep`: the wallet an entry being corrected is in, kept unless the text names another currency. */
function resolve(tx: Tx, actorId: number, member: Membership, entry: QuickEntryText, keep?: Pick<Wallet, 'id' | 'currency'>): Resolved {
  const preferred = defaultWalletOf(tx, member);
  const named = entry.currency ? [entry.currency, ...(entry.currencies ?? []).filter((c) => c !== entry.currency)] : [];
  const fits = (w: Pick<Wallet, 'currency'> | undefined) => w !== undefined && (named.length === 0 || named.includes(w.currency));
  const kept = keep && fits(keep) ? keep : undefined;
  const walletRow =
    kept ? undefined
    : named.length === 0 || fits(preferred) ? preferred
    : named.map((c) => firstActiveWalletIn(tx, member.familyId, c)).find((w) => w !== undefined);
  const wallet = kept ?? walletRow;
  if (!wallet) {
    throw entry.currency
      ? reasoned('not_found', `The family has no active wallet in ${entry.currency}`, { type: 'no_wallet_in_currency', currency: entry.currency })
      : reasoned('not_found', 'The family has no active wallet', { type: 'no_wallet' });
  }
  const amountMinor = parseAmountExpression(entry.amountText, wallet.currency);
  if (separateNumberIn(entry.note)) {
    throw new AmountError('separate_numbers', `"${entry.amountText}" stands beside another number ("${entry.note.slice(0, 40)}"): write the amount as one number and other numbers inside the words`, 'amount', currencyExponent(wallet.currency));
  }
  const kind = entry.income ? 'income' : 'expense';
  const category = categoryForEntry(tx, actorId, member.familyId, kind, entry.note);
  return { wallet, walletRow, amountMinor, kind, categoryId: category?.id ?? null, category };
}

/**
 * Records a quick entry. Throws an AmountError for an amount that cannot be
 * read, a DomainError with reason `no_wallet` or `no_wallet_in_currency`, and
 * createTransaction's errors (insufficient funds with the wallets that can pay).
 */
/**
 * A new entry's wallet and category as they stand once it is recorded (the
 * wallet's balance moved by it, if it executed), for its card: the adapter
 * need not read them again. Absent for an entry found by its key (a retry).
 */
export type QuickEntryResult = CreateResult & { rows?: { wallet: Wallet; category: Category | undefined } };

export function recordQuickEntry(deps: CoreDeps, actorId: number, input: RecordQuickEntryInput): QuickEntryResult {
  const at = deps.clock();
  return writeTx(deps, (tx): QuickEntryResult => {
    const member = requireMember(tx, input.familyId, actorId, 'create_transaction');
    const r = resolve(tx, actorId, member, input.entry);
    // A wallet the person chose to pay from: the family's, in the entry's currency (createTransactionIn refuses an archived one).
    const wallet = input.walletId === undefined ? r.walletRow : walletOfFamilyIn(tx, member.familyId, input.walletId, r.wallet.currency);
    const walletId = wallet?.id ?? r.wallet.id;
    const result = createTransactionIn(
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
      // The wallet and category were read above in this transaction: createTransactionIn checks them without reading them again.
      { member, known: { wallet, category: r.category } },
    );
    const t = result.transaction;
    if (!result.created || !wallet || (t.fromWalletId ?? t.toWalletId) !== wallet.id || t.categoryId !== (r.category?.id ?? null)) return result;
    // applyPostings added exactly this to the row's balance (and nothing else in this transaction moves it).
    const moved = t.status === 'executed' ? (movementsOf(t).find((m) => m.walletId === wallet.id)?.amountMinor ?? 0) : 0;
    return { ...result, rows: { wallet: { ...wallet, balanceMinor: wallet.balanceMinor + moved }, category: r.category } };
  });
}

export type CorrectQuickEntryInput = { transactionId: number; entry: QuickEntryText };

/**
 * The entry a message made, as it stands now, and when the message's first
 * entry was recorded. A card's [Change category] or [Change wallet], the app
 * or a second edit replace an entry with a corrected copy (correction_of): the
 * message's edit corrects the live copy, and its window runs from the first.
 */
function liveEntryOf(tx: Tx, transactionId: number): { liveId: number; firstCreatedAt: number | null } {
  let liveId = transactionId;
  // A chain of corrections is short; the bound only guards against a cycle in damaged data.
  for (let i = 0; i < 1000; i++) {
    const copy = tx.select({ id: transactions.id }).from(transactions).where(eq(transactions.correctionOf, liveId)).get();
    if (!copy) break;
    liveId = copy.id;
  }
  let firstCreatedAt: number | null = null;
  let id: number | null = transactionId;
  for (let i = 0; i < 1000 && id !== null; i++) {
    const row = tx.select({ correctionOf: transactions.correctionOf, createdAt: transactions.createdAt }).from(transactions).where(eq(transactions.id, id)).get();
    if (!row) break;
    firstCreatedAt = row.createdAt;
    id = row.correctionOf;
  }
  return { liveId, firstCreatedAt };
}

/**
 * Corrects the entry a quick entry made from the message's new text (the
 * person edited it): a new amount, note, wallet (another currency named) or,
 * when the note changed, the category guessed from it. The entry corrected is
 * the live one: if it was already replaced by a corrected copy (a card's
 * buttons, the app), that copy; its wallet stays unless the text names
 * another currency. Editing an old chat
 * message is more likely a slip than a correction, so past the correction
 * window (from the message's first entry) it is refused for everyone, owners
 * included; an expense cannot become an income (reason `kind_changed`). An
 * edit that changes nothing the entry holds (a redelivered edit) changes
 * nothing: the result's corrected is the entry itself and reversal is null.
 * Otherwise correctTransaction's rules and result.
 */
export function correctQuickEntry(deps: CoreDeps, actorId: number, input: CorrectQuickEntryInput): CorrectResult {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    // Visible first (the same answer for a missing id and another family's), then followed to the live copy.
    loadVisible(tx, actorId, input.transactionId, 'view');
    const { liveId, firstCreatedAt } = liveEntryOf(tx, input.transactionId);
    const visible = loadVisible(tx, actorId, liveId, 'view');
    const { t, member } = visible;
    const late = windowRefusal({ createdAt: Math.min(t.createdAt, firstCreatedAt ?? t.createdAt) }, at);
    if (late) throw late;
    const side = t.kind === 'income' ? t.toWalletId : t.fromWalletId;
    const sideCurrency = t.kind === 'income' ? (t.toCurrency ?? t.currency) : t.currency;
    // The wallet stays (the card's [Change wallet] may have chosen it) unless the edit names another currency.
    const r = resolve(tx, actorId, member, input.entry, side !== null ? { id: side, currency: sideCurrency } : undefined);
    if ((r.kind === 'income') !== (t.kind === 'income')) {
      throw reasoned('validation', `An edit cannot turn this ${t.kind} into ${r.kind === 'income' ? 'an income' : 'an expense'}`, { type: 'kind_changed', kind: t.kind });
    }
    const note = input.entry.note || null;
    if (r.amountMinor === t.amountMinor && note === t.description && r.wallet.id === side) {
      const refusal = correctionRefusal(member, t, at);
      if (refusal) throw refusal;
      return { original: t, reversal: null, corrected: t };
    }
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
