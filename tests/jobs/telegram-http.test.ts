// The bot's and the jobs' HTTP client of the Bot API (src/runtime/telegram-http.ts),
// through grammY's own Api against a local server: JSON calls and their
// errors, an upload's multipart stream, kept-alive connections, an aborted
// call and an answer cut off halfway.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramFetch } from '../../src/runtime/telegram-http.js';

type Seen = { method: string; url: string; type: string; body: string };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A stand-in for Telegram: answers with `answer(seen)`; counts its connections. */
async function stand(answer: (seen: Seen) => { status?: number; json: unknown } | 'never' | 'cut') {
  const seen: Seen[] = [];
  let connections = 0;
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      const a = answer(s);
      if (a === 'never') return;
      if (a === 'cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"ok":true,"res');
        setImmediate(() => res.destroy());
        return;
      }
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(a.json));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, connections: () => connections, api: new Api('123:abc', { apiRoot, fetch: telegramFetch() }) };
}

describe("the Bot API's HTTP client", () => {
  it('posts JSON, reads the answer, and keeps its connections for the next calls', async () => {
    const t = await stand((s) => ({ json: { ok: true, result: { message_id: 7, date: 0, chat: { id: 5, type: 'private' }, text: JSON.parse(s.body).text } } }));
    const first = await t.api.sendMessage(5, 'hello');
    const second = await t.api.sendMessage(5, 'again');
    expect([first.text, second.text]).toEqual(['hello', 'again']);
    expect(t.seen[0]).toMatchObject({ method: 'POST', url: '/bot123:abc/sendMessage', type: 'application/json' });
    expect(JSON.parse(t.seen[0]!.body)).toEqual({ chat_id: 5, text: 'hello' });
    // Ten calls in a row: the pool opens a second connection while the first one's answer is read, then reuses them.
    for (let i = 0; i < 10; i++) await t.api.sendMessage(5, `call ${i}`);
    expect(t.connections()).toBeLessThanOrEqual(2);
  });

  it('sends every call to its own URL, past the number of URLs it keeps parsed (one per token and method)', async () => {
    const t = await stand((s) => ({ json: { ok: true, result: s.url } }));
    const fetch = telegramFetch();
    const apiRoot = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    // 150 tokens × 2 methods: more URLs than the client keeps parsed, each asked twice, in turns.
    const apis = Array.from({ length: 150 }, (_, i) => new Api(`123:t${i}`, { apiRoot, fetch }));
    for (let round = 0; round < 2; round++) {
      for (const [i, api] of apis.entries()) {
        expect(await api.raw.getMe()).toBe(`/bot123:t${i}/getMe`);
        expect(await api.raw.getMyName({})).toBe(`/bot123:t${i}/getMyName`);
      }
    }
    expect(t.seen).toHaveLength(600);
  });

  it("turns Telegram's error answer into grammY's error, with its code", async () => {
    const t = await stand(() => ({ status: 403, json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } }));
    const e = await t.api.sendMessage(5, 'hello').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GrammyError);
    expect((e as GrammyError).error_code).toBe(403);
  });

  it('uploads a file as a multipart stream', async () => {
    const t = await stand(() => ({ json: { ok: true, result: { message_id: 8, date: 0, chat: { id: 5, type: 'private' } } } }));
    await t.api.sendDocument(5, new InputFile(Buffer.from('date,amount\n2026-11-30,12.50\n'), 'export.csv'), { caption: 'November' });
    const sent = t.seen[0]!;
    expect(sent.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.body).toMatch(/content-disposition:form-data;name="\w+";filename=export\.csv/);
    expect(sent.body).toContain('date,amount\n2026-11-30,12.50\n');
    expect(sent.body).toContain('November');
  });

  it('gives up on a call that is aborted, as an HTTP error', async () => {
    const t = await stand(() => 'never');
    const abort = new AbortController();
    const call = t.api.sendMessage(5, "hello", undefined, abort.signal as Parameters<Api["sendMessage"]>[3]).catch((err: unknown) => err);
    while (t.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    expect(await call).toBeInstanceOf(HttpError);
  });

  it('fails a call whose answer is cut off halfway, as an HTTP error', async () => {
    const t = await stand(() => 'cut');
    expect(await t.api.sendMessage(5, 'hello').catch((err: unknown) => err)).toBeInstanceOf(HttpError);
  });
});
