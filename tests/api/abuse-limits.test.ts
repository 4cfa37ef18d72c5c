// Limits an attacker would try to get around: parallel password guesses (each
// is counted when it starts, not after its scrypt), a full password queue
// (503 at once, not minutes of waiting), rotating IPv6 addresses in one /64
// (one client for every per-address limit), and a flood of readiness probes
// (one probe write serves every caller for a couple of seconds). Addresses are
// set through X-Forwarded-For with TRUST_PROXY=1.
import { afterEach, describe, expect, it } from 'vitest';
import type { PasswordLimits } from '../../src/api/rate-limits.js';
import { READY_PROBE_EVERY_MS } from '../../src/api/routes/health.js';
import { registerUser, setPasswordQueueMax } from '../../src/domain/index.js';
import { PASSWORD, bindLoginFrom, fromAddress, loginFrom, startApi, type TestApi } from './support.js';

let api: TestApi;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  restore = undefined;
  await api?.close();
});

const LIMITS: PasswordLimits = { freePerAccount: 3, freePerAddress: 100, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 3_600_000, knownAddressMs: 30 * 24 * 3_600_000 };
const login = (email: string, password: string, address?: string) => loginFrom(api, email, password, address);
const bindLogin = (email: string, password: string, address?: string) => bindLoginFrom(api, email, password, address);
const failedLogins = () => (api.db.conn.sqlite.prepare("select count(*) as n from event_log where action = 'auth.login_failed' and payload like '%wrong_password%'").get() as { n: number }).n;
const statuses = (replies: Array<{ status: number }>) => replies.map((r) => r.status).sort();

/** Ann's password hashed with a slower scrypt than the tests' (32 MiB, tens of ms a check), so parallel checks really overlap. */
async function withSlowAnn(limits: Partial<PasswordLimits> = {}) {
  api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { passwords: { ...LIMITS, ...limits } } });
  await registerUser({ ...api.db.deps, passwordParams: { N: 2 ** 15, r: 8, p: 1 } }, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
}

describe('parallel wrong passwords', () => {
  it('are each counted when they start: a burst on the API gets the free failures and then the lock', async () => {
    await withSlowAnn();
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login('ann@example.com', `parallel guess ${i}`, `203.0.113.${i + 1}`)));
    expect(statuses(burst)).toEqual([401, 401, 401, ...Array<number>(7).fill(429)]);
    expect(failedLogins()).toBe(3);
    expect((await login('ann@example.com', PASSWORD, '203.0.113.99')).status).toBe(429);
  });

  it('on the /bind page too, and the two surfaces share the count', async () => {
    await withSlowAnn();
    const burst = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => bindLogin('ann@example.com', `page guess ${i}`, `203.0.113.${i + 1}`)),
      ...Array.from({ length: 4 }, (_, i) => login('ann@example.com', `api guess ${i}`, `203.0.113.${i + 11}`)),
    ]);
    expect(burst.filter((r) => r.status === 401)).toHaveLength(3);
    expect(failedLogins()).toBe(3);
  });

  it('from one address across many accounts, the address counter holds as well', async () => {
    await withSlowAnn({ freePerAccount: 100, freePerAddress: 2 });
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => login(i % 2 ? 'ann@example.com' : `nobody${i}@example.com`, `guess ${i}`, '203.0.113.7')));
    expect(statuses(burst)).toEqual([401, 401, 429, 429, 429, 429]);
  });

  it('a right password gives its attempt back', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { passwords: { ...LIMITS, freePerAccount: 2, freePerAddress: 2 } } });
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    for (let i = 0; i < 3; i++) expect((await login('ann@example.com', PASSWORD)).status).toBe(200);
    expect((await login('ann@example.com', 'one wrong')).status).toBe(401);
    expect((await login('ann@example.com', PASSWORD)).status).toBe(200);
  });
});

describe('a full password queue', () => {
  it('answers 503 with Retry-After at once, counts nothing against the account, and the page says so in words', async () => {
    await withSlowAnn({ freePerAccount: 100 });
    restore = setPasswordQueueMax(2);
    // One check runs, two wait; the rest are turned away.
    const burst = await Promise.all(Array.from({ length: 7 }, () => login('ann@example.com', PASSWORD)));
    expect(statuses(burst)).toEqual([200, 200, 200, 503, 503, 503, 503]);
    const busy = burst.find((r) => r.status === 503)!;
    expect(busy.body).toEqual({ error: { code: 'unavailable', reason: 'password_checks_busy', message: expect.stringMatching(/busy/) } });
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const pages = await Promise.all(Array.from({ length: 6 }, () => bindLogin('ann@example.com', 'wrong on the page')));
    expect(statuses(pages)).toEqual([401, 401, 401, 503, 503, 503]);
    const page = pages.find((r) => r.status === 503)!;
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(page.text).toContain('The server is busy right now');
    // Only the checks that ran were counted.
    expect(failedLogins()).toBe(3);
  });
});

