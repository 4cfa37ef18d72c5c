// Request limits on the endpoints worth guessing at: logins, registration,
// refresh and Telegram binding. Fixed per deployment (not configuration):
// generous for a household, far too slow for password or code guessing.
// Tests pass lower or higher numbers through buildServer.

export type Limit = { max: number; timeWindowMs: number };

/** Failed-password counting shared by every password surface (see password-guard.ts). */
export type PasswordLimits = {
  /** Failures on one account (from addresses that never logged into it) before waits start. */
  freePerAccount: number;
  /** Failures from one address (on any accounts) before waits start. */
  freePerAddress: number;
  /** The first wait; each further failure doubles it… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A counter with no new failure for this long starts again from zero. */
  forgetAfterMs: number;
  /** An address that logged into an account is exempt from that account's counter for this long. */
  knownAddressMs: number;
};
export type RateLimits = {
  /** Requests to the login endpoint per client IP (a flood limit; wrong passwords are counted by `passwords`). */
  login: Limit;
  /** Failed passwords per account and per address, on every password surface. */
  passwords: PasswordLimits;
  /** New accounts per address, on every registration surface (API and /bind page together). */
  register: Limit;
  refresh: Limit;
  telegramConfirm: Limit;
  /** The binding page's login and register forms, per IP. */
  bindPage: Limit;
};

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { max: 20, timeWindowMs: MINUTE },
  passwords: {
    freePerAccount: 5,
    freePerAddress: 10,
    baseDelayMs: 30_000,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
    knownAddressMs: 30 * 24 * 60 * MINUTE,
  },
  register: { max: 10, timeWindowMs: 60 * MINUTE },
  refresh: { max: 60, timeWindowMs: MINUTE },
  telegramConfirm: { max: 10, timeWindowMs: MINUTE },
  bindPage: { max: 10, timeWindowMs: MINUTE },
};
