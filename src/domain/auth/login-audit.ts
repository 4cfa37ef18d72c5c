// The audit trace of failed logins: who was tried (the email as typed,
// normalised), from where, on which surface, and why it failed. Never the
// password. Written outside any family (family_id null) and read by the
// operator (sqlite3 … "select * from event_log where action = 'auth.login_failed'").
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { recordEvent } from '../events/events.js';

export type FailedLogin = {
  email: string;
  ip: string | null;
  /** Where the password was typed: 'api' (POST /auth/login), 'bind_page'… */
  surface: string;
  /** wrong_password (or unknown account: the same to the caller), locked (refused before the password was checked). */
  outcome: 'wrong_password' | 'locked';
};

export function recordFailedLogin(deps: CoreDeps, f: FailedLogin): void {
  const email = f.email.trim().toLowerCase().slice(0, 254);
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const user = email ? tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get() : undefined;
    recordEvent(tx, {
      familyId: null,
      actorUserId: null,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user ? user.id : 'unknown',
      payload: { email, ip: f.ip?.slice(0, 64) ?? null, surface: f.surface, outcome: f.outcome },
      at,
    });
  });
}
