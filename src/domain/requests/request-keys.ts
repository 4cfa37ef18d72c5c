// A request the app keys itself (the bot's answer or press that ends a flow)
// makes its thing once: the key and what it made are written in the commit
// that made it, and the same request handled again (an update redelivered
// after a crash between that commit and the update's own, a double tap on one
// message) finds it and makes nothing more. The ledger keys its entries on
// transactions.idempotency_key instead; this is for everything else.
import { and, eq } from 'drizzle-orm';
import { requestKeys } from '../../db/schema.js';
import type { Q } from '../deps.js';

// 'import': made_id is the first transaction the import recorded. The changes
// that cannot be told from a repeat by their result (a rule stopped, a member
// removed, the family handed over, a request approved or rejected, a link
// revoked) key the press too: made_id is the rule, the person, the transaction
// or the invite it was done to; leaving a family ('leave'), the family; a
// recurring date paid or skipped from its notice ('unpaid_decision'), the rule;
// a login disconnected ('disconnect'), the chat or the account (its email); a
// request withdrawn by its author ('withdrawal'), the transaction.
export type MadeKind =
  | 'wallet' | 'recurring_rule' | 'goal' | 'category' | 'budget' | 'invite' | 'membership' | 'join_request' | 'import'
  | 'rule_stop' | 'member_removal' | 'hand_over' | 'decision' | 'invite_revoke' | 'leave' | 'unpaid_decision' | 'disconnect' | 'withdrawal';

/** The id made before for this key, if any. */
export function madeFor(q: Q, kind: MadeKind, key: string | null | undefined): number | undefined {
  return madeWhen(q, kind, key)?.id;
}

/** The id made before for this key and when, if any. */
export function madeWhen(q: Q, kind: MadeKind, key: string | null | undefined): { id: number; at: number } | undefined {
  if (!key) return undefined;
  return q.select({ id: requestKeys.madeId, at: requestKeys.createdAt }).from(requestKeys).where(and(eq(requestKeys.kind, kind), eq(requestKeys.key, key))).get();
}

/** Records what this key made; `q` is the transaction that made it. */
export function rememberMade(q: Q, kind: MadeKind, key: string | null | undefined, madeId: number, at: number): void {
  if (!key) return;
  q.insert(requestKeys).values({ kind, key, madeId, createdAt: at }).run();
}
