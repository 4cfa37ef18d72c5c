// How core records look over HTTP: snake_case fields, ids as numbers, money as
// exact decimal strings ("50.00") with its currency, times as ISO 8601 UTC.
import {
  toDecimalString,
  type Category,
  type EventView,
  type Family,
  type Role,
  type Transaction,
  type Wallet,
} from '../domain/index.js';
import { iso } from './schemas.js';

export function familyView(f: Family & { role: Role }) {
  return { id: f.id, name: f.name, base_currency: f.baseCurrency, timezone: f.timezone, locale: f.locale, role: f.role, created_at: iso(f.createdAt) };
}

export function walletView(w: Wallet) {
  return {
    id: w.id,
    name: w.name,
    balance: toDecimalString(w.balanceMinor, w.currency),
    type: w.type,
    currency: w.currency,
    // A default name's key: clients show it in their reader's language (name is the family's language).
    name_key: w.nameKey,
    credit_limit: w.creditLimitMinor === null ? null : toDecimalString(w.creditLimitMinor, w.currency),
    allow_negative: w.allowNegative,
  };
}

export function categoryView(c: Category) {
  return { id: c.id, name: c.name, kind: c.kind, emoji: c.emoji, name_key: c.nameKey };
}

export function transactionView(t: Transaction) {
  return {
    id: t.id,
    family_id: t.familyId,
    kind: t.kind,
    status: t.status,
    amount: toDecimalString(t.amountMinor, t.currency),
    currency: t.currency,
    to_amount: t.toAmountMinor === null || t.toCurrency === null ? null : toDecimalString(t.toAmountMinor, t.toCurrency),
    to_currency: t.toCurrency,
    from_wallet_id: t.fromWalletId,
    to_wallet_id: t.toWalletId,
    category_id: t.categoryId,
    description: t.description,
    source: t.source,
    origin: t.origin,
    created_by: t.createdBy,
    approved_by: t.approvedBy,
    reversal_of: t.reversalOf,
    reversed_by: t.reversedBy,
    correction_of: t.correctionOf,
    reason: t.reason,
    created_at: iso(t.createdAt),
    decided_at: iso(t.decidedAt),
    executed_at: iso(t.executedAt),
  };
}

export function eventView(e: EventView) {
  return {
    id: e.id,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    actor_user_id: e.actorUserId,
    payload: e.payload,
    created_at: iso(e.createdAt),
  };
}

/** The reply to POST /api/v1/transactions (the seed's contract). */
export function createdTransactionView(t: Transaction) {
  return {
    id: t.id,
    status: t.status,
    amount: toDecimalString(t.amountMinor, t.currency),
    confirmation_required: t.status === 'pending_approval',
    created_at: iso(t.createdAt),
  };
}

// Response schemas of the views above (fast-json-stringify uses them to serialize, swagger to document).
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;
const objectOf = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', required: Object.keys(properties), properties, additionalProperties: false }) as const;

export const familySchema = objectOf({
  id: { type: 'integer' },
  name: { type: 'string' },
  base_currency: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  role: { type: 'string', enum: ['owner', 'admin', 'member', 'viewer'] },
  created_at: { type: 'string', format: 'date-time' },
});

export const walletSchema = objectOf({
  id: { type: 'integer' },
  name: { type: 'string' },
  balance: { type: 'string', example: '150.00' },
  type: { type: 'string', enum: ['cash', 'bank', 'card', 'savings'] },
  currency: { type: 'string', example: 'USD' },
  name_key: { ...nullableString, description: 'Set when the name came from the defaults (e.g. default-wallet-cash): show it in the reader’s language' },
  credit_limit: { ...nullableString, description: 'A card may go down to minus this amount' },
  allow_negative: { type: 'boolean', description: 'May go below zero without a limit' },
});

export const categorySchema = objectOf({
  id: { type: 'integer' },
  name: { type: 'string' },
  kind: { type: 'string', enum: ['expense', 'income'] },
  emoji: nullableString,
  name_key: { ...nullableString, description: 'Set when the name came from the defaults (e.g. default-category-groceries)' },
});

export const transactionSchema = objectOf({
  id: { type: 'integer' },
  family_id: { type: 'integer' },
  kind: { type: 'string', enum: ['expense', 'income', 'transfer', 'opening_balance', 'adjustment'], description: 'opening_balance and adjustment set a balance; they are neither income nor spending' },
  status: { type: 'string', enum: ['pending_approval', 'executed', 'rejected', 'reversed', 'withdrawn'] },
  amount: { type: 'string', example: '50.00' },
  currency: { type: 'string' },
  to_amount: nullableString,
  to_currency: nullableString,
  from_wallet_id: nullableInt,
  to_wallet_id: nullableInt,
  category_id: nullableInt,
  description: nullableString,
  source: { type: 'string' },
  origin: { ...nullableString, description: 'Who entered it: chat:<chat id> (the bot), api:<session id> (the API), job:recurring; null for entries from before it was recorded' },
  created_by: { type: 'integer' },
  approved_by: nullableInt,
  reversal_of: nullableInt,
  reversed_by: nullableInt,
  correction_of: { ...nullableInt, description: 'On a corrected copy: the entry it replaces' },
  reason: nullableString,
  created_at: { type: 'string', format: 'date-time' },
  decided_at: { type: ['string', 'null'], format: 'date-time' },
  executed_at: { type: ['string', 'null'], format: 'date-time' },
});

export const eventSchema = objectOf({
  id: { type: 'integer' },
  action: { type: 'string', example: 'transaction.executed' },
  entity_type: { type: 'string' },
  entity_id: { type: 'string' },
  actor_user_id: nullableInt,
  payload: { type: 'object', additionalProperties: true },
  created_at: { type: 'string', format: 'date-time' },
});

export const createdTransactionSchema = objectOf({
  id: { type: 'integer' },
  status: { type: 'string', enum: ['executed', 'pending_approval'] },
  amount: { type: 'string', example: '50.00' },
  confirmation_required: { type: 'boolean' },
  created_at: { type: 'string', format: 'date-time' },
});
