// Wallets: where money is. The balance column is a cache of the wallet's
// postings, only ever changed by the ledger inside its transaction.
import { and, eq, or } from 'drizzle-orm';
import { familyMembers, transactions, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { archivedReference, missingReference, reasoned, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember, type Membership } from '../families/access.js';
import { checkCurrency } from '../families/families.js';
import { goalsSavedIn } from '../goals/goals.js';
import { checkSignedAmount, postBalanceEntry } from '../ledger/balance-entries.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { cleanText, TEXT_RULES } from '../text/text.js';

export type Wallet = typeof wallets.$inferSelect;
export const WALLET_TYPES = ['cash', 'bank', 'card', 'savings'] as const;
export type WalletType = (typeof WALLET_TYPES)[number];

function checkName(name: string): string {
  return cleanText(name, TEXT_RULES.walletName);
}

/**
 * What recording an entry reads of each wallet it names: its currency, whether it is archived, and
 * what the funds check and the posting need. Not the name (only an error shows it: read again then)
 * nor the rest of the row: every column read is a value copied out of SQLite and a property set.
 */
export type EntryWallet = Pick<Wallet, 'id' | 'currency' | 'balanceMinor' | 'allowNegative' | 'creditLimitMinor' | 'archivedAt'>;

// Every posting loads its wallets: prepared once per connection.
const WALLET = rawColumns(wallets);
const ENTRY_WALLET = rawColumns(wallets, ['id', 'currency', 'balanceMinor', 'allowNegative', 'creditLimitMinor', 'archivedAt']);
const statements = perConnection((q) => ({
  walletOfFamily: rawQuery<[number, number], Wallet>(connectionOf(q), `SELECT ${WALLET.list} FROM wallets WHERE id = ? AND family_id = ?`, WALLET.read),
  entryWallet: rawQuery<[number, number], EntryWallet>(connectionOf(q), `SELECT ${ENTRY_WALLET.list} FROM wallets WHERE id = ? AND family_id = ?`, ENTRY_WALLET.read),
}));

/** walletOfFamily's columns an entry needs (EntryWallet), the same not-found error. */
export function entryWalletOfFamily(q: Q, familyId: number, walletId: number, field?: string): EntryWallet {
  const w = statements(q).entryWallet.get(walletId, familyId);
  if (!w) throw missingReference('wallet', walletId, { walletId, ...(field ? { field } : {}) });
  return w;
}

/** Loads a wallet of the given family (not found for another family's id); `field`: the input that named it, if any. */
export function walletOfFamily(q: Q, familyId: number, walletId: number, field?: string): Wallet {
  const w = statements(q).walletOfFamily.get(walletId, familyId);
  if (!w) throw missingReference('wallet', walletId, { walletId, ...(field ? { field } : {}) });
  return w;
}

/** A wallet of the family that must hold `currency` (paying something in that currency from it). */
export function walletOfFamilyIn(q: Q, familyId: number, walletId: number, currency: string): Wallet {
  const w = walletOfFamily(q, familyId, walletId);
  if (w.currency !== currency) throw validation('wallet_id', `Choose a wallet in ${currency}`);
  return w;
}

export type CreateWalletInput = {
  familyId: number;
  name: string;
  type: WalletType;
  currency: string;
  /** May go below zero without bound (explicit choice). */
  allowNegative?: boolean;
  /** A card's credit limit: the balance may go down to minus this. Cards only. */
  creditLimitMinor?: number | null;
  /** What the wallet holds today (negative: a card's debt), posted as an opening_balance entry. */
  openingBalanceMinor?: number;
  /** Who entered it (the opening balance's transactions.origin): `chat:<id>`, `api:<session>`. */
  origin?: string | null;
  /** The request that asks for it (the bot's last answer): asked again, the wallet made first is answered (request-keys.ts). */
  requestKey?: string;
};

function checkCreditLimit(type: WalletType, limit: number | null | undefined): number | null {
  if (limit === undefined || limit === null) return null;
  if (type !== 'card') throw validation('credit_limit', 'Only a card has a credit limit');
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_AMOUNT_MINOR) throw validation('credit_limit', 'The credit limit must be a non-negative amount');
  return limit;
}

