// Random one-time secrets (refresh tokens, binding codes) and their stored
// form: only a SHA-256 hash is kept, so a copy of the database lets nobody
// log in or bind a chat. SHA-256 without salt is enough here because the
// secrets are long and random, unlike passwords.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * A key of its own for one purpose (`label`), derived from a server secret
 * (JWT_SECRET_KEY): SHA-256 of "finance-bot <label>\n<secret>", in hex. Each
 * purpose gets a different key, and only this server can compute any of them.
 */
export function purposeKey(secret: string, label: string): string {
  return sha256Hex(`finance-bot ${label}\n${secret}`);
}

/** 256 random bits, URL-safe: refresh tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Session ids: 128 random bits. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

// No 0/O, 1/I: people copy binding codes from a phone screen by hand.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const BINDING_CODE_LENGTH = 8;

export function randomCode(length = BINDING_CODE_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** A code from given random bytes (a keyed binding code's HMAC): one character per byte, 256 being a multiple of 32 keeps it unbiased. */
export function codeFromBytes(bytes: Uint8Array, length = BINDING_CODE_LENGTH): string {
  if (bytes.length < length) throw new Error('Not enough bytes for a code');
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return out;
}

/** What a person may type for a code: any case, with spaces or dashes. */
export function normalizeCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function looksLikeCode(normalized: string): boolean {
  return normalized.length === BINDING_CODE_LENGTH && [...normalized].every((c) => CODE_ALPHABET.includes(c));
}
