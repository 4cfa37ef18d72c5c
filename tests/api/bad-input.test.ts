// Malformed requests get a clear 4xx in the one error shape, and leave the
// database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertExactNumbers } from '../../src/api/exact-json.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let token: string;

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_000);
  token = await api.tokenFor(f.owner);
});
afterAll(async () => {
  await api.close();
});

const expense = (amount: string) => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":${amount}}`;

type Case = [name: string, raw: () => string, status: number, code: string, field?: string, contentType?: string];
const cases: Case[] = [
  ['amount -5', () => expense('-5'), 400, 'validation', 'amount'],
  ['amount "-5"', () => expense('"-5"'), 400, 'validation', 'amount'],
  ['amount 0', () => expense('0'), 400, 'validation', 'amount'],
  ['amount "0.00"', () => expense('"0.00"'), 400, 'validation', 'amount'],
  ['amount "abc"', () => expense('"abc"'), 400, 'validation', 'amount'],
  ['amount 1e309 (infinite)', () => expense('1e309'), 400, 'validation', 'amount'],
  ['amount 1e2 as a string', () => expense('"1e2"'), 400, 'validation', 'amount'],
  ['amount 12.345 in USD', () => expense('12.345'), 400, 'validation', 'amount'],
  ['amount "12.345" in USD', () => expense('"12.345"'), 400, 'validation', 'amount'],
  ['amount 2^63', () => expense('9223372036854775808'), 400, 'validation', 'amount'],
  // JSON.parse would round these silently (to 10, to 12.34, to 0.1, to 2^53): refused from the raw text.
  ['amount 10.000000000000001 (parses as 10)', () => expense('10.000000000000001'), 400, 'validation', 'amount'],
  ['amount 12.3400000000000001 (parses as 12.34)', () => expense('12.3400000000000001'), 400, 'validation', 'amount'],
  ['amount 0.1000000000000000055511151231257827 (the double nearest 0.1)', () => expense('0.1000000000000000055511151231257827'), 400, 'validation', 'amount'],
  ['amount 9007199254740993 (parses as 2^53)', () => expense('9007199254740993'), 400, 'validation', 'amount'],
  ['amount 1.005 in USD (three decimals)', () => expense('1.005'), 400, 'validation', 'amount'],
  ['family_id 9007199254740993 (parses as another id)', () => `{"family_id":9007199254740993,"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['amount "2^63" as a string', () => expense('"9223372036854775808"'), 400, 'validation', 'amount'],
  ['amount "1,50" (a comma)', () => expense('"1,50"'), 400, 'validation', 'amount'],
  ['amount true', () => expense('true'), 400, 'validation', 'amount'],
  ['amount null', () => expense('null'), 400, 'validation', 'amount'],
  ['amount []', () => expense('[]'), 400, 'validation', 'amount'],
  ['missing amount', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId}}`, 400, 'validation', 'amount'],
  ['missing family_id', () => `{"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['missing both wallets', () => `{"family_id":${f.familyId},"amount":5}`, 400, 'validation', 'from_wallet_id'],
  ['an unknown field', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"status":"executed"}`, 400, 'validation', 'status'],
  ['family_id as a string', () => `{"family_id":"${f.familyId}","from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['family_id true', () => `{"family_id":true,"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['family_id 1.5', () => `{"family_id":1.5,"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['family_id 2^63', () => `{"family_id":9223372036854775808,"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['from_wallet_id "x"', () => `{"family_id":${f.familyId},"from_wallet_id":"x","amount":5}`, 400, 'validation', 'from_wallet_id'],
  ['description 123', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"description":123}`, 400, 'validation', 'description'],
  ['a description of 501 characters', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"description":"${'x'.repeat(501)}"}`, 400, 'validation', 'description'],
  ['a description with a lone surrogate (not Unicode)', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"description":"tea \\ud800"}`, 400, 'validation', 'description'],
  ['a description of 501 emoji (code points, as the core counts)', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"description":"${'😀'.repeat(501)}"}`, 400, 'validation', 'description'],
  ['a body that is an array', () => '[]', 400, 'validation', 'body'],
  ['a body that is null', () => 'null', 400, 'validation', 'body'],
  ['a body that is a number', () => '5', 400, 'validation', 'body'],
  ['invalid JSON', () => '{"family_id": ', 400, 'invalid_json'],
  // Last wins in JSON.parse (family A), the first elsewhere (family B): refused, not guessed.
  ['a key given twice (another family first)', () => `{"family_id":${f.familyId + 1000},"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5}`, 400, 'validation', 'family_id'],
  ['a key given twice, once escaped', () => `{"amount":5000,"family_id":${f.familyId},"from_wallet_id":${f.cashId},"\\u0061mount":5}`, 400, 'validation', 'amount'],
  ['JSON with a __proto__ key', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"__proto__":{"admin":true}}`, 400, 'invalid_json'],
  ['an oversize body (70 KB)', () => `{"family_id":${f.familyId},"from_wallet_id":${f.cashId},"amount":5,"description":"${'x'.repeat(70_000)}"}`, 413, 'payload_too_large'],
  ['form data instead of JSON', () => `family_id=${f.familyId}&amount=5`, 415, 'unsupported_media_type', undefined, 'application/x-www-form-urlencoded'],
  ['text instead of JSON', () => expense('5'), 415, 'unsupported_media_type', undefined, 'text/plain'],
];

describe('POST /api/v1/transactions with bad input', () => {
  it.each(cases)('%s: a clear 4xx, nothing changed', async (_name, raw, status, code, field, contentType) => {
    const before = snapshot(api);
    const res = await api.request('POST', '/api/v1/transactions', { token, raw: raw(), ...(contentType ? { contentType } : {}) });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String), ...(field ? { field } : {}), ...((res.body as { error?: { reason?: string } }).error?.reason ? { reason: expect.any(String) } : {}) } });
    expect(snapshot(api)).toEqual(before);
  });

  it.each([
    ['12.50', '12.50'],
    ['1.5e1', '15.00'],
    ['7', '7.00'],
    ['0.10', '0.10'],
  ])('a JSON number written exactly is taken as written: %s → %s', async (literal, stored) => {
    const res = await api.request('POST', '/api/v1/transactions', { token, raw: expense(literal) });
    expect(res.status).toBe(201);
    expect(res.body['amount']).toBe(stored);
  });

  it('an inexact number names what to do instead', async () => {
    const res = await api.request('POST', '/api/v1/transactions', { token, raw: expense('10.000000000000001') });
    expect(res.body['error']).toMatchObject({ reason: 'inexact_number', message: expect.stringContaining('"10.000000000000001"') });
  });

  it('a key given twice is refused on every JSON route, as duplicate_key, nothing changed', async () => {
    const before = snapshot(api);
    const twice = [
      ['POST', '/api/v1/families', '{"name":"Home","name":"Other","base_currency":"USD"}', 'name'],
      ['POST', `/api/v1/wallets/${f.cashId}/archive`, `{"family_id":${f.familyId},"family_id":${f.familyId}}`, 'family_id'],
      ['POST', '/api/v1/auth/login', '{"email":"a@example.com","password":"x","email":"b@example.com"}', 'email'],
      ['DELETE', '/api/v1/transactions/1', '{"reason":"a","reason":"b"}', 'reason'],
    ] as const;
    for (const [method, path, raw, field] of twice) {
      const res = await api.request(method, path, { token, raw });
      expect(res.status, path).toBe(400);
      expect(res.body['error'], path).toMatchObject({ code: 'validation', field, reason: 'duplicate_key' });
    }
    expect(snapshot(api)).toEqual(before);
  });

  it('the same key in two different objects is not a duplicate', () => {
    expect(() => assertExactNumbers('{"a":{"id":1},"b":{"id":1},"c":[{"id":1},{"id":2}],"id":"{\\"id\\":1}"}')).not.toThrow();
    expect(() => assertExactNumbers('{"a":{"id":1,"id":2}}')).toThrow(/id is given twice/);
  });

  it('integers are exact up to 2^53 and refused beyond it, at every length and sign', () => {
    for (const exact of ['0', '-0', '7', '-7', '999999999999999', '-999999999999999', '9007199254740992', '-9007199254740992', '1000000000000000000000', '1e21', '12.50']) {
      expect(() => assertExactNumbers(`{"a":${exact},"b":[${exact}]}`), exact).not.toThrow();
    }
    for (const inexact of ['9007199254740993', '-9007199254740993', '12345678901234567891', '1e400', '0.30000000000000001']) {
      expect(() => assertExactNumbers(`{"a":1,"b":${inexact}}`), inexact).toThrow(/b is .* cannot hold exactly/);
    }
  });

  it('an empty body says which field is missing', async () => {
    const res = await api.request('POST', '/api/v1/transactions', { token, raw: '' });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field: 'family_id' });
  });
});

describe('bad ids in paths and queries', () => {
  it.each([
    ['GET', '/api/v1/transactions/abc', 'id'],
    ['GET', '/api/v1/transactions/0', 'id'],
    ['GET', '/api/v1/transactions/-1', 'id'],
    ['GET', '/api/v1/transactions/99999999999999999999', 'id'],
    ['POST', '/api/v1/transactions/1.5/confirm', 'id'],
    ['GET', '/api/v1/transactions?family_id=1&limit=0', 'limit'],
    ['GET', '/api/v1/transactions?family_id=1&limit=1000', 'limit'],
    ['GET', '/api/v1/transactions?family_id=1&status=done', 'status'],
    ['GET', '/api/v1/transactions?family_id=1&sort=amount', 'sort'],
    // Impossible or loosely written dates are refused, never rolled over (2026-02-30 is not 2 March).
    ['GET', '/api/v1/transactions?family_id=1&from=2026-02-30', 'from'],
    ['GET', '/api/v1/transactions?family_id=1&to=2026-02-29', 'to'],
    ['GET', '/api/v1/transactions?family_id=1&from=2026-04-31T00:00:00Z', 'from'],
    ['GET', '/api/v1/transactions?family_id=1&from=2026-11-01T24:00:00Z', 'from'],
    ['GET', `/api/v1/transactions?family_id=1&from=${encodeURIComponent('Nov 1 2026')}`, 'from'],
    ['GET', `/api/v1/transactions?family_id=1&from=${encodeURIComponent('2026-11-01 10:00')}`, 'from'],
  ])('%s %s → 400 naming %s', async (method, path, field) => {
    const res = await api.request(method, path, { token });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field });
  });

  it('an unknown transaction id is 404', async () => {
    const res = await api.request('GET', '/api/v1/transactions/999999', { token });
    expect(res.status).toBe(404);
    expect(res.body['error']).toMatchObject({ code: 'not_found' });
  });
});

describe('a JSON body is UTF-8, strictly', () => {
  /** POSTs raw bytes (fetch would encode a string as UTF-8 itself). */
  const postBytes = async (bytes: Buffer, contentType = 'application/json') => {
    const res = await fetch(`${api.url}/api/v1/families`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: bytes });
    return { status: res.status, body: (await res.json()) as { error?: Record<string, unknown> } };
  };
  // {"name":"Café","base_currency":"EUR"} with é as Latin-1 (0xE9), and other byte sequences UTF-8 forbids.
  it.each([
    ['a Latin-1 é', Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xe9]), Buffer.from('","base_currency":"EUR"}')])],
    ['an overlong encoding of "/"', Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('","base_currency":"EUR"}')])],
    ['an encoded surrogate (CESU-8)', Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","base_currency":"EUR"}')])],
    ['a sequence cut short at the end', Buffer.concat([Buffer.from('{"name":"a","base_currency":"EUR"}'), Buffer.from([0xe2, 0x82])])],
  ])('%s: 400 invalid_json (reason invalid_utf8), nothing created', async (_what, bytes) => {
    const before = snapshot(api);
    const res = await postBytes(bytes);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: expect.any(String), reason: 'invalid_utf8' } });
    expect(snapshot(api)).toEqual(before);
  });

  it.each(['application/json; charset=iso-8859-1', 'application/json;charset="windows-1251"', 'application/json; charset=utf-16'])(
    'Content-Type %s: 415 (reason unsupported_charset), nothing created',
    async (contentType) => {
      const before = snapshot(api);
      const res = await postBytes(Buffer.from('{"name":"Home","base_currency":"EUR"}'), contentType);
      expect(res.status).toBe(415);
      expect(res.body).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String), reason: 'unsupported_charset' } });
      expect(snapshot(api)).toEqual(before);
    },
  );

  it.each(['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json'])('Content-Type %s with UTF-8 text is read as sent', async (contentType) => {
    const res = await postBytes(Buffer.from('{"name":"Café 🏠","base_currency":"EUR"}'), contentType);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Café 🏠' });
  });
});

describe('a request that takes no input refuses a body', () => {
  /** Every POST and DELETE the OpenAPI document shows without a request body, with a path id filled in. */
  const bodyless = async (): Promise<Array<[string, string]>> => {
    const doc = (await api.request<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/docs/json')).body;
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => (method === 'post' || method === 'delete') && op.requestBody === undefined)
        .map(([method]) => [method.toUpperCase(), path.replace('{id}', '999999')] as [string, string]),
    );
  };

  it('the document has such routes (logout, confirm)', async () => {
    expect((await bodyless()).map(([m, p]) => `${m} ${p}`)).toEqual(expect.arrayContaining(['POST /api/v1/auth/logout', 'POST /api/v1/transactions/999999/confirm']));
  });

  it.each([
    ['an object with a field', '{"reason":"Not this month"}', 'reason'],
    ['an array', '[]', 'body'],
    ['a string', '"yes"', 'body'],
    ['null', 'null', 'body'],
  ])('%s: 400 validation (reason unexpected_body) on every one, nothing changed', async (_what, raw, field) => {
    for (const [method, path] of await bodyless()) {
      const fresh = await api.tokenFor(f.owner);
      const before = snapshot(api);
      const res = await api.request(method, path, { token: fresh, raw });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body, `${method} ${path}`).toEqual({ error: { code: 'validation', message: expect.any(String), field, reason: 'unexpected_body' } });
      expect(snapshot(api), `${method} ${path}`).toEqual(before);
    }
  });

  it('no body and {} are still taken', async () => {
    const fresh = await api.tokenFor(f.owner);
    expect((await api.request('POST', '/api/v1/transactions/999999/confirm', { token: fresh, raw: '{}' })).status).toBe(404);
    expect((await api.request('POST', '/api/v1/transactions/999999/confirm', { token: fresh })).status).toBe(404);
    expect((await api.request('POST', '/api/v1/auth/logout', { token: fresh, raw: '{}' })).status).toBe(204);
    expect((await api.request('POST', '/api/v1/auth/logout', { token: await api.tokenFor(f.owner) })).status).toBe(204);
  });
});

describe("Fastify's own refusals have the documented error shape", () => {
  const shape = (code: string) => ({ error: { code, message: expect.any(String) } });

  it.each([
    ['an unknown endpoint', 'GET', '/api/v1/nothing-here', 404, 'not_found'],
    ['a broken %-escape in the path', 'GET', '/api/v1/transactions/%E0%A4%A', 400, 'bad_request'],
    ['a URL over the header size limit', 'GET', `/api/v1/transactions/${'a'.repeat(100_000)}`, 431, 'headers_too_large'],
  ])('%s → %i %s', async (_what, method, path, status, code) => {
    const res = await api.request(method, path, { token });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual(shape(code));
  });

  it.each([
    ['DELETE', '/api/v1/wallets', 'GET, HEAD, POST'],
    ['PUT', '/health', 'GET, HEAD'],
    ['PUT', '/api/v1/transactions', 'GET, HEAD, POST'],
    ['PATCH', '/api/v1/transactions/12', 'DELETE, GET, HEAD'],
    ['GET', '/api/v1/wallets/12/archive', 'POST'],
  ])('a known path with a method it does not have (%s %s) → 405 method_not_allowed, Allow: %s', async (method, path, allow) => {
    const res = await api.request(method, `${path}?family_id=1`, { token });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({ error: { code: 'method_not_allowed', message: `${method} is not allowed on ${path}; allowed: ${allow}` } });
  });

  it('the OpenAPI document names the 405 and its code', async () => {
    const doc = await api.request<{ info: { description: string } }>('GET', '/docs/json');
    expect(doc.body.info.description).toContain('405 method_not_allowed');
  });

  it('an unknown path is still 404 whatever the method; so is a missing file under a known prefix', async () => {
    for (const [method, path] of [['DELETE', '/api/v1/nothing-here'], ['PUT', '/api/v1/wallets/12/nothing'], ['POST', '/nope'], ['GET', '/docs/static/nothing.js']] as const) {
      const res = await api.request(method, path, { token });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
      expect(res.body).toEqual(shape('not_found'));
    }
  });

  it('garbage instead of HTTP gets 400 in the shape', async () => {
    const { connect } = await import('node:net');
    const port = Number(new URL(api.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('HELLO\r\n\r\n'));
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(shape('bad_request'));
  });
});

describe('text fields follow the one text rule of the core', () => {
  it('a description keeps its words and loses control and direction characters; 500 emoji fit both the schema and the core', async () => {
    const res = await api.request('POST', '/api/v1/transactions', {
      token,
      body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00', description: 'Tea\u202E for \u0007two' },
    });
    expect(res.status).toBe(201);
    const stored = await api.request('GET', `/api/v1/transactions/${res.body['id'] as number}`, { token });
    expect(stored.body['description']).toBe('Tea for two');
    const emoji = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00', description: '😀'.repeat(500) } });
    expect(emoji.status).toBe(201);
  });

  it.each([
    // JSON escapes, as a client would send them.
    ['a right-to-left override', 'Ann\\u202Egnp'],
    ['an escape sequence', '\\u001b[31mAnn'],
    ['a lone surrogate', 'Ann\\ud800'],
  ])('a name with %s is refused at registration and nothing is created', async (_what, name) => {
    const before = snapshot(api);
    const res = await api.request('POST', '/api/v1/auth/register', { raw: `{"email":"new-${Date.now()}@example.com","password":"correct horse battery","name":"${name}"}` });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field: 'name', reason: expect.stringMatching(/^(unsafe_characters|invalid_unicode)$/) });
    expect(snapshot(api)).toEqual(before);
  });
});
