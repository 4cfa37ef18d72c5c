// How the bot and the jobs reach the Bot API over HTTP: undici's request()
// (the HTTP client Node's own fetch is built on) behind grammY's documented
// `client.fetch` option. grammY's default on Node is node-fetch over
// node:http; under the bot's webhook load its request, header and stream
// objects were ~9 % of the CPU of a quick entry (0.78 → 0.71 ms per update in
// alternating runs), and Node's global fetch (undici behind the WHATWG Fetch
// layer) cost twice as much as node-fetch. grammY passes a JSON string, or a
// stream for an upload, with its abort signal (its timeout and the caller's),
// and reads only the answer's json(): a Telegram error is JSON too.
import type { ApiClientOptions } from 'grammy';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';

type TelegramFetch = NonNullable<ApiClientOptions['fetch']>;
type FetchInit = {
  method?: string;
  headers?: Record<string, string>;
  /** A JSON string, or a Node stream of multipart form data (grammY's itrToStream) for an upload. */
  body?: string | Readable | null;
  signal?: AbortSignal | null;
};

/**
 * A `fetch` for grammY's client options (`new Bot(token, { client: { fetch } })`,
 * `new Api(token, { fetch })`) over a keep-alive connection pool of its own.
 * Idle connections never keep the process alive.
 */
export function telegramFetch(): TelegramFetch {
  const dispatcher = new Agent();
  const call = async (url: string | URL, init: FetchInit = {}) => {
    const answer = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body ?? null,
      signal: init.signal ?? undefined,
      dispatcher,
    });
    return { json: () => answer.body.json() };
  };
  return call as unknown as TelegramFetch;
}
