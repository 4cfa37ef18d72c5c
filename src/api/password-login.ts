// Checking a password, the one way every surface does it: the guard first
// (a locked account or address answers 429 whatever the password), then the
// core's constant-cost check, then the counters and the audit trace. The
// guard counts the attempt before the password is checked (see
// password-guard.ts) and each attempt is settled exactly once. Addresses are
// counted by their limit key (an IPv6 /64 as one); the audit keeps the address.
import type { FastifyRequest } from 'fastify';
import { authenticate, isDomainError, registerUser, type User } from '../domain/index.js';
import { recordFailedLogin } from '../domain/auth/index.js';
import { addressLimitKey } from './address-key.js';
import type { ApiContext } from './context.js';
import { ApiError } from './errors.js';
import type { PasswordReservation } from './password-guard.js';

export type PasswordSurface = 'api' | 'bind_page';

export async function logInWithPassword(
  ctx: ApiContext,
  req: FastifyRequest,
  input: { email: string; password: string },
  surface: PasswordSurface,
): Promise<User> {
  const attempt = { account: input.email, address: addressLimitKey(req.ip) };
  let reservation: PasswordReservation;
  try {
    reservation = ctx.passwords.check(attempt);
  } catch (e) {
    if (e instanceof ApiError) recordFailedLogin(ctx.core, { email: input.email, ip: req.ip, surface, outcome: 'locked' });
    throw e;
  }
  try {
    const user = await authenticate(ctx.core, input);
    ctx.passwords.succeeded(reservation);
    return user;
  } catch (e) {
    if (isDomainError(e) && e.code === 'unauthorized') {
      ctx.passwords.failed(reservation);
      recordFailedLogin(ctx.core, { email: input.email, ip: req.ip, surface, outcome: 'wrong_password' });
    } else ctx.passwords.abandoned(reservation);
    throw e;
  }
}

/** Creating an account, on any surface: counted per address before anything else. */
export async function registerWithPassword(
  ctx: ApiContext,
  req: FastifyRequest,
  input: { email: string; password: string; name: string; locale?: string },
): Promise<User> {
  ctx.passwords.registration(addressLimitKey(req.ip));
  return registerUser(ctx.core, input);
}
