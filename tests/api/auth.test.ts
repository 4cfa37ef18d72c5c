// Email accounts over HTTP: registering, logging in, refreshing with rotation
// and reuse detection, logging out, and every way an access token can be bad.
import { SignJWT } from 'jose';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { sessions } from '../../src/db/schema.js';
import { JWT_SECRET, PASSWORD, startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

describe('register', () => {
  it('creates an account that can log in', async () => {
    api = await startApi();
    const res = await api.request('POST', '/api/v1/auth/register', { body: { email: 'Ann@Example.com', password: PASSWORD, name: 'Ann' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['user_id']);
    expect(typeof res.body['user_id']).toBe('number');
    const login = await api.login('ann@example.com');
    expect(login.status).toBe(200);
    expect(login.body['user_id']).toBe(res.body['user_id']);
  });

  it('refuses a weak password, naming the field', async () => {
    api = await startApi();
    const res = await api.request('POST', '/api/v1/auth/register', { body: { email: 'a@example.com', password: 'short', name: 'A' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'validation', message: expect.stringMatching(/at least 10/), field: 'password' } });
    expect(api.count('users')).toBe(0);
  });

  it('refuses a duplicate email with 409', async () => {
    api = await startApi();
    const first = await api.account();
    const res = await api.request('POST', '/api/v1/auth/register', { body: { email: first.email.toUpperCase(), password: PASSWORD, name: 'Again' } });
    expect(res.status).toBe(409);
    expect(res.body['error']).toMatchObject({ code: 'conflict', field: 'email', reason: 'email_taken' });
  });

  it('is refused when registration is turned off', async () => {
    api = await startApi({ env: { ALLOW_REGISTRATION: 'false' } });
    const res = await api.request('POST', '/api/v1/auth/register', { body: { email: 'b@example.com', password: PASSWORD, name: 'B' } });
    expect(res.status).toBe(403);
    expect(res.body['error']).toMatchObject({ code: 'forbidden', reason: 'registration_disabled' });
    expect(api.count('users')).toBe(0);
  });

  it('refuses unknown fields and missing ones', async () => {
    api = await startApi();
    const unknown = await api.request('POST', '/api/v1/auth/register', { body: { email: 'c@example.com', password: PASSWORD, name: 'C', admin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body['error']).toMatchObject({ code: 'validation', field: 'admin' });
    const missing = await api.request('POST', '/api/v1/auth/register', { body: { email: 'c@example.com', password: PASSWORD } });
    expect(missing.status).toBe(400);
    expect(missing.body['error']).toMatchObject({ code: 'validation', field: 'name', message: 'name is required' });
  });
});

describe('login', () => {
  it('returns an access token, a refresh token and the user id', async () => {
    api = await startApi();
    const a = await api.account();
    const res = await api.login(a.email);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'user_id']);
    expect(res.body['expires_in']).toBe(900);
    expect(res.body['user_id']).toBe(a.userId);
    const [header, payload] = (res.body['access_token'] as string).split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({ sub: String(a.userId) });
    expect(payload!['exp']! as number - (payload!['iat'] as number)).toBe(900);
    expect(typeof payload!['jti']).toBe('string');
  });

  it('gives one generic 401 for a wrong password and for an unknown email', async () => {
    api = await startApi();
    const a = await api.account();
    const wrong = await api.login(a.email, 'not the password');
    const unknown = await api.login('nobody@example.com', 'whatever password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'Invalid email or password' } });
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works and the old refresh token stops working', async () => {
    api = await startApi();
    const a = await api.account();
    const first = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(first.status).toBe(200);
    expect(first.body['refresh_token']).not.toBe(a.refresh);
    expect(first.body['user_id']).toBe(a.userId);
    const me = await api.request('GET', '/api/v1/families', { token: first.body['access_token'] as string });
    expect(me.status).toBe(200);
    const second = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.body['refresh_token'] } });
    expect(second.status).toBe(200);
  });

  it('reuse of a rotated token revokes the whole session', async () => {
    api = await startApi();
    const a = await api.account();
    const rotated = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(rotated.status).toBe(200);
    // Someone presents the old token again, after the grace window: a stolen copy, or the owner after a thief.
    api.db.clock.advance(20_001);
    const reuse = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(reuse.status).toBe(401);
    expect(reuse.body['error']).toMatchObject({ code: 'unauthorized', reason: 'token_reused' });
    // Everything of that session is dead now: the newest refresh token and its access token.
    const newest = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: rotated.body['refresh_token'] } });
    expect(newest.status).toBe(401);
    const access = await api.request('GET', '/api/v1/families', { token: rotated.body['access_token'] as string });
    expect(access.status).toBe(401);
    expect(access.body['error']).toMatchObject({ reason: 'session_revoked' });
    const row = api.db.deps.db.select().from(sessions).where(eq(sessions.userId, a.userId)).get();
    expect(row?.revokedReason).toBe('refresh_token_reuse');
    expect(api.count("event_log where action = 'session.reuse_detected'")).toBe(1);
  });

  it('two concurrent refreshes of one token get the same new pair and the session lives on', async () => {
    api = await startApi();
    const a = await api.account();
    const [one, two] = await Promise.all([0, 1].map(() => api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } })));
    expect([one!.status, two!.status]).toEqual([200, 200]);
    expect(one!.body['refresh_token']).toBe(two!.body['refresh_token']);
    // A retry a few seconds later (its first answer was lost) gets it too.
    api.db.clock.advance(19_000);
    const retry = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(retry.body['refresh_token']).toBe(one!.body['refresh_token']);
    for (const r of [one!, two!, retry]) expect((await api.request('GET', '/api/v1/families', { token: r.body['access_token'] as string })).status).toBe(200);
    expect(api.count("sessions where revoked_at is not null")).toBe(0);
    expect(api.count('refresh_tokens')).toBe(2);
    // The new token moves on normally.
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: one!.body['refresh_token'] } })).status).toBe(200);
  });

  it('inside the grace window the old token is refused once its successor was itself exchanged (reuse)', async () => {
    api = await startApi();
    const a = await api.account();
    const first = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.body['refresh_token'] } })).status).toBe(200);
    const stale = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(stale.status).toBe(401);
    expect(stale.body['error']).toMatchObject({ reason: 'token_reused' });
    expect(api.count("sessions where revoked_reason = 'refresh_token_reuse'")).toBe(1);
  });

  it('an unknown refresh token is 401', async () => {
    api = await startApi();
    const res = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: 'made-up' } });
    expect(res.status).toBe(401);
    expect(res.body['error']).toMatchObject({ code: 'unauthorized' });
  });

  it('a refresh token expires after 30 days', async () => {
    api = await startApi();
    const a = await api.account();
    api.db.clock.advance(31 * 24 * 60 * 60 * 1000);
    const res = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(res.status).toBe(401);
    expect(res.body['error']).toMatchObject({ reason: 'expired' });
  });

  it('stores refresh tokens hashed, never as sent', async () => {
    api = await startApi();
    const a = await api.account();
    const stored = api.db.conn.sqlite.prepare('select token_hash from refresh_tokens').all() as Array<{ token_hash: string }>;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(a.refresh);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('logout', () => {
  it('revokes the session: its access and refresh tokens stop working, other sessions do not', async () => {
    api = await startApi();
    const a = await api.account();
    const other = await api.login(a.email);
    const res = await api.request('POST', '/api/v1/auth/logout', { token: a.token });
    expect(res.status).toBe(204);
    expect((await api.request('GET', '/api/v1/families', { token: a.token })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/families', { token: other.body['access_token'] as string })).status).toBe(200);
  });

  it('ends the grace window too: a refresh token just exchanged gets no successor after the logout', async () => {
    // Within 20 s the exchanged token would get its successor again (two tabs); not once the session ended.
    api = await startApi();
    const a = await api.account();
    const next = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh } });
    expect(next.status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/logout', { token: next.body['access_token'] as string })).status).toBe(204);
    for (const token of [a.refresh, next.body['refresh_token'] as string]) {
      const res = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: token } });
      expect([res.status, res.body]).toEqual([401, { error: { code: 'unauthorized', message: 'The refresh token is not valid; log in again', reason: 'session_revoked' } }]);
    }
    // Neither the access token of before the exchange nor any token was given out.
    expect((await api.request('GET', '/api/v1/families', { token: a.token })).status).toBe(401);
    expect(api.count('sessions where revoked_at is null')).toBe(0);
  });

  it('needs a token', async () => {
    api = await startApi();
    const res = await api.request('POST', '/api/v1/auth/logout');
    expect(res.status).toBe(401);
  });
});

