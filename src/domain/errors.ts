// Typed errors of the core. Adapters map `code` to a status or a message in
// one place each; the codes are part of the API contract, so never rename one.
// A typed reason (`why`) says more: adapters switch on `why.type` and read its
// fields instead of digging strings out of `details`. (It is not called
// `reason` because AmountError already uses that name for its own string.)
export type DomainErrorCode =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'insufficient_funds'
  | 'idempotency_mismatch'
  | 'invalid_state'
  | 'unauthorized'
  | 'expired'
  | 'rate_limited';

/** A wallet as an error or a notice shows it: enough to name it and offer it. */
export type WalletFunds = {
  walletId: number;
  name: string;
  /** Set when the name came from the defaults: show it in the reader's language (see displayName). */
  nameKey: string | null;
  type: string;
  currency: string;
  balanceMinor: number;
  /** How much may still leave it: balance down to zero, to -credit limit, or without bound (null). */
  availableMinor: number | null;
};

/** What an input may name that can be archived or removed meanwhile (or never was the family's). */
export type ReferenceEntity = 'category' | 'wallet' | 'goal' | 'budget' | 'recurring_rule';

export type DomainErrorReason =
  /** The paying wallet cannot cover the amount; `alternatives` are the family's other active wallets in its currency that can. */
  | { type: 'insufficient_funds'; wallet: WalletFunds; neededMinor: number; alternatives: WalletFunds[] }
  /** Approving or rejecting one's own request. */
  | { type: 'own_transaction' }
  /** Only the author may withdraw a request. */
  | { type: 'not_author' }
  /** The transaction is not (or no longer) in a state that allows this; `decidedBy` is who decided it, when someone did. */
  | { type: 'not_pending'; status: string; decidedBy: number | null }
  | { type: 'not_executed'; status: string }
  | { type: 'is_reversal' }
  /** A balance entry (opening balance, adjustment) is corrected by a new adjustment, not by an edit. */
  | { type: 'not_correctable_kind'; kind: string }
  /** A member may correct their own entry only within the window after recording it. */
  | { type: 'correction_window_passed'; createdAt: number; windowMs: number }
  /** A member may not correct an entry someone else approved. */
  | { type: 'decided_by_other'; decidedBy: number }
  /** The role does not allow it (viewer, member acting on someone else's entry…). */
  | { type: 'role'; role: string }
  /** Money cannot move in or out of an archived wallet. */
  | { type: 'wallet_archived'; walletId: number }
  /** A wallet is archived only once it is empty and nothing of it waits for approval. */
  | { type: 'wallet_not_empty'; walletId: number; balanceMinor: number }
  | { type: 'wallet_has_pending'; walletId: number }
  /** Savings goals (not removed) are saved in this wallet: move each to another wallet or close it first. */
  | { type: 'wallet_has_goals'; walletId: number; goals: Array<{ id: number; name: string }> }
  /** A new credit limit (or no overdraft) the wallet's current debt already exceeds. */
  | { type: 'below_new_floor'; walletId: number; balanceMinor: number }
  /** The owner hands over ownership before leaving. */
  | { type: 'owner_must_transfer' }
  /** Quick entry: the family has no active wallet to record into. */
  | { type: 'no_wallet' }
  /** Quick entry: the person named a currency the family has no active wallet in. */
  | { type: 'no_wallet_in_currency'; currency: string }
  /** An edit of a quick entry would turn an expense into an income or back: that is a new entry, not a correction. */
  | { type: 'kind_changed'; kind: string }
  /** The category or wallet an input names is archived (meanwhile, or picked from an old list): an adapter says so and asks for another. */
  | { type: 'archived'; entity: 'category' | 'wallet'; id: number }
  /** What an input names is not (or no longer) the family's: a goal or budget removed meanwhile, another family's id. */
  | { type: 'missing'; entity: ReferenceEntity; id: number }
  /** The person is not (or no longer) in the family: removed or left already. `self`: the actor, who left or was removed. */
  | { type: 'not_member'; userId: number; self: boolean }
  /** Handing the family over to the one who owns it already (the same confirmation pressed again). */
  | { type: 'already_owner'; userId: number; name: string }
  /** The recurring rule is stopped already (pressed again, or stopped by someone else or by its wallet's archiving). */
  | { type: 'rule_stopped'; ruleId: number }
  /** A recurring occurrence that was already paid or skipped. */
  | { type: 'occurrence_handled'; ruleId: number; date: string; outcome: 'paid' | 'skipped' }
  /** A date later than the field takes (a recurring rule's first date: two years ahead); `last` is the last day it takes. */
  | { type: 'date_too_far'; last: string };

export type DomainErrorReasonType = DomainErrorReason['type'];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly why?: DomainErrorReason,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A DomainError with a typed reason; `details.reason` carries the reason's type for adapters that show it as a string. */
export function reasoned(code: DomainErrorCode, message: string, reason: DomainErrorReason, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, message, { reason: reason.type, ...details }, reason);
}

export const notFound = (what: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('not_found', `${what} not found`, { entity: what.toLowerCase(), ...details });

const ENTITY_LABELS: Record<ReferenceEntity, string> = { category: 'Category', wallet: 'Wallet', goal: 'Goal', budget: 'Budget', recurring_rule: 'Recurring rule' };

/**
 * A referenced category or wallet that is archived. `field` names the input that
 * referred to it (an adapter asks that question again); `code` stays what the
 * use case has always answered (validation, or invalid_state where nothing is typed).
 */
export function archivedReference(entity: 'category' | 'wallet', id: number, message: string, field?: string, code: DomainErrorCode = 'validation'): DomainError {
  return reasoned(code, message, { type: 'archived', entity, id }, field ? { field } : {});
}

/** A referenced thing that is not (or no longer) the family's: not_found, with the typed reason and, when an input named it, its `field`. */
export function missingReference(entity: ReferenceEntity, id: number, details: Record<string, unknown> = {}): DomainError {
  const label = ENTITY_LABELS[entity];
  return reasoned('not_found', `${label} not found`, { type: 'missing', entity, id }, { entity: label.toLowerCase(), ...details });
}

export const validation = (field: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('validation', message, { field, ...details });

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** The input field a core error names (`amount`, `name`, `category_id`…), or '' when it names none: an adapter asks for that field again. */
export function fieldOf(e: DomainError): string {
  const field = e.details['field'];
  return typeof field === 'string' ? field : '';
}

/** The typed reason of a core error, when it has one of the given type. */
export function reasonOf<T extends DomainErrorReasonType>(e: unknown, type: T): Extract<DomainErrorReason, { type: T }> | undefined {
  if (!isDomainError(e) || e.why?.type !== type) return undefined;
  return e.why as Extract<DomainErrorReason, { type: T }>;
}
