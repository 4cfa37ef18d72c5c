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
import { ApiError } from './errors.js';
import type { Limit, PasswordLimits } from './rate-limits.js';

type Counter = { failures: number; last: number };

export type PasswordAttempt = { account: string; address: string };

export type PasswordGuard = {
  /** Throws 429 when this account or this address must still wait. Call before checking the password. */
  check(attempt: PasswordAttempt): void;
  /** A wrong password (or an unknown account): the next attempt may have to wait. */
  failed(attempt: PasswordAttempt): void;
  /** A right password: the account's counter is cleared and this address becomes known for it. */
  succeeded(attempt: PasswordAttempt): void;
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
    for (const [k, c] of map) if (at - c.last > limits.forgetAfterMs) map.delete(k);
  };
  const current = (map: Map<string, Counter>, key: string, at: number): Counter | undefined => {
    const c = map.get(key);
    if (c && at - c.last > limits.forgetAfterMs) {
      map.delete(key);
      return undefined;
    }
    return c;
  };
  const bump = (map: Map<string, Counter>, key: string, at: number) => {
    forgetOld(map, at);
    const c = current(map, key, at);
    map.set(key, { failures: (c?.failures ?? 0) + 1, last: at });
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
        const until = addr.last + waitAfter(addr.failures, limits.freePerAddress, limits.baseDelayMs, limits.maxDelayMs);
        if (at < until) throw refuse(until - at, 'address_locked', 'Too many failed logins from this address');
      }
      const acc = current(byAccount, key, at);
      if (acc && !isKnown(key, address, at)) {
        const until = acc.last + waitAfter(acc.failures, limits.freePerAccount, limits.baseDelayMs, limits.maxDelayMs);
        if (at < until) throw refuse(until - at, 'account_locked', 'Too many failed logins for this account');
      }
    },
    failed({ account, address }) {
      const at = now();
      bump(byAccount, accountKey(account), at);
      bump(byAddress, address, at);
    },
    succeeded({ account, address }) {
      const at = now();
      const key = accountKey(account);
      byAccount.delete(key);
      // The address counter stays: logging into one's own account must not reset guessing at others.
      let seen = known.get(key);
      if (!seen) {
        if (known.size >= MAX_ENTRIES) known.clear();
        seen = new Map();
        known.set(key, seen);
      }
      seen.set(address, at);
    },
    registration(address) {
      const at = now();
      const c = registrations.get(address);
      if (!c || at - c.last >= register.timeWindowMs) {
        forgetOld(registrations, at);
        registrations.set(address, { failures: 1, last: at });
        return;
      }
      if (c.failures >= register.max) {
        throw refuse(c.last + register.timeWindowMs - at, 'too_many_registrations', 'Too many new accounts from this address');
      }
      c.failures++;
    },
  };
}