describe('access tokens', () => {
  async function sessionOf(a: { token: string }): Promise<string> {
    return (JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
  }
  /** A token with valid claims for `a`, signed with the given algorithm and key. */
  async function forge(a: { token: string; userId: number }, alg: string, key: string): Promise<string> {
    const now = Math.floor(api!.db.clock() / 1000);
    return new SignJWT({ sid: await sessionOf(a) })
      .setProtectedHeader({ alg })
      .setSubject(String(a.userId))
      .setJti('x')
      .setIssuer('finance-bot')
      .setAudience('finance-bot-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 900)
      .sign(new TextEncoder().encode(key));
  }


  it.each([
    ['missing', undefined, 'missing_token'],
    ['malformed', 'not-a-jwt', 'invalid_token'],
    ['three garbage parts', 'aaa.bbb.ccc', 'invalid_token'],
  ])('%s → 401', async (_name, token, reason) => {
    api = await startApi();
    const res = await api.request('GET', '/api/v1/families', token ? { token } : {});
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String), reason } });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('alg "none" is refused', async () => {
    api = await startApi();
    const a = await api.account();
    const now = Math.floor(api.db.clock() / 1000);
    const claims = { sub: String(a.userId), sid: await sessionOf(a), jti: 'x', iat: now, exp: now + 900, iss: 'finance-bot', aud: 'finance-bot-api' };
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const res = await api.request('GET', '/api/v1/families', { token });
    expect(res.status).toBe(401);
  });

  it('a token signed with another key is refused', async () => {
    api = await startApi();
    const a = await api.account();
    const token = await forge(a, 'HS256', 'another-secret-another-secret-another-secret');
    expect((await api.request('GET', '/api/v1/families', { token })).status).toBe(401);
  });

  it('another HMAC algorithm with the right key is refused (the algorithm is pinned)', async () => {
    api = await startApi();
    const a = await api.account();
    const token = await forge(a, 'HS512', JWT_SECRET);
    expect((await api.request('GET', '/api/v1/families', { token })).status).toBe(401);
  });

  it('a tampered payload is refused', async () => {
    api = await startApi();
    const a = await api.account();
    const b = await api.account();
    const [h, p, s] = a.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${b64({ ...claims, sub: String(b.userId) })}.${s}`;
    expect((await api.request('GET', '/api/v1/families', { token: forged })).status).toBe(401);
  });

  it('expires after 15 minutes', async () => {
    api = await startApi();
    const a = await api.account();
    api.db.clock.advance(14 * 60 * 1000);
    expect((await api.request('GET', '/api/v1/families', { token: a.token })).status).toBe(200);
    api.db.clock.advance(2 * 60 * 1000);
    const res = await api.request('GET', '/api/v1/families', { token: a.token });
    expect(res.status).toBe(401);
    expect(res.body['error']).toMatchObject({ reason: 'token_expired' });
  });
});

describe('rate limits', () => {
  it('login: too many attempts from one address get 429 in the error shape', async () => {
    api = await startApi({ rateLimits: { login: { max: 2, timeWindowMs: 60_000 } } });
    await api.login('x@example.com', 'wrong password 1');
    await api.login('x@example.com', 'wrong password 2');
    const res = await api.login('x@example.com', 'wrong password 3');
    expect(res.status).toBe(429);
    expect(res.body['error']).toMatchObject({ code: 'rate_limited' });
    expect(res.headers.get('retry-after')).toBeTruthy();
  });

  // Per-account and per-address counting of wrong passwords: tests/api/password-limits.test.ts.

  it.each([
    ['register', '/api/v1/auth/register', { email: 'r@example.com', password: 'short', name: 'R' }],
    ['refresh', '/api/v1/auth/refresh', { refresh_token: 'nope' }],
  ] as const)('%s is limited', async (name, path, body) => {
    api = await startApi({ rateLimits: { [name]: { max: 1, timeWindowMs: 60_000 } } });
    expect((await api.request('POST', path, { body })).status).not.toBe(429);
    const res = await api.request('POST', path, { body });
    expect(res.status).toBe(429);
    expect(res.body['error']).toMatchObject({ code: 'rate_limited' });
  });
});
