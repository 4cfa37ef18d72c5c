// Request signing for trusted clients (the Telegram bot running elsewhere, a
// script). The signature is hex HMAC-SHA256 with the client's secret over
//   METHOD:PATH:TIMESTAMP:BODY_HASH
// where PATH includes the query string, TIMESTAMP is unix seconds and
// BODY_HASH is the hex SHA-256 of the raw body (of "" when there is none).
// No fastify here: the same code signs (clients, tests) and verifies (API).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const HMAC_WINDOW_S = 30;
export const HMAC_HEADERS = { clientId: 'x-client-id', timestamp: 'x-timestamp', signature: 'x-signature' } as const;

export function bodyHash(rawBody: string): string {
  return createHash('sha256').update(rawBody, 'utf8').digest('hex');
}

export function hmacSignature(secret: string, method: string, path: string, timestamp: number | string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}:${path}:${timestamp}:${bodyHash(rawBody)}`, 'utf8').digest('hex');
}

export type SignInput = { clientId: string; secret: string; method: string; path: string; body?: string; timestamp?: number };

/** The three headers to send with a request; `body` must be the exact bytes sent. */
export function signRequest(input: SignInput): Record<'X-Client-Id' | 'X-Timestamp' | 'X-Signature', string> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'X-Client-Id': input.clientId,
    'X-Timestamp': String(timestamp),
    'X-Signature': hmacSignature(input.secret, input.method, input.path, timestamp, input.body ?? ''),
  };
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(givenHex.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
