// Typed errors of the core. Adapters map `code` to a status or a message in
// one place each; the codes are part of the API contract, so never rename one.
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

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('not_found', `${what} not found`, { entity: what.toLowerCase(), ...details });

export const validation = (field: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('validation', message, { field, ...details });

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
