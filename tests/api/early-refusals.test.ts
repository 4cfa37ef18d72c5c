// Refusals made before Fastify's hooks run (a broken URL, Node's own 400, 408
// and 431, a missing Host, an Expect the server cannot meet) carry the same
// headers as every other answer (security headers, Cache-Control: no-store)
// and the API's one error shape, and each is a row in access_log as every
// other answer is. Sent over a raw socket: fetch would not send
// most of these requests.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseHeaders } from '../../src/api/plugins/security.js';
import { eventually, startApi, type TestApi } from './support.js';

let api: TestApi;

beforeAll(async () => {
  // A short request deadline for the 408 case (the server's own: 30 s).
  api = await startApi({ requestTimeout: { ms: 300, checkEveryMs: 50 } });
});
afterAll(async () => {
  await api.close();
});

type RawAnswer = { status: number; headers: Record<string, string>; body: unknown };

function parse(text: string): RawAnswer {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = text.slice(split + 4);
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? (JSON.parse(body) as unknown) : undefined };
}

/** Writes `request` and reads the first answer, until the server closes the connection or the answer is whole. */
function exchange(request: string): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    let text = '';
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1', () => socket.write(request));
    const done = () => resolve(parse(text));
    socket.on('data', (d) => {
      text += d.toString();
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && Buffer.byteLength(text.slice(split + 4)) >= Number(length[1])) {
        socket.destroy();
        done();
      }
    });
    socket.on('close', () => done());
    socket.on('error', reject);
  });
}

const expectHeadersOfEveryAnswer = (headers: Record<string, string>) => {
  for (const [name, value] of Object.entries(responseHeaders())) expect(headers[name], name).toBe(value);
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['content-type']).toMatch(/^application\/json/);
};

describe('refusals made before any hook run carry the headers and the shape of every answer', () => {
  it.each([
    ['a broken %-escape in the URL', 400, 'bad_request', 'GET /api/v1/transactions/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', undefined],
    ['headers over the size limit (431)', 431, 'headers_too_large', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`, undefined],
    ['garbage instead of HTTP', 400, 'bad_request', 'HELLO\r\n\r\n', undefined],
    ['a request that stops arriving (408)', 408, 'timeout', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"e', undefined],
    ['an HTTP/1.1 request without Host', 400, 'bad_request', 'GET /health HTTP/1.1\r\n\r\n', 'missing_host'],
    ['an Expect other than 100-continue', 417, 'bad_request', 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', 'unsupported_expectation'],
  ])('%s → %i %s', async (_what, status, code, request, reason) => {
    const answer = await exchange(request);
    expect(answer.status).toBe(status);
    expectHeadersOfEveryAnswer(answer.headers);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String), ...(reason ? { reason } : {}) } });
  }, 10_000);

  it('an HTTP/1.0 request without Host is still answered', async () => {
    const answer = await exchange('GET /health HTTP/1.0\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('an ordinary answer has the same headers (the one source)', async () => {
    const res = await api.request('GET', '/health');
    for (const [name, value] of Object.entries(responseHeaders())) expect(res.headers.get(name), name).toBe(value);
  });
});

describe('a request arriving while the server closes', () => {
  it('is refused in shape: 503 unavailable (reason shutting_down) with the headers of every answer, the connection closed', async () => {
    const closingApi = await startApi();
    const server = closingApi.app.server;
    let text = '';
    const socket = connect(Number(new URL(closingApi.url).port), '127.0.0.1');
    socket.on('data', (d) => (text += d.toString()));
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A request whose body has not all arrived keeps the connection busy while the server starts closing…
    const routed = new Promise<void>((resolve) => server.once('request', () => resolve()));
    socket.write('POST /api/v1/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
    await routed;
    const closed = closingApi.close();
    await eventually(() => !server.listening);
    // …then its body ends, and a second request follows on the same connection.
    socket.write('}GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await socketClosed;
    await closed;
    const second = text.indexOf('HTTP/1.1', 1);
    expect(second).toBeGreaterThan(0);
    const answer = parse(text.slice(second));
    expect(answer.status).toBe(503);
    expectHeadersOfEveryAnswer(answer.headers);
    expect(answer.headers['connection']).toBe('close');
    expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String), reason: 'shutting_down' } });
  });
});

type AccessRow = { method: string; endpoint: string; status_code: number; ip_address: string | null; user_id: number | null };
const accessRows = (from: TestApi, after: number) =>
  from.db.conn.sqlite.prepare('select method, endpoint, status_code, ip_address, user_id from access_log where id > ? order by id').all(after) as AccessRow[];
const lastAccessId = (from: TestApi) => (from.db.conn.sqlite.prepare('select coalesce(max(id), 0) as id from access_log').get() as { id: number }).id;

describe('every refusal made before any route is a row in access_log, as every other answer is', () => {
  it.each([
    ['a broken %-escape in the URL', 'GET /api/v1/transactions/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', { method: 'GET', endpoint: '/api/v1/transactions/%E0%A4%A', status_code: 400 }],
    ['headers over the size limit (431)', `GET /health?code=SECRET HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`, { method: 'GET', endpoint: '/health', status_code: 431 }],
    ['garbage instead of HTTP', 'HELLO\r\n\r\n', { method: '-', endpoint: '-', status_code: 400 }],
    ['a request that stops arriving (408)', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"e', { method: 'POST', endpoint: '/api/v1/auth/login', status_code: 408 }],
    ['an HTTP/1.1 request without Host', 'GET /health HTTP/1.1\r\n\r\n', { method: 'GET', endpoint: '/health', status_code: 400 }],
    ['an Expect other than 100-continue', 'GET /health?code=SECRET HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', { method: 'GET', endpoint: '/health', status_code: 417 }],
    ['a body over the size limit, refused from its Content-Length (413)', `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${70_000}\r\n\r\n{`, { method: 'POST', endpoint: '/api/v1/auth/login', status_code: 413 }],
    ['a body that is not JSON (415)', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi', { method: 'POST', endpoint: '/api/v1/auth/login', status_code: 415 }],
  ])('%s', async (_what, request, row) => {
    const before = lastAccessId(api);
    const answer = await exchange(request);
    expect(answer.status).toBe(row.status_code);
    const rows = await eventually(() => {
      const r = accessRows(api, before);
      return r.length > 0 ? r : undefined;
    });
    expect(rows).toEqual([expect.objectContaining({ ...row, ip_address: '127.0.0.1', user_id: null })]);
    expect(JSON.stringify(rows)).not.toContain('SECRET');
  }, 10_000);

  it('a 503 while the server closes is logged: the log writer is closed only after the last connection', async () => {
    const closingApi = await startApi();
    const server = closingApi.app.server;
    const before = lastAccessId(closingApi);
    let text = '';
    const socket = connect(Number(new URL(closingApi.url).port), '127.0.0.1');
    socket.on('data', (d) => (text += d.toString()));
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const routed = new Promise<void>((resolve) => server.once('request', () => resolve()));
    socket.write('POST /api/v1/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
    await routed;
    const closed = closingApi.app.close();
    await eventually(() => !server.listening);
    socket.write('}GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await socketClosed;
    await closed;
    expect(text).toContain('HTTP/1.1 503');
    expect(accessRows(closingApi, before).map((r) => [r.method, r.endpoint, r.status_code])).toEqual([
      ['POST', '/api/v1/auth/refresh', 400],
      ['GET', '/health', 503],
    ]);
    closingApi.db.cleanup();
  });
});
