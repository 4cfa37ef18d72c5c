// How the bot and the jobs reach the Bot API over HTTP: Node's own http and
// https modules with keep-alive agents, behind grammY's documented
// `client.fetch` option. grammY's default on Node is node-fetch over the same
// modules; its Request, Headers and body streams were ~9 % of the CPU of a
// quick entry under the bot's webhook load. grammY needs a small part of
// fetch: it passes a method, headers, a JSON string (or, for an upload, a
// stream of multipart form data) and an abort signal (its timeout and the
// caller's), and reads only the answer's json(); a Telegram error is JSON too.
// (Measured and left: Node's global fetch cost twice node-fetch's CPU; undici's
// request() saved about as much as this, but it loads in ~100 ms and ~10 MB,
// which the start-up and idle-memory targets have no room for.)
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import type { ApiClientOptions } from 'grammy';

/** Bot API methods the process calls (a few dozen at most); past this the parsed URLs are dropped and parsed again. */
const MAX_TARGETS = 128;

type TelegramFetch = NonNullable<ApiClientOptions['fetch']>;
type FetchInit = {
  method?: string;
  headers?: Record<string, string>;
  /** A JSON string, or a Node stream of multipart form data (grammY's itrToStream) for an upload. */
  body?: string | Readable | null;
  signal?: AbortSignal | null;
};

function bodyOf(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/**
 * A `fetch` for grammY's client options (`new Bot(token, { client: { fetch } })`,
 * `new Api(token, { fetch })`) over keep-alive agents of its own. Idle
 * connections never keep the process alive.
 */
export function telegramFetch(): TelegramFetch {
  const http = new HttpAgent({ keepAlive: true });
  const https = new HttpsAgent({ keepAlive: true });
  // grammY asks for one URL per Bot API method: each is parsed once into the
  // request options Node would make of it (urlToHttpOptions), not on every call.
  const targets = new Map<string, ReturnType<typeof urlToHttpOptions>>();
  const targetOf = (url: string | URL) => {
    const href = typeof url === 'string' ? url : url.href;
    let target = targets.get(href);
    if (target === undefined) {
      if (targets.size >= MAX_TARGETS) targets.clear();
      target = urlToHttpOptions(new URL(href));
      targets.set(href, target);
    }
    return target;
  };
  const call = (url: string | URL, init: FetchInit = {}) =>
    new Promise<{ json(): Promise<unknown> }>((resolve, reject) => {
      const target = targetOf(url);
      const secure = target.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(
        { ...target, method: init.method ?? 'GET', headers: init.headers, agent: secure ? https : http, signal: init.signal ?? undefined },
        (res) => {
          const text = bodyOf(res);
          text.catch(() => undefined); // read by json(), if grammY asks
          resolve({ json: () => text.then((t) => JSON.parse(t) as unknown) });
        },
      );
      req.on('error', reject);
      const body = init.body;
      if (body === undefined || body === null || typeof body === 'string') req.end(body ?? undefined);
      else body.on('error', (err) => req.destroy(err)).pipe(req);
    });
  return call as unknown as TelegramFetch;
}
