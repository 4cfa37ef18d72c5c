// A request that stops arriving (its headers or its body trickled, or never
// finished) is answered 408 in the API's error shape and its connection
// closed, so half-sent requests cannot pile up until the server runs out of
// sockets. Node's own request timeout does it; the deadline and its check are
// shortened here (the server's own: 30 s, checked every 5 s).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ requestTimeout: { ms: 300, checkEveryMs: 50 } });
});
afterAll(async () => {
  await api.close();
});

/** Sends `head` and then nothing more; resolves with what the server answered once it closed the connection. */
function stall(head: string, port = Number(new URL(api.url).port)): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const shape = { error: { code: 'timeout', message: 'The request took too long to arrive' } };
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

describe('a request that stops arriving', () => {
  it('on the API: 408 in the error shape, the connection closed, nothing written', async () => {
    const before = snapshot(api);
    const answer = await stall('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer)).toEqual(shape);
    expect(snapshot(api)).toEqual(before);
  }, 10_000);

  it('on the /bind form as well', async () => {
    const answer = await stall('POST /bind HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncode=AB');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 10_000);

  it('headers that stop arriving (slowloris): 408 in the error shape, the connection closed', async () => {
    const answer = await stall('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: applic');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer)).toEqual(shape);
  }, 10_000);

  // Everything the socket received until it closed: one answer, the early refusal, and the connection
  // closed with it (Connection: close), never a raw 408 after it once the owed body's deadline passes.
  it.each([
    ['no token (401)', 'POST /api/v1/transactions', 'Content-Type: application/json\r\n', 401],
    ['an invalid token (401)', 'POST /api/v1/transactions', 'Content-Type: application/json\r\nAuthorization: Bearer not-a-token\r\n', 401],
    ['a chunked body and no token (401)', 'POST /api/v1/families', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', 401],
    ['a body that is not JSON (415)', 'POST /api/v1/auth/refresh', 'Content-Type: text/plain\r\n', 415],
    ['a body over the limit (413)', 'POST /api/v1/auth/refresh', 'Content-Type: application/json\r\nContent-Length: 100000\r\n', 413],
  ])('a body still owed after an early refusal, %s: that answer alone, then the connection closed', async (_name, line, headers, status) => {
    const length = headers.includes('chunked') || headers.includes('Length') ? '' : 'Content-Length: 100\r\n';
    const answer = await stall(`${line} HTTP/1.1\r\nHost: x\r\n${headers}${length}\r\n${headers.includes('chunked') ? '5\r\n{"fam\r\n' : '{"family_id":'}`);
    expect(answer.match(/HTTP\/1\.1 \d+/g)).toEqual([`HTTP/1.1 ${status}`]);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).not.toContain('"timeout"');
  }, 10_000);

  it('a body still owed after a rate-limit refusal (429): that answer alone, then the connection closed', async () => {
    const limited = await startApi({ requestTimeout: { ms: 300, checkEveryMs: 50 }, rateLimits: { login: { max: 1, timeWindowMs: 60_000 } } });
    try {
      const head = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":';
      const port = Number(new URL(limited.url).port);
      await stall(head, port); // the one allowed: its body never ends, so the deadline answers it (408)
      const answer = await stall(head, port);
      expect(answer.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 429']);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    } finally {
      await limited.close();
    }
  }, 10_000);

  it('other requests are answered meanwhile', async () => {
    const stalled = stall('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    expect((await api.request('GET', '/health')).status).toBe(200);
    expect(await stalled).toMatch(/^HTTP\/1\.1 408 /);
  }, 10_000);

  it('a request answered in time leaves its kept-alive connection alone after the deadline, with a body or without one', async () => {
    const port = Number(new URL(api.url).port);
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => (closed = true));
    const answered = async (n: number) => {
      while ((text.match(/HTTP\/1\.1 /g) ?? []).length < n) await new Promise<void>((r) => socket.once('data', () => r()));
    };
    const login = JSON.stringify({ email: 'nobody@example.com', password: 'wrong password here' });
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${login.length}\r\n\r\n${login}`);
    await answered(1);
    // No body at all (a bare POST): nothing reads one, and still no deadline may remain.
    socket.write('POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(2);
    // The check is that nothing happens: give the deadline (300 ms) time to pass.
    await new Promise<void>((r) => setTimeout(r, 700));
    expect(closed).toBe(false);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered(3);
    expect(text).not.toContain(' 408 ');
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 401', 'HTTP/1.1 401', 'HTTP/1.1 200']);
    socket.destroy();
  }, 10_000);
});
