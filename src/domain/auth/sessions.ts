// Login sessions with rotating refresh tokens. A session is one login on one
// device; every refresh replaces its refresh token with a new one. Presenting
// a token that was already replaced means two parties hold the same token (it
// leaked), so the whole session is revoked: the thief and the owner both have
// to log in again, and the owner notices.
import { createHmac } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { refreshTokens, sessions, users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { DomainError, notFound } from '../errors.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { recordEvent } from '../events/events.js';
import { randomId, randomToken, sha256Hex } from './secrets.js';

/** A refresh token (and its session, which slides with it) lives 30 days unused. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * Two refreshes of one token this close together (two tabs, a retried request
 * whose answer was lost) are one refresh: the second gets the same new token.
 * Later, presenting the old token is reuse and revokes the session.
 */
export const REFRESH_GRACE_MS = 20_000;

export type RotateOptions = {
  /**
   * Server secret that makes the next refresh token a keyed function of the
   * presented one, so a second request inside the grace window can be given the
   * same token without storing it. Without a key every rotation is random and
   * there is no grace window.
   */
  successorKey?: string;
  graceMs?: number;
};

function successorOf(refreshToken: string, key: string | undefined): string {
  return key ? createHmac('sha256', key).update(`refresh-successor\n${refreshToken}`).digest('base64url') : randomToken();
}

export type SessionMeta = { userAgent?: string | null; ip?: string | null };
export type IssuedSession = { sessionId: string; userId: number; refreshToken: string; refreshExpiresAt: number };
export type RevokeReason = 'logout' | 'refresh_token_reuse' | 'account_merged' | 'login_disconnected';

const invalidRefresh = (reason: string) => new DomainError('unauthorized', 'The refresh token is not valid; log in again', { reason });

function clip(value: string | null | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}

/** Starts a session for a user who has just proven who they are (password checked by the caller). */
export function startSession(deps: CoreDeps, userId: number, meta: SessionMeta = {}): IssuedSession {
  const at = deps.clock();
  const sessionId = randomId();
  const refreshToken = randomToken();
  const refreshExpiresAt = at + REFRESH_TOKEN_TTL_MS;
  writeTx(deps, (tx) => {
    if (!tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw notFound('User');
    tx.insert(sessions)
      .values({ id: sessionId, userId, createdAt: at, expiresAt: refreshExpiresAt, lastUsedAt: at, userAgent: clip(meta.userAgent, 256), ip: clip(meta.ip, 64) })
      .run();
    tx.insert(refreshTokens).values({ sessionId, tokenHash: sha256Hex(refreshToken), createdAt: at, expiresAt: refreshExpiresAt }).run();
    recordEvent(tx, { familyId: null, actorUserId: userId, action: 'session.started', entityType: 'session', entityId: sessionId, payload: { ip: clip(meta.ip, 64) }, at });
  });
  return { sessionId, userId, refreshToken, refreshExpiresAt };
}

/**
 * Exchanges a refresh token for a new one in the same session. The old token
 * stops working; presenting it again revokes the session (reuse detection).
 */
export function rotateRefreshToken(deps: CoreDeps, refreshToken: string, meta: SessionMeta = {}, options: RotateOptions = {}): IssuedSession {
  const at = deps.clock();
  const hash = sha256Hex(refreshToken);
  const next = successorOf(refreshToken, options.successorKey);
  const graceMs = options.graceMs ?? REFRESH_GRACE_MS;
  const refreshExpiresAt = at + REFRESH_TOKEN_TTL_MS;
  // Failures are returned, not thrown, so that a revocation commits.
  const outcome = writeTx(deps, (tx): IssuedSession | { error: string } => {
    const token = tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash)).get();
    if (!token) return { error: 'unknown_token' };
    const session = tx.select().from(sessions).where(eq(sessions.id, token.sessionId)).get();
    if (!session || session.revokedAt !== null) return { error: 'session_revoked' };
    const reuse = () => {
      tx.update(sessions).set({ revokedAt: at, revokedReason: 'refresh_token_reuse' }).where(eq(sessions.id, session.id)).run();
      recordEvent(tx, {
        familyId: null,
        actorUserId: session.userId,
        action: 'session.reuse_detected',
        entityType: 'session',
        entityId: session.id,
        payload: { ip: clip(meta.ip, 64) },
        at,
      });
      return { error: 'token_reused' };
    };
    if (token.rotatedAt !== null) {
      // The same refresh again, moments later: the same successor, if it is still the live one.
      if (options.successorKey && at - token.rotatedAt <= graceMs) {
        const successor = tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, sha256Hex(next))).get();
        if (successor && successor.sessionId === session.id && successor.rotatedAt === null && successor.expiresAt > at) {
          return { sessionId: session.id, userId: session.userId, refreshToken: next, refreshExpiresAt: successor.expiresAt };
        }
      }
      return reuse();
    }
    if (token.expiresAt <= at || session.expiresAt <= at) return { error: 'expired' };
    const changed = tx
      .update(refreshTokens)
      .set({ rotatedAt: at })
      .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.rotatedAt)))
      .run();
    if (changed.changes !== 1) return reuse();
    tx.insert(refreshTokens).values({ sessionId: session.id, tokenHash: sha256Hex(next), createdAt: at, expiresAt: refreshExpiresAt }).run();
    // Rotated tokens are kept (for reuse detection) only until they would have expired anyway.
    tx.delete(refreshTokens).where(and(eq(refreshTokens.sessionId, session.id), lt(refreshTokens.expiresAt, at))).run();
    tx.update(sessions).set({ lastUsedAt: at, expiresAt: refreshExpiresAt }).where(eq(sessions.id, session.id)).run();
    return { sessionId: session.id, userId: session.userId, refreshToken: next, refreshExpiresAt };
  });
  if ('error' in outcome) throw invalidRefresh(outcome.error);
  return outcome;
}

