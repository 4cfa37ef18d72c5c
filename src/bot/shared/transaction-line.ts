// Display of ledger rows for this feature: one line per transaction with date,
// kind, amount, category, who and status; dates in the family's time zone.
import {
  getFamily,
  listCategories,
  listMembers,
  listWallets,
  type Family,
  type Transaction,
} from '../../domain/index.js';
import { instantDateTime, instantDay } from '../../presentation/dates.js';
import { quote } from '../../presentation/quotes.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import type { FamilyScope } from '../runtime/guards.js';
import { categoryLabel, walletName } from './transaction-text.js';

export type Names = {
  family: Family;
  category: Map<number, string>;
  person: Map<number, string>;
  wallet: Map<number, string>;
};

/** Names of the family's categories, members and wallets (archived wallets too), for lines. */
export function loadNames(ctx: BotContext, scope: FamilyScope): Names {
  const deps = ctx.app.deps;
  const family = getFamily(deps, scope.userId, scope.familyId);
  const category = new Map(listCategories(deps, scope.userId, scope.familyId).map((c) => [c.id, categoryLabel(c, ctx.app.locale)]));
  const person = new Map(listMembers(deps, scope.userId, scope.familyId).map((m) => [m.userId, m.name]));
  const wallet = new Map(listWallets(deps, scope.userId, scope.familyId, { includeArchived: true }).map((w) => [w.id, walletName(w, ctx.app.locale)]));
  return { family, category, person, wallet };
}

export function formatDate(ctx: BotContext, at: number, timeZone: string): string {
  return instantDay(ctx.app.locale, at, timeZone);
}

export function formatDateTime(ctx: BotContext, at: number, timeZone: string): string {
  return instantDateTime(ctx.app.locale, at, timeZone);
}

const KIND_ICON: Record<Transaction['kind'], string> = { expense: '➖', income: '➕', transfer: '🔁', opening_balance: '🏁', adjustment: '⚖️' };

export function transactionLine(ctx: BotContext, t: Transaction, names: Names): string {
  const icon = t.reversalOf !== null ? '↩️' : KIND_ICON[t.kind];
  // The entry's date, when it counts in reports and budgets (a bank row's day, a corrected entry's original
  // day, a late recurring payment's due day), not when its row was written; a waiting request has none yet.
  // A transfer between currencies shows what arrived too, as its card does: a dinar wallet's page
  // would otherwise list only the won that left the other wallet.
  const received = t.toAmountMinor !== null && t.toCurrency !== null && t.toCurrency !== t.currency ? ` → ${money(ctx, t.toAmountMinor, t.toCurrency)}` : '';
  const parts = [formatDate(ctx, t.executedAt ?? t.createdAt, names.family.timezone), `${icon} ${money(ctx, t.amountMinor, t.currency)}${received}`];
  if (t.kind === 'transfer') {
    const from = t.fromWalletId !== null ? (names.wallet.get(t.fromWalletId) ?? '?') : '?';
    const to = t.toWalletId !== null ? (names.wallet.get(t.toWalletId) ?? '?') : '?';
    parts.push(`${from} → ${to}`);
  } else if (t.kind === 'opening_balance') {
    parts.push(ctx.t('manage-tx-opening-balance'));
  } else {
    parts.push(t.categoryId !== null ? (names.category.get(t.categoryId) ?? ctx.t('manage-tx-archived-category')) : ctx.t('manage-tx-no-category'));
  }
  if (t.description) parts.push(quote(ctx.app.locale, t.description.length > 40 ? `${t.description.slice(0, 39)}…` : t.description));
  parts.push(names.person.get(t.createdBy) ?? ctx.t('manage-tx-former-member'));
  if (t.reversalOf !== null) parts.push(ctx.t('manage-tx-status-reversal'));
  else if (t.status !== 'executed') parts.push(ctx.t('manage-tx-status', { status: t.status }));
  return parts.join(' · ');
}
