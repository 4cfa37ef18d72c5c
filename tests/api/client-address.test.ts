// TRUST_PROXY decides who may name the client's address. A client that sends
// its own X-Forwarded-For chain must not pick the address the rate limits and
// the access log see.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

/** The address the server saw for one request, as the access log recorded it. */
async function seenAddress(xff?: string): Promise<string> {
  const before = api.count('access_log');
  const res = await api.request('GET', '/health', { headers: xff ? { 'x-forwarded-for': xff } : {} });
  expect(res.status).toBe(200);
  await eventually(() => api.count('access_log') > before);
  const row = api.db.conn.sqlite.prepare('select ip_address from access_log order by id desc limit 1').get() as { ip_address: string };
  return row.ip_address;
}

describe('TRUST_PROXY', () => {
  it('off (default): X-Forwarded-For is ignored', async () => {
    api = await startApi();
    expect(await seenAddress('203.0.113.7')).toBe('127.0.0.1');
  });

  it('true means exactly one hop: a forged chain yields the address our proxy appended', async () => {
    api = await startApi({ env: { TRUST_PROXY: 'true' } });
    // The client forged "1.1.1.1"; the proxy (here: the loopback peer) appended the real 203.0.113.7.
    expect(await seenAddress('1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await seenAddress('9.9.9.9, 8.8.8.8, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('a hop count of 2 trusts two proxies and no more', async () => {
    api = await startApi({ env: { TRUST_PROXY: '2' } });
    expect(await seenAddress('1.1.1.1, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
  });

  it('a proxy list trusts only those addresses', async () => {
    api = await startApi({ env: { TRUST_PROXY: '10.0.0.0/8' } });
    // The peer (127.0.0.1) is not a listed proxy: whatever it says about others is ignored.
    expect(await seenAddress('203.0.113.7')).toBe('127.0.0.1');
    await api.close();
    api = await startApi({ env: { TRUST_PROXY: '127.0.0.1,10.0.0.0/8' } });
    // 10.1.2.3 is a listed proxy, 203.0.113.7 is not: the walk stops there; 1.1.1.1 (forged) is never reached.
    expect(await seenAddress('1.1.1.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
  });

  it('a client cannot escape the per-address login limit by forging X-Forwarded-For', async () => {
    api = await startApi({ env: { TRUST_PROXY: '1' }, rateLimits: { login: { max: 3, timeWindowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api.request('POST', '/api/v1/auth/login', {
        body: { email: `nobody${i}@example.com`, password: 'wrong password' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
