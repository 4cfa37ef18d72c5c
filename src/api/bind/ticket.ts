// The binding page has no cookies. Between "logged in" and "pressed Connect"
// the page carries a short-lived ticket instead: HMAC-signed (a key derived
// from JWT_SECRET_KEY), naming the user, the code and an expiry. Without the
// password nobody gets one, so a forged cross-site form cannot press Connect.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { purposeKey } from '../../domain/auth/index.js';

export const BIND_TICKET_TTL_MS = 10 * 60 * 1000;

const keyOf = (secret: string) => Buffer.from(purposeKey(secret, 'bind-ticket'), 'hex');
const sign = (key: Buffer, userId: number, exp: number, code: string) =>
  createHmac('sha256', key).update(`${userId}:${exp}:${createHash('sha256').update(code).digest('hex')}`).digest('base64url');

export type BindTickets = {
  issue(userId: number, code: string): string;
  /** The user the ticket was issued to, or undefined when it is forged, expired or for another code. */
  verify(ticket: string, code: string): number | undefined;
};

export function createBindTickets(secret: string, now: () => number): BindTickets {
  const key = keyOf(secret);
  return {
    issue(userId, code) {
      const exp = now() + BIND_TICKET_TTL_MS;
      return `${userId}.${exp}.${sign(key, userId, exp, code)}`;
    },
    verify(ticket, code) {
      const m = /^([1-9]\d{0,15})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
      if (!m) return undefined;
      const userId = Number(m[1]);
      const exp = Number(m[2]);
      const expected = Buffer.from(sign(key, userId, exp, code));
      const given = Buffer.from(m[3] as string);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      return exp > now() ? userId : undefined;
    },
  };
}