/** Creates a wallet, with its opening balance when given, in one transaction. */
export function createWallet(deps: CoreDeps, actorId: number, input: CreateWalletInput): Wallet {
  const name = checkName(input.name);
  if (!WALLET_TYPES.includes(input.type)) throw validation('type', `type must be one of ${WALLET_TYPES.join(', ')}`);
  const currency = checkCurrency(input.currency);
  const creditLimitMinor = checkCreditLimit(input.type, input.creditLimitMinor);
  const opening = input.openingBalanceMinor === undefined ? 0 : checkSignedAmount(input.openingBalanceMinor, 'opening_balance');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_wallets');
    const made = madeFor(tx, 'wallet', input.requestKey);
    if (made !== undefined) return walletOfFamily(tx, input.familyId, made);
    const w = tx
      .insert(wallets)
      .values({ familyId: input.familyId, name, type: input.type, currency, allowNegative: input.allowNegative ?? false, creditLimitMinor, createdAt: at })
      .returning()
      .get();
    rememberMade(tx, 'wallet', input.requestKey, w.id, at);
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'wallet.created',
      entityType: 'wallet',
      entityId: w.id,
      payload: { name, type: input.type, currency, ...(creditLimitMinor !== null ? { creditLimitMinor } : {}), ...(input.allowNegative ? { allowNegative: true } : {}) },
      at,
    });
    if (opening === 0) return w;
    postBalanceEntry(tx, at, actorId, { wallet: w, amountMinor: opening, kind: 'opening_balance', field: 'opening_balance', origin: input.origin });
    return walletOfFamily(tx, input.familyId, w.id);
  });
}

/** Changes how far a wallet may go below zero: a card's credit limit, or no floor at all. */
export function setWalletCredit(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; walletId: number; creditLimitMinor?: number | null; allowNegative?: boolean },
): Wallet {
  if (input.creditLimitMinor === undefined && input.allowNegative === undefined) throw validation('credit_limit', 'Nothing to change');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_wallets');
    const before = walletOfFamily(tx, input.familyId, input.walletId);
    const creditLimitMinor = input.creditLimitMinor === undefined ? before.creditLimitMinor : checkCreditLimit(before.type, input.creditLimitMinor);
    const allowNegative = input.allowNegative ?? before.allowNegative;
    if (creditLimitMinor === before.creditLimitMinor && allowNegative === before.allowNegative) return before;
    if (!allowNegative && before.balanceMinor < -(creditLimitMinor ?? 0)) {
      throw reasoned('invalid_state', 'The wallet already owes more than that; pay it down first', { type: 'below_new_floor', walletId: before.id, balanceMinor: before.balanceMinor }, { balanceMinor: before.balanceMinor });
    }
    const w = tx.update(wallets).set({ creditLimitMinor, allowNegative }).where(eq(wallets.id, before.id)).returning().get();
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'wallet.credit_changed',
      entityType: 'wallet',
      entityId: w.id,
      payload: { from: { creditLimitMinor: before.creditLimitMinor, allowNegative: before.allowNegative }, to: { creditLimitMinor, allowNegative } },
      at,
    });
    return w;
  });
}

export function renameWallet(deps: CoreDeps, actorId: number, input: { familyId: number; walletId: number; name: string }): Wallet {
  const name = checkName(input.name);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_wallets');
    const before = walletOfFamily(tx, input.familyId, input.walletId);
    // The same name again (a redelivered answer, a repeat) changes nothing and writes no event; a default name typed out becomes a typed one.
    if (before.name === name && before.nameKey === null) return before;
    // A typed name replaces a default one for every reader: the key goes.
    const w = tx.update(wallets).set({ name, nameKey: null }).where(eq(wallets.id, before.id)).returning().get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'wallet.renamed', entityType: 'wallet', entityId: w.id, payload: { from: before.name, to: name }, at });
    return w;
  });
}

