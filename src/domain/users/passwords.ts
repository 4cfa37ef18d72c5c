// Password hashing with scrypt from node:crypto (memory-hard, no native addon,
// so the single executable keeps working). OWASP's parameters: N=2^17, r=8, p=1
// (128 MiB per hash). The parameters live in the stored string so they can be
// raised later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordParams } from '../deps.js';

export const OWASP_SCRYPT: PasswordParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LEN = 32;

/**
 * Memory budget: how many scrypt computations run at once in this process.
 * Each takes 128 * N * r bytes (128 MiB with OWASP's parameters), outside the
 * JS heap; libuv would run four at once (512 MiB) and a burst of logins would
 * queue more. One at a time keeps a process at about 100 MiB idle + 128 MiB,
 * under 300 MB RSS with 50 logins at once (tests/ops/password-memory.test.ts);
 * the others wait their turn (≈ 0.3 s each on one core). This gate is
 * process-wide on purpose, like the memory it protects, so it is the one
 * module-level state of the core.
 */
export const PASSWORD_HASHES_AT_ONCE = 1;
/**
 * Hashes that may wait for the slot. Past this a hash is refused at once
 * (PasswordChecksBusy, the API's 503 with Retry-After) instead of queuing
 * without end: a burst of logins, right or wrong, could otherwise hold every
 * later login for minutes and grow the queue's memory. 16 × ≈0.3 s keeps the
 * longest wait around five seconds.
 */
export const PASSWORD_QUEUE_MAX = 16;
let queueMax = PASSWORD_QUEUE_MAX;
let running = 0;
const waiting: Array<() => void> = [];
/** Recent time of one hash (moving average), for the Retry-After of a refusal. */
let hashMs = 300;

/** The queue was full: nothing was hashed; try again after `retryAfterSeconds`. */
export class PasswordChecksBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many password checks are waiting');
    this.name = 'PasswordChecksBusy';
  }
}

/** Sets how many hashes may wait (tests); returns a function that restores the previous limit. */
export function setPasswordQueueMax(max: number): () => void {
  const before = queueMax;
  queueMax = max;
  return () => {
    queueMax = before;
  };
}

async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= PASSWORD_HASHES_AT_ONCE) {
    if (waiting.length >= queueMax) throw new PasswordChecksBusy(Math.max(1, Math.ceil(((waiting.length + 1) * hashMs) / 1000)));
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  const started = performance.now();
  try {
    return await fn();
  } finally {
    hashMs = 0.8 * hashMs + 0.2 * (performance.now() - started);
    const next = waiting.shift();
    if (next) next(); // the slot passes to the next waiter as is
    else running--;
  }
}

function scryptAsync(password: string, salt: Buffer, p: PasswordParams): Promise<Buffer> {
  return withHashSlot(() => scryptOnce(password, salt, p));
}

function scryptOnce(password: string, salt: Buffer, p: PasswordParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128 * N * r bytes, or Node refuses the parameters.
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: PasswordParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const COMMON = new Set(['password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwertyuiop', 'qwerty123', 'iloveyou', 'letmein123', 'admin12345', 'welcome123']);

/** Returns why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < 10) return 'The password must be at least 10 characters';
  if (password.length > 256) return 'The password must be at most 256 characters';
  if (/^(.)\1*$/.test(password)) return 'The password must not be one repeated character';
  if (COMMON.has(password.toLowerCase())) return 'This password is too common';
  if (email && password.toLowerCase() === email.toLowerCase()) return 'The password must not be your email';
  return null;
}
