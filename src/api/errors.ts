// The one error shape of the API, {"error":{"code","message"}}, and the one
// place where a core error code becomes an HTTP status. The codes are part of
// the contract: clients branch on them, so never rename one.
import { ChartsBusy } from '../charts/render-gate.js';
import { isDomainError, PasswordChecksBusy, toDecimalString, type DomainError, type DomainErrorCode, type WalletFunds } from '../domain/index.js';

export const STATUS_BY_DOMAIN_CODE: Record<DomainErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  expired: 410,
  // A well-formed request the ledger refuses: retrying it unchanged will not help.
  insufficient_funds: 422,
  idempotency_mismatch: 422,
  rate_limited: 429,
};

/** Codes the adapter adds to the core's for failures that never reach the core. */
export type ApiOnlyCode =
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'method_not_allowed'
  | 'headers_too_large'
  | 'timeout'
  | 'unavailable'
  | 'internal';
export type ApiErrorCode = DomainErrorCode | ApiOnlyCode;

type FundsWallet = { wallet_id: number; name: string; name_key: string | null; balance: string; available: string | null };
/** With insufficient_funds: the wallet that cannot pay and the family's wallets in its currency that can. */
export type FundsDetail = { currency: string; needed: string; wallet: FundsWallet; alternatives: FundsWallet[] };

/** With reason wallet_has_goals: the goals saved in the wallet. */
export type GoalRef = { id: number; name: string };

export type ErrorBody = { error: { code: ApiErrorCode; message: string; field?: string; reason?: string; funds?: FundsDetail; goals?: GoalRef[] } };

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { field?: string; reason?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The one answer to a reused Idempotency-Key with another request, whoever noticed it: the HTTP
 * layer's stored reply (routes/idempotency.ts), or the ledger's own key once that reply is pruned
 * (it named the field idempotency_key, with other words). The client sent a header, so the field is its name.
 */
export const IDEMPOTENCY_MISMATCH = { message: 'This Idempotency-Key was already used with a different request', field: 'Idempotency-Key' } as const;

export const unauthorized = (message: string, reason: string): ApiError =>
  new ApiError(401, 'unauthorized', message, { reason, headers: { 'www-authenticate': `Bearer realm="finance-bot", error="invalid_token"` } });

export const badInput = (field: string, message: string, reason?: string): ApiError =>
  new ApiError(400, 'validation', message, { field, ...(reason ? { reason } : {}) });

type AjvIssue = { instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown>; parentSchema?: { description?: unknown } };
type FastifyLikeError = Error & { code?: string; statusCode?: number; validation?: AjvIssue[]; validationContext?: string };

/** Names the field of the first schema violation and says what is wrong with it in plain words. */
function describeValidation(issues: AjvIssue[], context: string | undefined): { field: string; message: string } {
  // For "a number or a string" (anyOf) the branch errors say little; the anyOf issue and its description say it all.
  const issue = issues.find((i) => i.keyword === 'anyOf') ?? issues[0] ?? {};
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const params = issue.params ?? {};
  if (issue.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    const field = path ? `${path}.${params['missingProperty']}` : params['missingProperty'];
    return { field, message: `${field} is required` };
  }
  if (issue.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    const field = path ? `${path}.${params['additionalProperty']}` : params['additionalProperty'];
    return { field, message: `Unknown field: ${field}` };
  }
  const field = path || context || 'body';
  const described = typeof issue.parentSchema?.description === 'string' ? issue.parentSchema.description : undefined;
  if ((issue.keyword === 'pattern' || issue.keyword === 'anyOf') && described) return { field, message: `${field} is not valid: ${described}` };
  return { field, message: `${field} ${issue.message ?? 'is not valid'}` };
}

function fields(details: Record<string, unknown>): { field?: string; reason?: string } {
  return {
    ...(typeof details['field'] === 'string' ? { field: details['field'] } : {}),
    ...(typeof details['reason'] === 'string' ? { reason: details['reason'] } : {}),
  };
}

function fundsWallet(w: WalletFunds): FundsWallet {
  return {
    wallet_id: w.walletId,
    name: w.name,
    name_key: w.nameKey,
    balance: toDecimalString(w.balanceMinor, w.currency),
    available: w.availableMinor === null ? null : toDecimalString(w.availableMinor, w.currency),
  };
}

/** The core's typed reason, as the API shows it. */
function domainExtra(err: DomainError): { field?: string; reason?: string; funds?: FundsDetail; goals?: GoalRef[] } {
  const extra = fields(err.details);
  if (err.why?.type === 'wallet_has_goals') return { ...extra, goals: err.why.goals.map((g) => ({ id: g.id, name: g.name })) };
  if (err.why?.type !== 'insufficient_funds') return extra;
  const { wallet, neededMinor, alternatives } = err.why;
  return {
    ...extra,
    funds: { currency: wallet.currency, needed: toDecimalString(neededMinor, wallet.currency), wallet: fundsWallet(wallet), alternatives: alternatives.map(fundsWallet) },
  };
}

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const make = (status: number, code: ApiErrorCode, message: string, extra: { field?: string; reason?: string; funds?: FundsDetail; goals?: GoalRef[] } = {}, headers: Record<string, string> = {}) => ({
    status,
    body: { error: { code, message, ...extra } },
    headers,
  });
  if (err instanceof ApiError) {
    const { headers, ...extra } = err.extra;
    return make(err.statusCode, err.code, err.message, extra, headers ?? {});
  }
  if (isDomainError(err)) {
    if (err.code === 'idempotency_mismatch') return make(422, err.code, IDEMPOTENCY_MISMATCH.message, { field: IDEMPOTENCY_MISMATCH.field });
    // A core refusal that says when to come back (a person's export still being made).
    const after = err.details['retryAfterSeconds'];
    return make(STATUS_BY_DOMAIN_CODE[err.code], err.code, err.message, domainExtra(err), typeof after === 'number' ? { 'retry-after': String(after) } : {});
  }
  // Every password slot's queue is full: nothing was checked, and the account's counters did not move.
  if (err instanceof PasswordChecksBusy) {
    const after = String(err.retryAfterSeconds);
    return make(503, 'unavailable', `The server is busy checking other passwords; try again in ${after} s`, { reason: 'password_checks_busy' }, { 'retry-after': after });
  }
  // The chart gate refused before drawing: this person asked for too many (429), or the server has too many on the way (503).
  if (err instanceof ChartsBusy) {
    const after = String(err.retryAfterSeconds);
    return err.scope === 'person'
      ? make(429, 'rate_limited', `You asked for too many charts just now; try again in ${after} s`, { reason: 'too_many_requests' }, { 'retry-after': after })
      : make(503, 'unavailable', `The server is busy drawing other charts; try again in ${after} s`, { reason: 'charts_busy' }, { 'retry-after': after });
  }
  const e = err as FastifyLikeError;
  if (Array.isArray(e.validation)) {
    const { field, message } = describeValidation(e.validation, e.validationContext);
    return make(400, 'validation', message, { field });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make(413, 'payload_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return make(415, 'unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return make(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return make(400, 'invalid_json', 'The body is not valid JSON');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 413) return make(413, 'payload_too_large', 'The request body is too large');
    if (e.statusCode === 415) return make(415, 'unsupported_media_type', 'Send the body as application/json');
    return make(e.statusCode, 'bad_request', 'The request could not be understood');
  }
  return make(500, 'internal', 'Something went wrong on our side; please try again');
}
