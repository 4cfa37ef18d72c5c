// Signed requests: telegram/start always needs a signature; with
// REQUIRE_HMAC_VERIFICATION=true every mutating endpoint does.
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUser } from '../../src/domain/index.js';
import { hmacSignature } from '../../src/api/hmac-sign.js';
import { makeFamily } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const START = '/api/v1/auth/telegram/start';

async function start(body: string, headers: Record<string, string>) {
  return api.request('POST', START, { raw: body, headers });
}

describe('telegram/start', () => {
  it('answers a well-signed request with a one-time code', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 4242 });
    const res = await start(body, api.signed('POST', START, body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: expect.stringMatching(/^[A-Z2-9]{8}$/), expires_in: 600 });
    const row = api.db.conn.sqlite.prepare('select code_hash, chat_id from binding_codes').get() as { code_hash: string; chat_id: number };
    expect(row.chat_id).toBe(4242);
    expect(row.code_hash).not.toContain(res.body['code'] as string);
  });

  it('accepts a timestamp at the edge of the ±30 s window', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 1 });
    const now = Math.floor(api.db.clock() / 1000);
    expect((await start(body, api.signed('POST', START, body, { timestamp: now - 30 }))).status).toBe(200);
    expect((await start(body, api.signed('POST', START, body, { timestamp: now + 30 }))).status).toBe(200);
  });

  it.each([
    ['no signature at all', () => ({}), 'signature_missing'],
    ['a stale timestamp (31 s old)', (b: string) => api.signed('POST', START, b, { timestamp: Math.floor(api.db.clock() / 1000) - 31 }), 'stale_timestamp'],
    ['a timestamp 31 s in the future', (b: string) => api.signed('POST', START, b, { timestamp: Math.floor(api.db.clock() / 1000) + 31 }), 'future_timestamp'],
    ['a signature over another body', () => api.signed('POST', START, JSON.stringify({ chat_id: 999 })), 'bad_signature'],
    ['a signature over another path', (b: string) => api.signed('POST', '/api/v1/auth/telegram/confirm', b), 'bad_signature'],
    ['another method', (b: string) => api.signed('PUT', START, b), 'bad_signature'],
    ['a wrong secret', (b: string) => api.signed('POST', START, b, { secret: 'x'.repeat(40) }), 'bad_signature'],
    ['an unknown client', (b: string) => api.signed('POST', START, b, { clientId: 'mallory' }), 'unknown_client'],
    ['a timestamp that is not a number', (b: string) => ({ ...api.signed('POST', START, b), 'X-Timestamp': 'soon' }), 'bad_timestamp'],
    ['a signature that is not hex', (b: string) => ({ ...api.signed('POST', START, b), 'X-Signature': 'zz' }), 'bad_signature'],
  ])('refuses %s with 401 and changes nothing', async (_name, headersFor, reason) => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 4242 });
    const res = await start(body, headersFor(body));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String), reason } });
    expect(api.count('binding_codes')).toBe(0);
  });

  it('refuses a replayed request', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 4242 });
    const headers = api.signed('POST', START, body);
    expect((await start(body, headers)).status).toBe(200);
    const replay = await start(body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body['error']).toMatchObject({ reason: 'replayed' });
    expect(api.count('binding_codes')).toBe(1);
  });

  it('forgets seen signatures once their window has passed', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 4242 });
    expect((await start(body, api.signed('POST', START, body))).status).toBe(200);
    expect(api.count('hmac_replays')).toBe(1);
    api.db.clock.advance(2 * 60 * 1000);
    const later = JSON.stringify({ chat_id: 4243 });
    expect((await start(later, api.signed('POST', START, later))).status).toBe(200);
    expect(api.count('hmac_replays')).toBe(1);
  });

  it('is required even when REQUIRE_HMAC_VERIFICATION is off', async () => {
    api = await startApi({ env: { REQUIRE_HMAC_VERIFICATION: 'false' } });
    const res = await api.request('POST', START, { body: { chat_id: 1 } });
    expect(res.status).toBe(401);
  });

  it('signs the path with its query string', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 7 });
    const path = `${START}?via=bot`;
    expect((await api.request('POST', path, { raw: body, headers: api.signed('POST', path, body) })).status).toBe(200);
    expect((await api.request('POST', path, { raw: body, headers: api.signed('POST', START, body) })).status).toBe(401);
  });

  it('validates the body after the signature', async () => {
    api = await startApi();
    const body = JSON.stringify({ chat_id: 'seven' });
    const res = await start(body, api.signed('POST', START, body));
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field: 'chat_id' });
  });
});

describe('REQUIRE_HMAC_VERIFICATION=true', () => {
  it('needs a signature on mutating endpoints, not on reads', async () => {
    api = await startApi({ env: { REQUIRE_HMAC_VERIFICATION: 'true' } });
    const f = makeFamily(api.db.deps);
    // Log the owner in (itself a mutating request, so signed).
    await registerUser(api.db.deps, { email: 'signed@example.com', password: 'correct horse battery', name: 'S' });
    const loginBody = JSON.stringify({ email: 'signed@example.com', password: 'correct horse battery' });
    const unsignedLogin = await api.request('POST', '/api/v1/auth/login', { raw: loginBody });
    expect(unsignedLogin.status).toBe(401);
    const login = await api.request('POST', '/api/v1/auth/login', { raw: loginBody, headers: api.signed('POST', '/api/v1/auth/login', loginBody) });
    expect(login.status).toBe(200);
    const token = login.body['access_token'] as string;

    const families = await api.request('GET', '/api/v1/families', { token });
    expect(families.status).toBe(200);

    const body = JSON.stringify({ family_id: f.familyId, to_wallet_id: f.cashId, amount: '5.00' });
    const unsigned = await api.request('POST', '/api/v1/transactions', { raw: body, token });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body['error']).toMatchObject({ reason: 'signature_missing' });
    // A signed request from a non-member: the signature passes, then the core says "not found".
    const signed = await api.request('POST', '/api/v1/transactions', { raw: body, token, headers: api.signed('POST', '/api/v1/transactions', body) });
    expect(signed.status).toBe(404);
  });

  it('uses the documented message format', () => {
    // METHOD:PATH:TIMESTAMP:BODY_HASH, BODY_HASH = sha256("") for an empty body.
    const sig = hmacSignature('secret', 'post', '/x?y=1', 1700000000, '');
    const emptyHash = createHash('sha256').update('').digest('hex');
    expect(emptyHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sig).toBe(createHmac('sha256', 'secret').update(`POST:/x?y=1:1700000000:${emptyHash}`).digest('hex'));
  });
});
