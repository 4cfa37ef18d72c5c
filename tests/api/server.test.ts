// The server as a whole: probes, the OpenAPI document and Swagger UI, the
// error shape for unknown routes and crashes, security headers, CORS, extra
// routes, and the access log.
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/index.js';
import { READY_PROBE_EVERY_MS } from '../../src/api/routes/health.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb } from '../support/db.js';
import { fund, makeFamily } from '../support/builders.js';
import { eventually, HMAC_SECRET, JWT_SECRET, startApi, type Reply, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

type AccessRow = { method: string; endpoint: string; status_code: number; user_id: number | null; ip_address: string | null; duration_ms: number };

describe('probes', () => {
  it('GET /health says ok, the environment and the version', async () => {
    api = await startApi();
    const res = await api.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', environment: 'test', version: '0.1.0' });
  });

  it('GET /health/ready checks that the database answers', async () => {
    api = await startApi();
    expect((await api.request('GET', '/health/ready')).body).toEqual({ status: 'ready', database: 'ok' });
    api.db.conn.close();
    // One probe answers for READY_PROBE_EVERY_MS; the next window probes again.
    api.db.clock.advance(READY_PROBE_EVERY_MS);
    const res = await api.request('GET', '/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  });
});

describe('documentation', () => {
  it('serves an OpenAPI document generated from the routes, and Swagger UI at /docs', async () => {
    api = await startApi();
    const doc = await api.request<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths).sort()).toEqual(
      [
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/refresh',
        '/api/v1/auth/register',
        '/api/v1/auth/telegram/confirm',
        '/api/v1/auth/telegram/preview',
        '/api/v1/auth/telegram/start',
        '/api/v1/budgets',
        '/api/v1/categories',
        '/api/v1/events',
        '/api/v1/families',
        '/api/v1/goals',
        '/api/v1/miniapp/me',
        '/api/v1/miniapp/session',
        '/api/v1/reports/monthly',
        '/api/v1/reports/monthly/chart.png',
        '/api/v1/reports/trend',
        '/api/v1/transactions',
        '/api/v1/transactions/export.csv',
        '/api/v1/transactions/{id}',
        '/api/v1/transactions/{id}/confirm',
        '/api/v1/transactions/{id}/reject',
        '/api/v1/wallets',
        '/api/v1/wallets/{id}/archive',
        '/health',
        '/health/ready',
      ].sort(),
    );
    expect(JSON.stringify(doc.body.paths['/api/v1/transactions']!['post']!.requestBody)).toContain('from_wallet_id');
    const ui = await api.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('serves Swagger UI\'s files with its own CSP, the YAML document, and the API\'s 404 for anything else under /docs', async () => {
    // Built on the first /docs request (src/api/plugins/docs.ts): these go through that instance.
    api = await startApi();
    const script = await api.request('GET', '/docs/static/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('content-security-policy')).toContain("style-src 'self' 'sha256-");
    expect(script.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    // The page's policy lets in Swagger UI's own <style> texts by hash, never any other inline style or script (tests/e2e/docs-page
    // loads it in a browser); every other answer keeps the site's policy, with no inline style either.
    const directives = (res: Reply) => Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(/; */).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    const page = directives(await api.request('GET', '/docs'));
    expect(page['script-src']).toBe("'self'");
    // The top bar logo's <style> (swagger-ui-standalone-preset.js), read from the files served.
    expect(page['style-src']).toBe("'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");
    expect(page['frame-ancestors']).toBe("'none'");
    for (const path of ['/health', '/api/v1/nothing-here', '/bind']) {
      const site = directives(await api.request('GET', path));
      expect([site['script-src'], site['style-src'], site['base-uri']], path).toEqual(["'self'", "'self'", "'none'"]);
    }
    const again = await api.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js', headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(again.statusCode).toBe(304);
    const yaml = await api.request('GET', '/docs/yaml');
    expect(yaml.status).toBe(200);
    expect(yaml.text).toMatch(/^openapi: 3\.0\.3/m);
    const missing = await api.request('GET', '/docs/static/nothing.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /docs/static/nothing.js' } });
  });
});

describe('errors', () => {
  it('an unknown route is a 404 in the error shape', async () => {
    api = await startApi();
    const res = await api.request('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/v1/nothing-here' } });
  });

  it('a crash is a 500 that tells nothing of the inside; extra routes get the same handling', async () => {
    const db = createTestDb();
    const config = loadConfig({ env: { NODE_ENV: 'test', DATABASE_PATH: db.path, JWT_SECRET_KEY: JWT_SECRET, HMAC_SECRET_KEY: HMAC_SECRET }, dotenvPath: false });
    const app = buildServer({
      core: db.deps,
      config,
      log: createLogger({ level: 'silent' }),
      routes: [(r) => r.get('/boom', async () => { throw new Error('secret internals at /srv/app.ts:12'); }), (r) => r.post('/echo', async (req) => ({ got: req.body }))],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const boom = await fetch(`${base}/boom`);
      expect(boom.status).toBe(500);
      const text = await boom.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
      expect(text).not.toContain('secret internals');
      const echo = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(await echo.json()).toEqual({ got: { a: 1 } });
    } finally {
      await app.close();
      db.cleanup();
    }
  });
});

describe('headers', () => {
  it('sets security headers on every response', async () => {
    api = await startApi();
    const res = await api.request('GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeTruthy();
  });

  it('lets no browser or proxy keep an answer (tokens, balances, errors), unless it is a static asset', async () => {
    api = await startApi();
    const account = await api.account();
    const login = await api.login(account.email);
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const families = await api.request('GET', '/api/v1/families', { token: account.token });
    expect(families.status).toBe(200);
    expect(families.headers.get('cache-control')).toBe('no-store');
    const refused = await api.request('GET', '/api/v1/families');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const css = await api.request('GET', '/bind/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('CORS is off unless origins are configured', async () => {
    api = await startApi();
    const res = await api.request('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await api.close();

    api = await startApi({ env: { CORS_ORIGINS: 'https://app.example' } });
    const preflight = await api.request('OPTIONS', '/api/v1/transactions', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,idempotency-key' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    // Every header a browser client needs to read is exposed, and the rate limit's are the ones really sent.
    const login = await api.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong password!' }, headers: { origin: 'https://app.example' } });
    const exposed = (login.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/, */);
    const rateHeaders = [...login.headers.keys()].filter((h) => h.startsWith('x-ratelimit-'));
    expect(rateHeaders.length).toBeGreaterThan(0);
    for (const h of [...rateHeaders, 'retry-after', 'idempotent-replayed', 'www-authenticate', 'content-disposition']) expect(exposed, h).toContain(h);
    // The preflight's catch-all route (OPTIONS *) makes no path known: an unknown one stays 404, a wrong method is 405 with a readable Allow.
    expect((await api.request('GET', '/api/v1/nothing-here', { headers: { origin: 'https://app.example' } })).status).toBe(404);
    const wrongMethod = await api.request('DELETE', '/api/v1/wallets', { headers: { origin: 'https://app.example' } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((wrongMethod.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/, */)).toContain('allow');
    const other = await api.request('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await api.close();

    // An origin pasted as a URL (capitals, a trailing slash) is the origin a browser sends.
    api = await startApi({ env: { CORS_ORIGINS: 'https://App.example/' } });
    const pasted = await api.request('GET', '/health', { headers: { origin: 'https://app.example' } });
    expect(pasted.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('access log', () => {
  it('writes one row per request with the route pattern, status, user, address and duration, nothing secret', async () => {
    api = await startApi();
    const f = makeFamily(api.db.deps);
    fund(api.db.deps, f, f.cashId, 1000);
    const token = await api.tokenFor(f.owner);
    const list = await api.request<{ transactions: Array<{ id: number }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}`, { token });
    await api.request('GET', `/api/v1/transactions/${list.body.transactions[0]!.id}`, { token });
    await api.request('GET', '/bind?code=SECRETCODE');
    await api.request('POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'secret password' } });
    await api.request('DELETE', '/api/v1/wallets?code=SECRETCODE');
    await api.request('GET', '/nothing-here?code=SECRETCODE');

    const rows = await eventually(() => {
      const r = api.db.conn.sqlite.prepare('select * from access_log order by id').all() as AccessRow[];
      return r.length >= 6 ? r : undefined;
    });
    expect(rows.map((r) => [r.method, r.endpoint, r.status_code, r.user_id])).toEqual([
      ['GET', '/api/v1/transactions', 200, f.owner],
      ['GET', '/api/v1/transactions/:id', 200, f.owner],
      ['GET', '/bind', 200, null],
      ['POST', '/api/v1/auth/login', 401, null],
      ['DELETE', '/api/v1/wallets', 405, null],
      ['GET', '/nothing-here', 404, null],
    ]);
    for (const r of rows) {
      expect(r.ip_address).toBe('127.0.0.1');
      expect(r.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const dump = JSON.stringify(api.db.conn.sqlite.prepare('select * from access_log').all());
    expect(dump).not.toContain('SECRETCODE');
    expect(dump).not.toContain('secret password');
    expect(dump).not.toContain(token);
  });
});