/** Archives an empty wallet with nothing waiting for approval; money is moved out first, never dropped. */
export function archiveWallet(deps: CoreDeps, actorId: number, input: { familyId: number; walletId: number }): Wallet {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_wallets');
    const w = walletOfFamily(tx, input.familyId, input.walletId);
    if (w.archivedAt) return w;
    if (w.balanceMinor !== 0) {
      throw reasoned('invalid_state', 'Move the money out of this wallet before archiving it', { type: 'wallet_not_empty', walletId: w.id, balanceMinor: w.balanceMinor });
    }
    const pending = tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(
        and(
          eq(transactions.status, 'pending_approval'),
          eq(transactions.familyId, input.familyId),
          or(eq(transactions.fromWalletId, w.id), eq(transactions.toWalletId, w.id)),
        ),
      )
      .get();
    if (pending) throw reasoned('invalid_state', 'A transaction of this wallet is waiting for approval', { type: 'wallet_has_pending', walletId: w.id });
    // A goal's progress is its wallet's balance: archived under it, the goal would sit at zero, never to be reached.
    const saving = goalsSavedIn(tx, w.id);
    if (saving.length > 0) {
      throw reasoned('invalid_state', `Savings goals are saved in this wallet: ${saving.map((g) => g.name).join(', ')}; move them to another wallet or close them first`, {
        type: 'wallet_has_goals',
        walletId: w.id,
        goals: saving,
      });
    }
    const archived = tx.update(wallets).set({ archivedAt: at }).where(eq(wallets.id, w.id)).returning().get();
    tx.update(familyMembers).set({ defaultWalletId: null }).where(eq(familyMembers.defaultWalletId, w.id)).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'wallet.archived', entityType: 'wallet', entityId: w.id, at });
    return archived;
  });
}

// The wallet list is the API's and the bot's most frequent read: prepared once per connection, read raw (rawColumns).
const listStatements = perConnection((q) => {
  const rows = <P extends unknown[] = [number]>(where: string) => rawQuery<P, Wallet>(connectionOf(q), `SELECT ${WALLET.list} FROM wallets WHERE ${where} ORDER BY id`, WALLET.read);
  const active = rows('family_id = ? AND archived_at IS NULL');
  const all = rows('family_id = ?');
  const activeById = rows('id = ? AND archived_at IS NULL');
  const activeInCurrency = rows<[number, string]>('family_id = ? AND currency = ? AND archived_at IS NULL');
  return { active: active.all, all: all.all, firstActive: active.get, activeById: activeById.get, firstActiveIn: activeInCurrency.get };
});

export function listWallets(deps: CoreDeps, actorId: number, familyId: number, opts: { includeArchived?: boolean } = {}): Wallet[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const s = listStatements(deps.db);
  return (opts.includeArchived ? s.all : s.active)(familyId);
}

export function getWallet(deps: CoreDeps, actorId: number, familyId: number, walletId: number): Wallet {
  requireMember(deps.db, familyId, actorId, 'view');
  return walletOfFamily(deps.db, familyId, walletId);
}

/** The member's default wallet for quick entry: their choice, else the family's first active wallet. */
export function defaultWallet(deps: CoreDeps, actorId: number, familyId: number): Wallet | undefined {
  return defaultWalletOf(deps.db, requireMember(deps.db, familyId, actorId, 'view'));
}

/** defaultWallet for a membership already checked. */
export function defaultWalletOf(q: Q, member: Pick<Membership, 'familyId' | 'defaultWalletId'>): Wallet | undefined {
  const s = listStatements(q);
  const chosen = member.defaultWalletId ? s.activeById(member.defaultWalletId) : undefined;
  return chosen ?? s.firstActive(member.familyId);
}

/** The family's first active wallet in a currency (by id), if it has one. */
export function firstActiveWalletIn(q: Q, familyId: number, currency: string): Wallet | undefined {
  return listStatements(q).firstActiveIn(familyId, currency);
}

export function setDefaultWallet(deps: CoreDeps, actorId: number, input: { familyId: number; walletId: number }): void {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const w = walletOfFamily(deps.db, input.familyId, input.walletId, 'wallet_id');
  if (w.archivedAt) throw archivedReference('wallet', w.id, 'This wallet is archived', 'wallet_id', 'invalid_state');
  deps.db
    .update(familyMembers)
    .set({ defaultWalletId: w.id })
    .where(and(eq(familyMembers.familyId, input.familyId), eq(familyMembers.userId, actorId)))
    .run();
}
