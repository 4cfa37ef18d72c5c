// One guard for every surface that checks a password (POST /api/v1/auth/login,
// the /bind page, any later one) and every surface that creates an account.
// It is consulted BEFORE the password is looked at, so a locked account
// answers the same whether the password was right or wrong.
//
// Failures are counted per account (any address) and per address (any
// account). Past a few free attempts each new failure makes the next attempt
// wait longer (doubling, capped). So the lock is not a free denial of service:
// an address that has logged into the account before is not held back by the
// account's counter (only by its own address counter), and every wait ends on
// its own. State is in memory, per process: a restart clears it.
//
// An attempt is counted when it STARTS (check() reserves it as a failure) and
// given back when the password turns out right: a password check takes a
// scrypt (queued, ~0.3 s each), so counting only after it would let a burst of
// parallel guesses all pass check() before the first failure is counted.
// Addresses are limit keys (address-key.ts: an IPv6 /64 counts as one).
import { ApiError } from './errors.js';
import type { Limit, PasswordLimits } from './rate-limits.js';

/** `failures` settled, the last at `last`; `pending` attempts in flight, the latest reserved at `pendingAt`. */
type Counter = { failures: number; last: number; pending: number; pendingAt: number };

/** `address` is the client's limit key (addressLimitKey), not necessarily its full address. */
export type PasswordAttempt = { account: string; address: string };
/** An attempt that passed check(): counted as a failure until settled. */
export type PasswordReservation = PasswordAttempt & { readonly settled: { done: boolean } };

export type PasswordGuard = {
  /**
   * Throws 429 when this account or this address must still wait; otherwise
   * reserves the attempt (counted as a failure while it runs). Call before
   * checking the password, then settle the reservation exactly once.
   */
  check(attempt: PasswordAttempt): PasswordReservation;
  /** A wrong password (or an unknown account): the reserved attempt stays counted. */
  failed(r: PasswordReservation): void;
  /** A right password: the attempt is given back, the account's counter is cleared and this address becomes known for it. */
  succeeded(r: PasswordReservation): void;
  /** The password was never judged (the server was busy, an error): the attempt is given back, nothing else changes. */
  abandoned(r: PasswordReservation): void;
  /** Counts one registration from this address; throws 429 past the limit. */
  registration(address: string): void;
};

/** How long to wait after `failures` failures: nothing for the free ones, then base, 2×base, 4×base… up to the cap. */
export function waitAfter(failures: number, free: number, baseMs: number, capMs: number): number {
  if (failures < free) return 0;
  return Math.min(capMs, baseMs * 2 ** Math.min(30, failures - free));
}

const MAX_ENTRIES = 50_000;

export function createPasswordGuard(limits: PasswordLimits, register: Limit, now: () => number): PasswordGuard {
  const byAccount = new Map<string, Counter>();
  const byAddress = new Map<string, Counter>();
  /** account → addresses that logged into it, with when. */
  const known = new Map<string, Map<string, number>>();
  const registrations = new Map<string, Counter>();

  const accountKey = (a: string) => a.trim().toLowerCase();
  const forgetOld = (map: Map<string, Counter>, at: number) => {
    if (map.size < MAX_ENTRIES) return;
    for (const [k, c] of map) if (c.pending === 0 && at - c.last > limits.forgetAfterMs) map.delete(k);
  };
  const current = (map: Map<string, Counter>, key: string, at: number): Counter | undefined => {
    const c = map.get(key);
    if (c && c.pending === 0 && at - c.last > limits.forgetAfterMs) {
      map.delete(key);
      return undefined;
    }
    return c;
  };
  /** When this counter lets the next attempt in: attempts in flight count as failures, the latest at its start. */
  const openAt = (c: Counter, free: number): number => {
    const since = c.pending > 0 ? Math.max(c.last, c.pendingAt) : c.last;
    return since + waitAfter(c.failures + c.pending, free, limits.baseDelayMs, limits.maxDelayMs);
  };
  const reserve = (map: Map<string, Counter>, key: string, at: number) => {
    forgetOld(map, at);
    const c = current(map, key, at) ?? { failures: 0, last: at, pending: 0, pendingAt: at };
    c.pending++;
    c.pendingAt = at;
    map.set(key, c);
  };
  const settle = (map: Map<string, Counter>, key: string, failed: boolean, at: number) => {
    const c = map.get(key);
    if (!c) return;
    c.pending = Math.max(0, c.pending - 1);
    if (failed) {
      c.failures++;
      c.last = at;
    } else if (c.failures === 0 && c.pending === 0) map.delete(key);
  };
  const once = (r: PasswordReservation): boolean => {
    if (r.settled.done) return false;
    r.settled.done = true;
    return true;
  };
  const isKnown = (account: string, address: string, at: number) => {
    const seen = known.get(account)?.get(address);
    return seen !== undefined && at - seen < limits.knownAddressMs;
  };
  const refuse = (waitMs: number, reason: 'account_locked' | 'address_locked' | 'too_many_registrations', message: string) => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new ApiError(429, 'rate_limited', `${message}; try again in ${seconds} s`, { reason, headers: { 'retry-after': String(seconds) } });
  };

  return {
    check({ account, address }) {
      const at = now();
      const key = accountKey(account);
      const addr = current(byAddress, address, at);
      if (addr) {
        const until = openAt(addr, limits.freePerAddress);
        if (at < until) throw refuse(until - at, 'address_locked', 'Too many failed logins from this address');
      }
      const acc = current(byAccount, key, at);
      if (acc && !isKnown(key, address, at)) {
        const until = openAt(acc, limits.freePerAccount);
        if (at < until) throw refuse(until - at, 'account_locked', 'Too many failed logins for this account');
      }
      reserve(byAccount, key, at);
      reserve(byAddress, address, at);
      return { account, address, settled: { done: false } };
    },
    failed(r) {
      if (!once(r)) return;
      const at = now();
      settle(byAccount, accountKey(r.account), true, at);
      settle(byAddress, r.address, true, at);
    },
    succeeded(r) {
      if (!once(r)) return;
      const at = now();
      const key = accountKey(r.account);
      settle(byAccount, key, false, at);
      // Attempts still in flight on the account stay counted; the settled failures are forgiven.
      const acc = byAccount.get(key);
      if (acc) {
        if (acc.pending === 0) byAccount.delete(key);
        else acc.failures = 0;
      }
      // The address counter keeps its failures: logging into one's own account must not reset guessing at others.
      settle(byAddress, r.address, false, at);
      let seen = known.get(key);
      if (!seen) {
        if (known.size >= MAX_ENTRIES) known.clear();
        seen = new Map();
        known.set(key, seen);
      }
      seen.set(r.address, at);
    },
    abandoned(r) {
      if (!once(r)) return;
      const at = now();
      settle(byAccount, accountKey(r.account), false, at);
      settle(byAddress, r.address, false, at);
    },
    registration(address) {
      const at = now();
      const c = registrations.get(address);
      if (!c || at - c.last >= register.timeWindowMs) {
        forgetOld(registrations, at);
        registrations.set(address, { failures: 1, last: at, pending: 0, pendingAt: at });
        return;
      }
      if (c.failures >= register.max) {
        throw refuse(c.last + register.timeWindowMs - at, 'too_many_registrations', 'Too many new accounts from this address');
      }
      c.failures++;
    },
  };
}
