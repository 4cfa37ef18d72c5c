// The OpenAPI document against the server: for every route, the common
// refusals the server really gives (no token, broken JSON, a body that does
// not fit, another media type, an unknown id, a body where none is taken) are
// answers the document describes — the status (or its range), the media type
// application/json with a body that fits the documented error schema, and
// every header the server sends that a client reads (WWW-Authenticate,
// Retry-After, X-RateLimit-*, Idempotent-Replayed, Content-Disposition). Then
// the successes that carry such headers: a replayed answer, a rate-limited
// route, the export.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type Reply, type TestApi } from './support.js';

type Header = { description?: string; schema?: unknown };
type ResponseDoc = { description: string; headers?: Record<string, Header>; content?: Record<string, { schema?: object }> };
type Operation = { requestBody?: unknown; security?: Array<Record<string, unknown>>; responses: Record<string, ResponseDoc> };
type Doc = { paths: Record<string, Record<string, Operation>> };

/** Answer headers a client reads; each one the server sends must be documented on that answer. */
const TRACKED = /^(www-authenticate|retry-after|x-ratelimit-.*|idempotent-replayed|content-disposition)$/;

let api: TestApi;
let f: FamilyFixture;
let doc: Doc;
const ajv = new Ajv({ strict: false, allErrors: true });

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 10_000);
  doc = (await api.request<Doc>('GET', '/docs/json')).body;
});
afterAll(async () => {
  await api.close();
});

const operations = (): Array<{ method: string; path: string; url: string; op: Operation }> =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, url: path.includes('{id}') ? path.replace('{id}', '999999') : `${path}?family_id=${f.familyId}`, op })),
  );

/** The document's entry for this status: the exact code, else its range (4XX), else default. */
function entryFor(op: Operation, status: number): ResponseDoc | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses['default'];
}

function expectDocumented(what: string, op: Operation, res: Reply): void {
  const entry = entryFor(op, res.status);
  expect(entry, `${what}: ${res.status} is not in the document`).toBeDefined();
  if (!entry) return;
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
    const schema = entry.content?.['application/json']?.schema;
    expect(schema, `${what}: ${res.status} has no application/json schema`).toBeDefined();
    const valid = ajv.validate(schema as object, res.body);
    expect(valid, `${what}: ${res.text} does not fit: ${ajv.errorsText()}`).toBe(true);
  }
  const documented = Object.keys(entry.headers ?? {}).map((h) => h.toLowerCase());
  for (const name of res.headers.keys()) {
    if (TRACKED.test(name)) expect(documented, `${what}: ${res.status} sends ${name}`).toContain(name);
  }
}

const hmacOnly = (op: Operation) => (op.security ?? []).some((s) => 'hmacSignature' in s);
const bearer = (op: Operation) => (op.security ?? []).some((s) => 'bearerAuth' in s);

/** A request with what the route needs to get past its guard: a fresh token, or a signature over the body. */
async function send(method: string, url: string, op: Operation, raw?: string, contentType?: string): Promise<Reply> {
  const headers = hmacOnly(op) ? api.signed(method, url, raw ?? '') : {};
  const token = bearer(op) ? await api.tokenFor(f.owner) : undefined;
  return api.request(method, url, { ...(raw !== undefined ? { raw } : {}), ...(token ? { token } : {}), headers, ...(contentType ? { contentType } : {}) });
}

