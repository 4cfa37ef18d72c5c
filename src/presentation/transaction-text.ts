// How a transaction reads in a message ("➖ $12.50 from Cash · ☕ Cafes · latte"),
// the one renderer of the bot (conversation, quick entry, undo, approvals,
// history) and the notifications the jobs send (src/jobs/handlers): the
// one-line summary with balances (the card) and the detail lines.
import type { Locale } from '../config.js';
import {
  categoryOfFamily,
  displayName,
  formatMoney,
  walletOfFamily,
  type Category,
  type CoreDeps,
  type Transaction,
  type Wallet,
} from '../domain/index.js';

/** A translator in the reader's language: the bot's ctx.t, or the jobs' texts bound to a locale. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export type Texts = { t: Translate; locale: Locale };
/**
 * Texts for a card, which may show balances: `balances` is false where the
 * reader may not see them (a family group whose setting keeps balances private).
 */
export type CardTexts = Texts & { balances: boolean };

/** A category as a reader sees it: a default one in their language, a typed one as typed. */
export const categoryLabel = (c: Pick<Category, 'emoji' | 'name' | 'nameKey'>, locale: Locale): string => {
  const name = displayName(c, locale);
  return c.emoji ? `${c.emoji} ${name}` : name;
};

/** A wallet's name as a reader sees it ("Cash" / "Наличные" for the default one). */
export const walletName = (w: Pick<Wallet, 'name' | 'nameKey'>, locale: Locale): string => displayName(w, locale);

/** A wallet on a button ("Cash · $87.50"); without its balance where the reader may not see balances. */
export const walletLabel = (w: Pick<Wallet, 'name' | 'nameKey' | 'balanceMinor' | 'currency'>, locale: Locale, balances: boolean): string =>
  balances ? `${walletName(w, locale)} · ${formatMoney(w.balanceMinor, w.currency, locale)}` : walletName(w, locale);

/** Reads the wallets a transaction touched, each once for all the parts of one message. */
export type WalletReader = (walletId: number) => Wallet;

/**
 * Rows of the transaction's family as they stand now, which the caller already
 * has (quick entry's result: the wallet and category just recorded): not read again.
 */
export type KnownRows = { wallet?: Wallet; category?: Category | undefined };

export function walletReader(deps: CoreDeps, tx: Transaction, known?: KnownRows): WalletReader {
  const read = new Map<number, Wallet>();
  if (known?.wallet && known.wallet.familyId === tx.familyId) read.set(known.wallet.id, known.wallet);
  return (id) => {
    let w = read.get(id);
    if (!w) read.set(id, (w = walletOfFamily(deps.db, tx.familyId, id)));
    return w;
  };
}

const knownCategory = (known: KnownRows | undefined, tx: Transaction): Category | undefined =>
  known?.category && known.category.id === tx.categoryId && known.category.familyId === tx.familyId ? known.category : undefined;

/** Fluent variables for the `tx-summary` message of a transaction as stored. */
export function summaryVars(deps: CoreDeps, tx: Transaction, locale: Locale, wallets = walletReader(deps, tx), known?: KnownRows): Record<string, string> {
  const wallet = (id: number | null) => (id === null ? '' : walletName(wallets(id), locale));
  let amount = formatMoney(tx.amountMinor, tx.currency, locale);
  if (tx.toAmountMinor !== null && tx.toCurrency !== null && tx.toCurrency !== tx.currency) {
    amount += ` → ${formatMoney(tx.toAmountMinor, tx.toCurrency, locale)}`;
  }
  const details = [
    tx.categoryId !== null ? categoryLabel(knownCategory(known, tx) ?? categoryOfFamily(deps.db, tx.familyId, tx.categoryId), locale) : null,
    tx.description,
  ].filter((d): d is string => Boolean(d));
  return {
    kind: tx.kind,
    amount,
    wallet: wallet(tx.kind === 'income' ? tx.toWalletId : tx.fromWalletId),
    toWallet: wallet(tx.kind === 'transfer' ? tx.toWalletId : null),
    details: details.length ? ` · ${details.join(' · ')}` : '',
  };
}

