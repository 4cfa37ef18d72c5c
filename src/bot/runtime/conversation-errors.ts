// A core refusal thrown inside a conversation's `external` keeps its class.
//
// @grammyjs/conversations hands back what an external call threw through
// structuredClone (conversation.js, `external`), on the first run too: a
// DomainError came out as a plain Error without its code, details or reason,
// so the error boundary took it for a crash ("something went wrong", logged as
// an error) instead of the core's answer ("That wallet is no longer in this
// family"). Every conversation's `external` now stores a DomainError (and an
// AmountError) as plain fields and rebuilds it, through the plugin's own
// beforeStoreError/afterLoadError hooks; any other error passes as before.
import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { AmountError, DomainError, type AmountErrorReason, type DomainErrorCode, type DomainErrorReason } from '../../domain/index.js';

type StoredDomainError = {
  domainError: {
    code: DomainErrorCode;
    message: string;
    details: Record<string, unknown>;
    why?: DomainErrorReason;
    amount?: { reason: AmountErrorReason; field: string; exponent?: number };
  };
};

function storeError(e: unknown): unknown {
  if (!(e instanceof DomainError)) return e;
  const amount = e instanceof AmountError
    ? { reason: e.reason, field: typeof e.details['field'] === 'string' ? e.details['field'] : 'amount', ...(e.exponent === undefined ? {} : { exponent: e.exponent }) }
    : undefined;
  const stored: StoredDomainError = { domainError: { code: e.code, message: e.message, details: e.details, ...(e.why ? { why: e.why } : {}), ...(amount ? { amount } : {}) } };
  return stored;
}

function loadError(e: unknown): unknown {
  const stored = (e as Partial<StoredDomainError> | null)?.domainError;
  if (typeof e !== 'object' || e === null || e instanceof Error || stored === undefined) return e;
  if (stored.amount) return new AmountError(stored.amount.reason, stored.message, stored.amount.field, stored.amount.exponent);
  return new DomainError(stored.code, stored.message, stored.details, stored.why);
}

/** Makes the conversation's `external` keep DomainErrors (called once per run, before the builder). */
export function keepDomainErrors(conversation: Conversation<BotContext, ConversationContext>): Conversation<BotContext, ConversationContext> {
  const external = conversation.external.bind(conversation) as (op: unknown) => Promise<unknown>;
  const patched = (op: unknown) => {
    const given = typeof op === 'function' ? { task: op } : (op as object);
    return external({ beforeStoreError: storeError, afterLoadError: loadError, ...given });
  };
  (conversation as unknown as { external: typeof patched }).external = patched;
  return conversation;
}