describe('IPv6 addresses count by their /64', () => {
  it('the request limit: two addresses in one /64 share it, another /64 does not; an IPv4-mapped address is its IPv4', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { login: { max: 2, timeWindowMs: 60_000 } } });
    const attempt = (address: string) => login('nobody@example.com', 'wrong password', address);
    expect((await attempt('2001:db8:1:2::1')).status).toBe(401);
    expect((await attempt('2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(401);
    const third = await attempt('2001:db8:1:2::abcd');
    expect(third.status).toBe(429);
    expect(third.body['error']).toMatchObject({ code: 'rate_limited', reason: 'too_many_requests' });
    expect((await attempt('2001:db8:1:3::1')).status).toBe(401);
    expect((await attempt('203.0.113.7')).status).toBe(401);
    expect((await attempt('::ffff:203.0.113.7')).status).toBe(401);
    expect((await attempt('::ffff:cb00:7107')).status).toBe(429);
  });

  it('the failed-password guard: guesses from one /64 add up on one address counter', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { passwords: { ...LIMITS, freePerAccount: 100, freePerAddress: 2 } } });
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    expect((await login('a@example.com', 'guess', '2001:db8:1:2::1')).status).toBe(401);
    expect((await login('b@example.com', 'guess', '2001:db8:1:2::2')).status).toBe(401);
    const locked = await login('ann@example.com', PASSWORD, '2001:db8:1:2::3');
    expect(locked.status).toBe(429);
    expect(locked.body['error']).toMatchObject({ reason: 'address_locked' });
    expect((await login('ann@example.com', PASSWORD, '2001:db8:1:3::3')).status).toBe(200);
  });

  it('the registration counter: one /64 is one address', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { register: { max: 1, timeWindowMs: 3_600_000 } } });
    const reg = (n: number, address: string) =>
      api.request('POST', '/api/v1/auth/register', { body: { email: `r${n}@example.com`, password: PASSWORD, name: 'R' }, headers: fromAddress(address) });
    expect((await reg(1, '2001:db8:1:2::1')).status).toBe(201);
    const refused = await reg(2, '2001:db8:1:2::2');
    expect(refused.status).toBe(429);
    expect(refused.body['error']).toMatchObject({ reason: 'too_many_registrations' });
    expect((await reg(3, '2001:db8:1:3::1')).status).toBe(201);
  });
});

describe('GET /health/ready under a flood', () => {
  it('one probe write answers every caller in its window, and a broken database still turns it 503 within the window', async () => {
    api = await startApi();
    const sqlite = api.db.conn.sqlite;
    // Counts the probe's writes (its heartbeat row), committed or not.
    sqlite.exec(`create table probe_writes (n integer);
      create trigger count_probe_insert after insert on heartbeats when new.role = 'probe' begin insert into probe_writes values (1); end;
      create trigger count_probe_update after update on heartbeats when new.role = 'probe' begin insert into probe_writes values (1); end;`);
    const writes = () => (sqlite.prepare('select count(*) as n from probe_writes').get() as { n: number }).n;
    const ready = () => api.request('GET', '/health/ready');

    const burst = await Promise.all(Array.from({ length: 25 }, ready));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(writes()).toBe(1);
    api.db.clock.advance(READY_PROBE_EVERY_MS - 1);
    expect((await ready()).status).toBe(200);
    expect(writes()).toBe(1);

    // The database stops taking writes (reads still work): within the window the page says so.
    sqlite.pragma('query_only = ON');
    api.db.clock.advance(1);
    const broken = await Promise.all(Array.from({ length: 10 }, ready));
    expect(broken.every((r) => r.status === 503)).toBe(true);
    expect(broken[0]!.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });

    sqlite.pragma('query_only = OFF');
    api.db.clock.advance(READY_PROBE_EVERY_MS);
    expect((await ready()).status).toBe(200);
    expect(writes()).toBe(2);
  });
});
