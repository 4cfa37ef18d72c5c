// Deep scrubbing of log arguments, on top of pino's path redaction (which only
// sees fixed paths). Whatever reaches a log call — an error that carries the
// request, a raw HTTP packet, a nested body, a message string with a bearer
// token in it — leaves with secrets replaced, at every level up to trace.
// init_data: the Mini App's signed initData logs a person in for MINIAPP_AUTH_MAX_AGE_SECONDS.
const SECRET_KEY = /pass(word|phrase)?$|passwd|token|secret|authori[sz]ation|cookie|signature|ticket|api[-_]?key|^x-signature$|credential|private[-_]?key|^sig$|init[-_]?data/i;
/** Error codes worth keeping under a `code` key: domain (validation), Node/Fastify (ERR_X, FST_ERR_X), errno (ECONNRESET), HTTP numbers. */
const SAFE_CODE = /^(?:[a-z][a-z_]*|[A-Z0-9]*_[A-Z0-9_]+|E[A-Z]{3,}|\d{1,3})$/;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
// Any key ending in one of these words (refresh_token, refreshToken, botToken, x-api-key…), or `code`, then its
// value: up to the closing quote when quoted (a password may hold spaces), else up to a separator.
const KEY_VALUE = /\b([\w-]*(?:password|passwd|passphrase|token|ticket|secret|signature|api[-_]?key|init[-_]?data)|code)(["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|[^"'&\s,}]{4,})/gi;
// A Telegram bot token (<bot id>:<35 characters>), bare or in a Bot API URL (…/bot<token>/getMe): grammY's
// HttpError carries the fetch error, whose message is the request's URL.
const BOT_TOKEN = /\d{3,}:[A-Za-z0-9_-]{30,}/g;
// The password of a URL's user info (redis://:pass@host, https://user:pass@proxy).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/@]+@/gi;
const MAX_DEPTH = 8;
export const REDACTED = '[redacted]';

export function scrubString(s: string): string {
  return s
    .replace(JWT, '[redacted jwt]')
    .replace(BOT_TOKEN, '[redacted bot token]')
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(BEARER, '$1 [redacted]')
    .replace(KEY_VALUE, (whole, key: string, sep: string) => {
      const quote = whole.slice(key.length + sep.length)[0];
      return quote === '"' || quote === "'" ? `${key}${sep}${quote}${REDACTED}${quote}` : `${key}${sep}${REDACTED}`;
    });
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  seen.add(value);
  // A raw request packet (Node's parse errors carry one) or any other bytes: never printed.
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Error) {
    // Still an Error (of a class with the same name), so pino's err serializer keeps its type and stack.
    const Named = { [value.name]: class extends Error {} }[value.name] ?? Error;
    const copy = new Named(scrubString(value.message)) as Error & Record<string, unknown>;
    copy.stack = value.stack ? scrubString(value.stack) : '';
    for (const [k, v] of Object.entries(value)) copy[k] = scrubEntry(k, v, depth, seen);
    if (value.cause !== undefined) copy.cause = scrub(value.cause, depth + 1, seen);
    return copy;
  }
  if (!isPlain(value)) {
    // A request, socket, response…: what a log needs of it, never its headers' secrets or body.
    const o = value as Record<string, unknown>;
    if (typeof o['method'] === 'string' && typeof o['url'] === 'string') {
      return { method: o['method'], url: (o['url']).split('?')[0], headers: scrub(o['headers'], depth + 1, seen) };
    }
    if (value instanceof Map) return scrub(Object.fromEntries(value), depth, seen);
    if (value instanceof Date) return value;
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return `[${name}]`;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubEntry(k, v, depth, seen);
  return out;
}

function scrubEntry(key: string, v: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (key === 'rawPacket') return v instanceof Uint8Array ? `[${v.byteLength} bytes]` : REDACTED;
  if (SECRET_KEY.test(key)) return v === undefined || v === null ? v : REDACTED;
  if (key === 'code' && typeof v === 'string' && !SAFE_CODE.test(v)) return REDACTED;
  // A query string can carry a code (/bind?code=…): URLs are logged without it.
  if ((key === 'url' || key === 'originalUrl') && typeof v === 'string') return v.split('?')[0];
  return scrub(v, depth + 1, seen);
}