describe('every route answers its common refusals as the document says', () => {
  it('the document has routes, and every error answer is application/json with the error schema', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(20);
    for (const { method, path, op } of ops) {
      for (const [status, entry] of Object.entries(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        expect(Object.keys(entry.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/json']);
        expect(entry.content?.['application/json']?.schema, `${method} ${path} ${status}`).toMatchObject({ required: ['error'] });
      }
    }
  });

  it('no token (Bearer routes): 401 with WWW-Authenticate, as documented', async () => {
    for (const { method, path, url, op } of operations().filter((o) => bearer(o.op))) {
      const res = await api.request(method, url);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer /);
      expect(Object.keys(op.responses['401']?.headers ?? {}), `${method} ${path}`).toContain('WWW-Authenticate');
      expectDocumented(`${method} ${path} without a token`, op, res);
    }
  });

  it.each([
    ['broken JSON', '{"a":', undefined, 400],
    ['an array for a body', '[]', undefined, 400],
    ['text instead of JSON', 'hello', 'text/plain', 415],
    ['JSON in Latin-1', '{}', 'application/json; charset=iso-8859-1', 415],
  ])('%s on every POST and DELETE: the refusal is documented', async (what, raw, contentType, status) => {
    for (const { method, path, url, op } of operations().filter((o) => o.method !== 'GET')) {
      const res = await send(method, url, op, raw, contentType);
      expect(res.status, `${what}: ${method} ${path}: ${res.text}`).toBe(status);
      expectDocumented(`${what}: ${method} ${path}`, op, res);
    }
  });

  it('an unknown id, and a body where none is taken: documented', async () => {
    for (const { method, path, url, op } of operations().filter((o) => o.path.includes('{id}'))) {
      const res = await send(method, url, op, method === 'GET' ? undefined : JSON.stringify({ family_id: f.familyId, reason: 'x' }));
      expect(res.status, `${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expectDocumented(`unknown id: ${method} ${path}`, op, res);
    }
    for (const { method, path, url, op } of operations().filter((o) => o.method !== 'GET' && o.op.requestBody === undefined)) {
      const res = await send(method, url, op, '{"unexpected":true}');
      expect(res.status, `${method} ${path}`).toBe(400);
      expectDocumented(`a body where none is taken: ${method} ${path}`, op, res);
    }
  });
});

describe('answers that carry headers a client reads are documented with them', () => {
  const opOf = (method: string, path: string): Operation => {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${method} ${path} is not in the document`);
    return op;
  };

  it('Retry-After only where the server sends it: on a 429 of a route that limits, and on 503; never on other 4XX/5XX', () => {
    for (const { method, path, op } of operations()) {
      for (const [status, entry] of Object.entries(op.responses)) {
        const documented = Object.keys(entry.headers ?? {}).includes('Retry-After');
        expect(documented, `${method} ${path} ${status}`).toBe(status === '429' || status === '503');
      }
      // Any route may be refused while the server stops (503 shutting_down).
      expect(op.responses['503'], `${method} ${path}`).toBeDefined();
    }
    for (const [method, path] of [
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/register'],
      ['post', '/api/v1/auth/refresh'],
      ['get', '/api/v1/reports/monthly/chart.png'],
      ['get', '/api/v1/transactions/export.csv'],
    ] as const) {
      expect(Object.keys(opOf(method, path).responses['429']?.headers ?? {}), `${method} ${path}`).toContain('Retry-After');
    }
    // A route with no limit of any kind never answers 429.
    expect(opOf('get', '/api/v1/wallets').responses['429']).toBeUndefined();
  });

  it('a replayed answer (Idempotent-Replayed)', async () => {
    const token = await api.tokenFor(f.owner);
    const body = { name: 'Contract home', base_currency: 'EUR' };
    const first = await api.request('POST', '/api/v1/families', { token, body, headers: { 'idempotency-key': 'contract-1' } });
    const again = await api.request('POST', '/api/v1/families', { token, body, headers: { 'idempotency-key': 'contract-1' } });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expectDocumented('replayed POST /families', opOf('post', '/api/v1/families'), again);
  });

  it('a rate-limited route (X-RateLimit-*), its success and its 429 (Retry-After)', async () => {
    const limited = await startApi({ rateLimits: { login: { max: 1, timeWindowMs: 60_000 } } });
    try {
      const op = opOf('post', '/api/v1/auth/login');
      const first = await limited.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'not the password' } });
      expect(first.headers.get('x-ratelimit-limit')).toBe('1');
      expectDocumented('login', op, first);
      const refused = await limited.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'not the password' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expectDocumented('login over the limit', op, refused);
    } finally {
      await limited.close();
    }
  });

  it('the export (Content-Disposition)', async () => {
    const res = await api.request('GET', `/api/v1/transactions/export.csv?family_id=${f.familyId}`, { token: await api.tokenFor(f.owner) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="transactions-/);
    expectDocumented('export', opOf('get', '/api/v1/transactions/export.csv'), res);
  });
});
