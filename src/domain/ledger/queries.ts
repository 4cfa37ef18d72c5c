// Reading the ledger: one transaction, filtered lists with keyset paging, the
// queue of pending approvals, a person's last transaction (for /undo).
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { transactions } from '../../db/schema.js';
import { readTx, type CoreDeps } from '../deps.js';
import { DomainError, validation } from '../errors.js';
import { findMembership, requireMember } from '../families/access.js';
import { categoryOfFamily } from '../categories/categories.js';
import { walletOfFamily } from '../wallets/wallets.js';
import type { Transaction, TransactionStatus } from './create-transaction.js';
import { loadVisible } from './decisions.js';
import { correctionRefusal, transactionActions } from './rules.js';

export function getTransaction(deps: CoreDeps, actorId: number, transactionId: number): Transaction {
  return readTx(deps, (tx) => loadVisible(tx, actorId, transactionId, 'view').t);
}

/**
 * Why the actor may not correct this entry now (correctTransaction would refuse it: their role, someone
 * else's approval, the 48-hour window…), or null: the card's 🏷/👛 say so before listing choices.
 */
export function correctionRefusalOf(deps: CoreDeps, actorId: number, transactionId: number): DomainError | null {
  return readTx(deps, (tx) => {
    const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
    return correctionRefusal(member, t, deps.clock());
  });
}

/**
 * What the actor may do to the entry now (its card's buttons for them: 🏷 👛 when they may correct it,
 * ↩️ when they may reverse it), or null when they cannot see it (not in its family any more).
 */
export function transactionActionsOf(deps: CoreDeps, actorId: number, transactionId: number): ReturnType<typeof transactionActions> | null {
  return readTx(deps, (tx) => {
    try {
      const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
      return transactionActions(member, t, deps.clock());
    } catch (e) {
      if (e instanceof DomainError) return null;
      throw e;
    }
  });
}

/**
 * Whether someone else's entry card answers the actor: the author can no longer correct the entry
 * (someone else approved it, the 48 hours passed, their role) and the actor may correct or undo it (the
 * owner or admin who approved a member's expense). While the author may still change it, the card is
 * theirs alone. False for an entry the actor cannot see.
 */
export function mayUseOthersCard(deps: CoreDeps, actorId: number, transactionId: number): boolean {
  return readTx(deps, (tx) => {
    try {
      const { t, member } = loadVisible(tx, actorId, transactionId, 'view');
      const now = deps.clock();
      const actions = transactionActions(member, t, now);
      if (!actions.correct && !actions.reverse) return false;
      const author = findMembership(tx, t.familyId, t.createdBy);
      return !author || correctionRefusal(author, t, now) !== null;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  });
}

export type ListTransactionsInput = {
  familyId: number;
  walletId?: number;
  status?: TransactionStatus;
  /** Recorded by this member. */
  createdBy?: number;
  categoryId?: number;
  kind?: Transaction['kind'];
  /** Words in the description (case-insensitive for Latin letters, as SQLite's LIKE). */
  search?: string;
  /** Inclusive bounds on created_at (epoch ms). */
  from?: number;
  to?: number;
  limit?: number;
  /** Id of the last item of the previous page: the list continues below it. */
  beforeId?: number;
};

export type Page<T> = { items: T[]; nextBeforeId: number | null };

export const TRANSACTION_KINDS = ['expense', 'income', 'transfer', 'opening_balance', 'adjustment'] as const satisfies ReadonlyArray<Transaction['kind']>;

/** Newest first, keyset-paged by id (stable while new rows arrive). */
export function listTransactions(deps: CoreDeps, actorId: number, input: ListTransactionsInput): Page<Transaction> {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validation('limit', 'limit must be between 1 and 100');
  // A filter that cannot match is refused, never answered with an empty list that reads as "none":
  // another family's wallet or category is not found, a kind is one of the ledger's, from comes before to.
  if (input.walletId !== undefined) walletOfFamily(deps.db, input.familyId, input.walletId, 'wallet_id');
  if (input.categoryId !== undefined) categoryOfFamily(deps.db, input.familyId, input.categoryId, 'category_id');
  if (input.kind !== undefined && !(TRANSACTION_KINDS as readonly string[]).includes(input.kind)) {
    throw validation('kind', `kind must be one of ${TRANSACTION_KINDS.join(', ')}`);
  }
  if (input.from !== undefined && input.to !== undefined && input.to < input.from) throw validation('to', 'to comes before from');
  const conds: Array<SQL | undefined> = [eq(transactions.familyId, input.familyId)];
  if (input.status) conds.push(eq(transactions.status, input.status));
  if (input.from !== undefined) conds.push(gte(transactions.createdAt, input.from));
  if (input.to !== undefined) conds.push(lte(transactions.createdAt, input.to));
  if (input.beforeId !== undefined) conds.push(lt(transactions.id, input.beforeId));
  if (input.createdBy !== undefined) conds.push(eq(transactions.createdBy, input.createdBy));
  if (input.categoryId !== undefined) conds.push(eq(transactions.categoryId, input.categoryId));
  if (input.kind !== undefined) conds.push(eq(transactions.kind, input.kind));
  const search = cleanOptionalText(input.search, TEXT_RULES.searchQuery);
  if (search) {
    // Every word must appear (the text rule keeps the query to 100 characters); % and _ typed by a person are literal.
    for (const word of new Set(search.split(/\s+/))) {
      conds.push(sql`${transactions.description} like ${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
    }
  }
  // A wallet's history includes both sides of its transfers.
  const walletCond = input.walletId !== undefined ? or(eq(transactions.fromWalletId, input.walletId), eq(transactions.toWalletId, input.walletId)) : undefined;
  const rows = deps.db
    .select()
    .from(transactions)
    .where(and(...conds, walletCond))
    .orderBy(desc(transactions.id))
    .limit(limit + 1)
    .all();
  const items = rows.slice(0, limit);
  return { items, nextBeforeId: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

export function pendingTransactions(deps: CoreDeps, actorId: number, familyId: number): Transaction[] {
  requireMember(deps.db, familyId, actorId, 'view');
  return deps.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.familyId, familyId), eq(transactions.status, 'pending_approval')))
    .orderBy(desc(transactions.id))
    .all();
}

/**
 * What /undo takes back: the actor's newest entry in the family, executed (it is reversed) or still
 * waiting for approval (it is withdrawn). A request sent after an entry is the last thing they did:
 * offering to undo the older entry instead would take back the wrong one. Reversals and entries
 * already reversed are left out, and so are balance entries (opening balance, adjustment): they
 * are not "the last thing I recorded".
 */
export function lastUndoableEntry(deps: CoreDeps, actorId: number, familyId: number): Transaction | undefined {
  requireMember(deps.db, familyId, actorId, 'view');
  return deps.db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.familyId, familyId),
        eq(transactions.createdBy, actorId),
        inArray(transactions.status, ['executed', 'pending_approval']),
        isNull(transactions.reversalOf),
        inArray(transactions.kind, ['expense', 'income', 'transfer']),
      ),
    )
    .orderBy(desc(transactions.id))
    .get();
}
