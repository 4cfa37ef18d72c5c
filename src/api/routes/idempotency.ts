// Idempotency-Key handling for POST /transactions: the key header and the
// fingerprint that says whether a retry is "the same request".
import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { badInput } from '../errors.js';

/** The Idempotency-Key header, or null; 1-255 visible ASCII characters. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badInput('Idempotency-Key', 'Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice)');
  }
  return key;
}

/** JSON with sorted keys, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function canonicalHash(body: unknown): string {
  return hash('sha256', canonical(body), 'hex');
}
