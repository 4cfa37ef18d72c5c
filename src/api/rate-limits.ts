// Request limits on the endpoints worth guessing at: logins, registration,
// refresh and Telegram binding. Fixed per deployment (not configuration):
// generous for a household, far too slow for password or code guessing.
// Tests pass lower or higher numbers through buildServer.

export type Limit = { max: number; timeWindowMs: number };
export type RateLimits = {
  /** Per client IP. */
  login: Limit;
  /** Per email address, whatever the IP: slows guessing one account's password from many addresses. */
  loginPerAccount: Limit;
  register: Limit;
  refresh: Limit;
  telegramConfirm: Limit;
  /** The binding page's login and register forms, per IP. */
  bindPage: Limit;
};

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { max: 20, timeWindowMs: MINUTE },
  loginPerAccount: { max: 10, timeWindowMs: 15 * MINUTE },
  register: { max: 10, timeWindowMs: 60 * MINUTE },
  refresh: { max: 60, timeWindowMs: MINUTE },
  telegramConfirm: { max: 10, timeWindowMs: MINUTE },
  bindPage: { max: 10, timeWindowMs: MINUTE },
};