/** "Cash: $87.50" lines for the wallets a transaction touched, as they are now. */
export function balanceLines(deps: CoreDeps, tx: Transaction, texts: Texts, wallets = walletReader(deps, tx)): string {
  const ids = [tx.fromWalletId, tx.toWalletId].filter((id): id is number => id !== null);
  return ids
    .map((id) => {
      const w = wallets(id);
      return texts.t('tx-balance', { wallet: walletName(w, texts.locale), balance: formatMoney(w.balanceMinor, w.currency, texts.locale) });
    })
    .join('\n');
}

/** The reply after recording: the summary, then the balance where the reader may see it (or that it waits for approval). `known`: rows as they stand now (KnownRows). */
export function resultText(deps: CoreDeps, tx: Transaction, texts: CardTexts, known?: KnownRows): string {
  const wallets = walletReader(deps, tx, known);
  const summary = texts.t('tx-summary', summaryVars(deps, tx, texts.locale, wallets, known));
  if (tx.status === 'pending_approval') return `${summary}\n${texts.t('tx-pending')}`;
  return texts.balances ? `${summary}\n${balanceLines(deps, tx, texts, wallets)}` : summary;
}

/**
 * The card of an entry as it stands now: a rejected request says so, by whom
 * and why (and shows no balance: nothing moved); anything else is resultText.
 * The decision's edit of the requester's cards and a late ✋ Withdraw both use it.
 */
export function cardText(deps: CoreDeps, tx: Transaction, texts: CardTexts, decider: string): string {
  if (tx.status !== 'rejected') return resultText(deps, tx, texts);
  const summary = texts.t('tx-summary', summaryVars(deps, tx, texts.locale));
  const reason = tx.reason ? [texts.t('notify-line-reason', { reason: tx.reason })] : [];
  return [summary, texts.t('approvals-rejected', { name: decider }), ...reason].join('\n');
}

/** The card after an undo: what was undone, and the balances as they are now where the reader may see them. */
export function undoneText(deps: CoreDeps, original: Transaction, texts: CardTexts): string {
  const wallets = walletReader(deps, original);
  const summary = texts.t('tx-summary', summaryVars(deps, original, texts.locale, wallets));
  const undone = texts.t('quick-undone', { summary });
  return texts.balances ? `${undone}\n${balanceLines(deps, original, texts, wallets)}` : undone;
}

/**
 * The entry as detail lines ("Expense: $12.50", "Wallet: Cash", "Category: ☕ Cafes",
 * "Note: latte"): the notifications' layout, with names read as on the card.
 */
export function detailLines(deps: CoreDeps, tx: Transaction, texts: Texts): string[] {
  const { t, locale } = texts;
  const wallet = (id: number | null) => (id === null ? '?' : walletName(walletOfFamily(deps.db, tx.familyId, id), locale));
  const lines = [t('notify-line-amount', { kind: t(`notify-kind-${tx.kind}`), amount: formatMoney(tx.amountMinor, tx.currency, locale) })];
  if (tx.kind === 'transfer') {
    lines.push(t('notify-line-transfer', { from: wallet(tx.fromWalletId), to: wallet(tx.toWalletId) }));
    if (tx.toAmountMinor !== null && tx.toCurrency !== null) lines.push(t('notify-line-received', { amount: formatMoney(tx.toAmountMinor, tx.toCurrency, locale) }));
  } else {
    lines.push(t('notify-line-wallet', { wallet: wallet(tx.kind === 'income' ? tx.toWalletId : tx.fromWalletId) }));
  }
  if (tx.categoryId !== null) lines.push(t('notify-line-category', { category: categoryLabel(categoryOfFamily(deps.db, tx.familyId, tx.categoryId), locale) }));
  if (tx.description) lines.push(t('notify-line-description', { description: tx.description }));
  return lines;
}