/** Revokes a session (logout). Revoking twice is harmless. */
export function revokeSession(deps: CoreDeps, sessionId: string, reason: RevokeReason): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const session = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    if (!session || session.revokedAt !== null) return;
    tx.update(sessions).set({ revokedAt: at, revokedReason: reason }).where(eq(sessions.id, sessionId)).run();
    recordEvent(tx, { familyId: null, actorUserId: session.userId, action: 'session.revoked', entityType: 'session', entityId: sessionId, payload: { reason }, at });
  });
}

/** The user of a live session (not revoked, not expired), or undefined. Checked on every authenticated request. */
// Checked on every authenticated API request: prepared once per connection, read raw (rawColumns).
const SESSION = rawColumns(sessions, ['userId', 'revokedAt', 'expiresAt']);
const statements = perConnection((q) => ({
  session: rawQuery<[string], SessionRecord>(connectionOf(q), `SELECT ${SESSION.list} FROM sessions WHERE id = ?`, SESSION.read),
}));

export function sessionUser(deps: CoreDeps, sessionId: string): number | undefined {
  return liveSessionUser(sessionRecord(deps, sessionId), deps.clock());
}

/** What decides whether a session is live: its row as stored (undefined: no such session). */
export type SessionRecord = { userId: number; revokedAt: number | null; expiresAt: number };

export function sessionRecord(deps: CoreDeps, sessionId: string): SessionRecord | undefined {
  return statements(deps.db).session.get(sessionId);
}

/** The user of a session whose row is `s`, if it is live at `now`. */
export function liveSessionUser(s: SessionRecord | undefined, now: number): number | undefined {
  if (!s || s.revokedAt !== null || s.expiresAt <= now) return undefined;
  return s.userId;
}

/**
 * A session without a refresh token that ends at `expiresAt`: a Telegram Mini
 * App opened with signed initData. When it ends the app logs in again with
 * fresh initData (Telegram signs a new one each time the app is opened).
 */
export function startShortSession(deps: CoreDeps, userId: number, input: { expiresAt: number; via: string; meta?: SessionMeta }): { sessionId: string; expiresAt: number } {
  const at = deps.clock();
  const sessionId = randomId();
  writeTx(deps, (tx) => {
    if (!tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw notFound('User');
    tx.insert(sessions)
      .values({ id: sessionId, userId, createdAt: at, expiresAt: input.expiresAt, lastUsedAt: at, userAgent: clip(input.meta?.userAgent, 256), ip: clip(input.meta?.ip, 64) })
      .run();
    recordEvent(tx, {
      familyId: null,
      actorUserId: userId,
      action: 'session.started',
      entityType: 'session',
      entityId: sessionId,
      payload: { ip: clip(input.meta?.ip, 64), via: input.via },
      at,
    });
  });
  return { sessionId, expiresAt: input.expiresAt };
}
