import type { ApiErrorBody, ApiParams, ResponseParameters } from './types.js';

/** Thrown by method handlers; turned into `{ ok: false, error_code, description }`. */
export class ApiError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.parameters === undefined
      ? { error_code: this.error_code, description: this.description }
      : { error_code: this.error_code, description: this.description, parameters: this.parameters };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

// ---- tolerant parameter accessors (values may arrive as strings from forms) ----

export function optString(params: ApiParams, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badRequest(`field "${key}" must be of type String`);
}

export function optNumber(params: ApiParams, key: string): number | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  throw badRequest(`field "${key}" must be of type Integer`);
}

export function optBool(params: ApiParams, key: string): boolean | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0 || v === '') return false;
  throw badRequest(`field "${key}" must be of type Boolean`);
}

export function optObject(params: ApiParams, key: string): Record<string, unknown> | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (isRecord(v)) return v;
  throw badRequest(`can't parse ${key} JSON object`);
}

/** `chat_id` may be an integer or a numeric string; `@username` is not supported by the fake. */
export function requireChatId(params: ApiParams, key = 'chat_id'): number {
  const v = params[key];
  if (v === undefined || v === null || v === '') throw badRequest(`${key} is empty`);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  throw badRequest('chat not found');
}

export function requireMessageId(params: ApiParams, key = 'message_id'): number {
  const v = optNumber(params, key);
  if (v === undefined) throw badRequest(`${key} is empty`);
  return v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
