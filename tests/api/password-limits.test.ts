// Wrong passwords are counted per account and per address, on every surface
// that checks a password (the API login and the /bind page share the counts),
// with growing waits. A locked attempt is refused BEFORE the password is
// looked at, so a right and a wrong password get the same answer. Addresses
// are set through X-Forwarded-For with TRUST_PROXY=1 (the proxy's appended
// entry is the client's address).
import { afterEach, describe, expect, it } from 'vitest';
import type { PasswordLimits } from '../../src/api/rate-limits.js';
import { registerUser } from '../../src/domain/index.js';
import { PASSWORD, bindLoginFrom, fromAddress, loginFrom, startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const LIMITS: PasswordLimits = { freePerAccount: 3, freePerAddress: 5, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 3_600_000, knownAddressMs: 30 * 24 * 3_600_000 };

async function start(limits: Partial<PasswordLimits> = {}) {
  api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { passwords: { ...LIMITS, ...limits } } });
  await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
}

const login = (email: string, password: string, address?: string) => loginFrom(api, email, password, address);
const bindLogin = (email: string, password: string, address?: string) => bindLoginFrom(api, email, password, address);

describe('wrong passwords per account', () => {
  it('after the free failures the account waits, and the right password gets the very same answer as a wrong one', async () => {
    await start();
    for (let i = 0; i < 3; i++) expect((await login('ann@example.com', `wrong password ${i}`)).status).toBe(401);
    const right = await login('ann@example.com', PASSWORD);
    const wrong = await login('ann@example.com', 'wrong password 4');
    expect(right.status).toBe(429);
    expect(right.body).toEqual(wrong.body);
    expect(right.body['error']).toMatchObject({ code: 'rate_limited', reason: 'account_locked' });
    expect(right.headers.get('retry-after')).toBe('60');
    // Another address gets no way around it…
    expect((await login('ann@example.com', PASSWORD, '203.0.113.50')).status).toBe(429);
    // …and the wait ends by itself.
    api.db.clock.advance(60_000);
    expect((await login('ann@example.com', PASSWORD)).status).toBe(200);
  });

  it('each further failure doubles the wait, up to the cap', async () => {
    await start({ maxDelayMs: 4 * 60_000, freePerAddress: 100 });
    for (let i = 0; i < 3; i++) await login('ann@example.com', `wrong ${i}`);
    const waits: string[] = [];
    for (let round = 0; round < 4; round++) {
      const locked = await login('ann@example.com', 'still wrong');
      waits.push(locked.headers.get('retry-after') ?? '');
      api.db.clock.advance(Number(locked.headers.get('retry-after')) * 1000);
      expect((await login('ann@example.com', `wrong again ${round}`)).status).toBe(401);
    }
    expect(waits).toEqual(['60', '120', '240', '240']);
  });

  it('is not a free denial of service: an address that logged into the account before still gets in', async () => {
    await start();
    const home = '192.0.2.10';
    expect((await login('ann@example.com', PASSWORD, home)).status).toBe(200);
    for (let i = 0; i < 6; i++) await login('ann@example.com', `attacker guess ${i}`, `203.0.113.${i + 1}`);
    expect((await login('ann@example.com', PASSWORD, '203.0.113.99')).status).toBe(429);
    expect((await login('ann@example.com', PASSWORD, home)).status).toBe(200);
  });
});

describe('wrong passwords per address', () => {
  it('an address guessing across many accounts waits, whatever account it tries next; other addresses do not', async () => {
    await start();
    for (let i = 0; i < 5; i++) expect((await login(`someone${i}@example.com`, 'guess', '203.0.113.7')).status).toBe(401);
    const locked = await login('ann@example.com', PASSWORD, '203.0.113.7');
    expect(locked.status).toBe(429);
    expect(locked.body['error']).toMatchObject({ reason: 'address_locked' });
    expect((await login('ann@example.com', PASSWORD, '198.51.100.200')).status).toBe(200);
  });
});

describe('one count for every password surface', () => {
  it('failures on the /bind page and on the API add up, and the page answers 429 as a page', async () => {
    await start();
    expect((await bindLogin('ann@example.com', 'wrong on the page')).status).toBe(401);
    expect((await login('ann@example.com', 'wrong on the api')).status).toBe(401);
    expect((await bindLogin('ann@example.com', 'wrong on the page again')).status).toBe(401);
    expect((await login('ann@example.com', PASSWORD)).status).toBe(429);
    const page = await bindLogin('ann@example.com', PASSWORD);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect(page.text).toContain('Too many attempts');
  });

  it('every failed login leaves an audit row naming the account, the address and the surface, never the password', async () => {
    await start();
    await login('ann@example.com', 'Secret-Guess-One');
    await bindLogin('ANN@example.com ', 'Secret-Guess-Two', '203.0.113.9');
    await login('nobody@example.com', 'Secret-Guess-Three');
    const rows = api.db.conn.sqlite.prepare("select entity_id, payload from event_log where action = 'auth.login_failed' order by id").all() as Array<{ entity_id: string; payload: string }>;
    expect(rows.map((r) => ({ entity: r.entity_id, ...(JSON.parse(r.payload) as object) }))).toEqual([
      { entity: '1', email: 'ann@example.com', ip: '198.51.100.1', surface: 'api', outcome: 'wrong_password' },
      { entity: '1', email: 'ann@example.com', ip: '203.0.113.9', surface: 'bind_page', outcome: 'wrong_password' },
      { entity: 'unknown', email: 'nobody@example.com', ip: '198.51.100.1', surface: 'api', outcome: 'wrong_password' },
    ]);
    const everything = JSON.stringify(api.db.conn.sqlite.prepare('select * from event_log').all());
    expect(everything).not.toMatch(/Secret-Guess/);
  });
});

describe('registration', () => {
  it('the API and the /bind page share one per-address limit', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { register: { max: 2, timeWindowMs: 3_600_000 } } });
    const reg = (n: number) => api.request('POST', '/api/v1/auth/register', { body: { email: `r${n}@example.com`, password: PASSWORD, name: 'R' }, headers: fromAddress('203.0.113.5') });
    const page = (n: number) =>
      api.request('POST', '/bind/register', {
        raw: new URLSearchParams({ code: 'ABCDEFGH', name: 'R', email: `p${n}@example.com`, password: PASSWORD }).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers: fromAddress('203.0.113.5'),
      });
    expect((await reg(1)).status).toBe(201);
    expect((await page(1)).status).not.toBe(429);
    const users = api.count('users');
    const refusedApi = await reg(2);
    expect(refusedApi.status).toBe(429);
    expect(refusedApi.body['error']).toMatchObject({ code: 'rate_limited', reason: 'too_many_registrations' });
    expect((await page(2)).status).toBe(429);
    expect(api.count('users')).toBe(users);
    // Another address is not held back.
    expect((await api.request('POST', '/api/v1/auth/register', { body: { email: 'other@example.com', password: PASSWORD, name: 'O' }, headers: fromAddress('198.51.100.77') })).status).toBe(201);
  });
});
