// JSON Schemas shared by the routes. They validate input (no type coercion on
// bodies, unknown fields refused) and describe output; the OpenAPI document
// is generated from them.
//
// Path and query parameters arrive as text, so their schemas are strings with
// a pattern and the handler converts them: coercing types globally would also
// turn a body's "family_id": true into 1.

const fundsWalletSchema = {
  type: 'object',
  properties: {
    wallet_id: { type: 'integer' },
    name: { type: 'string' },
    name_key: { type: ['string', 'null'] },
    balance: { type: 'string', example: '20.00' },
    available: { type: ['string', 'null'], description: 'How much may still leave it (null: no limit)' },
  },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code (validation, not_found, method_not_allowed, insufficient_funds…)' },
        message: { type: 'string', description: 'Human-readable explanation' },
        field: { type: 'string', description: 'The input field at fault, when there is one' },
        reason: { type: 'string', description: 'A finer stable reason, when there is one' },
        funds: {
          type: 'object',
          description: 'With insufficient_funds: the wallet that cannot pay and the wallets of the family in its currency that can',
          properties: {
            currency: { type: 'string' },
            needed: { type: 'string', example: '50.00' },
            wallet: fundsWalletSchema,
            alternatives: { type: 'array', items: fundsWalletSchema },
          },
        },
        goals: {
          type: 'array',
          description: 'With reason wallet_has_goals: the savings goals saved in the wallet (move each to another wallet or close it first)',
          items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
        },
      },
    },
  },
} as const;

/** Error responses every route may give. */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const idParam = { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'a positive integer id' } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: idParam }, additionalProperties: false } as const;

export const integerId = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const nullableId = { type: ['integer', 'null'], minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

export const amountInput = {
  description: 'a positive amount: a JSON number (50.5) or a decimal string with at most the currency\'s decimals ("50.50" USD, "5000" KRW, "1.250" BHD)',
  anyOf: [{ type: 'number' }, { type: 'string', maxLength: 40 }],
} as const;

export const timestamp = { type: 'string', format: 'date-time' } as const;
export const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;
export const decimal = { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', example: '50.00' } as const;

export const bearerSecurity = [{ bearerAuth: [] }];

/** Number of a validated id string (schema pattern checked it). */
export function toId(value: string): number {
  return Number(value);
}

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
