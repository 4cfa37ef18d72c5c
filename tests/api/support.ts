// An API server over a fresh test database, listening on a random local port,
// and small helpers to call it over real HTTP: JSON requests, accounts with
// tokens, signed requests, row counts for "nothing changed" assertions.
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildServer, type RateLimits, type RequestTimeout } from '../../src/api/index.js';
import { signRequest } from '../../src/api/hmac-sign.js';
import { createTokenService } from '../../src/api/tokens.js';
import { startSession } from '../../src/domain/auth/sessions.js';
import { loadConfig, type Config } from '../../src/config.js';
import { registerUser } from '../../src/domain/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, type TestDb } from '../support/db.js';

export const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const HMAC_SECRET = 'test-hmac-secret-0123456789-abcdefghijklmno';
export const PASSWORD = 'correct horse battery';

/** Limits high enough that ordinary tests never meet them. */
const RELAXED: RateLimits = {
  login: { max: 10_000, timeWindowMs: 60_000 },
  passwords: { freePerAccount: 10_000, freePerAddress: 10_000, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 3_600_000, knownAddressMs: 3_600_000 },
  register: { max: 10_000, timeWindowMs: 60_000 },
  refresh: { max: 10_000, timeWindowMs: 60_000 },
  telegramConfirm: { max: 10_000, timeWindowMs: 60_000 },
  bindPage: { max: 10_000, timeWindowMs: 60_000 },
};

export type Reply<T = Record<string, unknown>> = { status: number; body: T; text: string; headers: Headers };
export type RequestOptions = { body?: unknown; raw?: string; token?: string; headers?: Record<string, string>; contentType?: string };
export type Account = { userId: number; email: string; token: string; refresh: string };

export type TestApi = {
  db: TestDb;
  app: FastifyInstance;
  config: Config;
  url: string;
  outboxWakes: number;
  request<T = Record<string, unknown>>(method: string, path: string, opts?: RequestOptions): Promise<Reply<T>>;
  /** An email account (made through the core) logged in over HTTP. */
  account(name?: string): Promise<Account>;
  login(email: string, password?: string): Promise<Reply>;
  /** An access token for any user (a bot-made one too), from a fresh session. */
  tokenFor(userId: number): Promise<string>;
  signed(method: string, path: string, body: string, opts?: { timestamp?: number; secret?: string; clientId?: string }): Record<string, string>;
  count(table: string): number;
  close(): Promise<void>;
};

let nextEmail = 1;

export async function startApi(
  opts: { env?: Record<string, string>; rateLimits?: Partial<RateLimits>; db?: TestDb; webappDir?: string; requestTimeout?: RequestTimeout } = {},
): Promise<TestApi> {
  const db = opts.db ?? createTestDb();
  const config = loadConfig({
    env: {
      NODE_ENV: 'test',
      DATABASE_PATH: db.path,
      JWT_SECRET_KEY: JWT_SECRET,
      HMAC_SECRET_KEY: HMAC_SECRET,
      LOG_LEVEL: 'silent',
      ...opts.env,
    },
    dotenvPath: false,
  });
  const log = createLogger({ level: 'silent' });
  let wakes = 0;
  // The core wakes the jobs after a write that queued outbox rows; the server's core deps count the wake-ups.
  const app = buildServer({
    core: { ...db.deps, onOutbox: () => void wakes++ },
    config,
    log,
    rateLimits: { ...RELAXED, ...opts.rateLimits },
    ...(opts.webappDir ? { webappDir: opts.webappDir } : {}),
    ...(opts.requestTimeout !== undefined ? { requestTimeout: opts.requestTimeout } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const api: TestApi = {
    db,
    app,
    config,
    url,
    get outboxWakes() {
      return wakes;
    },
    async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<Reply<T>> {
      const headers: Record<string, string> = { ...o.headers };
      let body: string | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined) headers['content-type'] ??= o.contentType ?? 'application/json';
      if (o.token) headers['authorization'] = `Bearer ${o.token}`;
      const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = {};
      }
      return { status: res.status, body: parsed as T, text, headers: res.headers };
    },
    login(email, password = PASSWORD) {
      return api.request('POST', '/api/v1/auth/login', { body: { email, password } });
    },
    async tokenFor(userId) {
      const session = startSession(db.deps, userId);
      return (await createTokenService(JWT_SECRET, db.clock).issue(userId, session.sessionId)).token;
    },
    async account(name = 'Web person') {
      const email = `person${nextEmail++}@example.com`;
      const user = await registerUser(db.deps, { email, password: PASSWORD, name });
      const res = await api.login(email);
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return { userId: user.id, email, token: res.body['access_token'] as string, refresh: res.body['refresh_token'] as string };
    },
    signed(method, path, body, o = {}) {
      return signRequest({
        clientId: o.clientId ?? 'telegram_bot',
        secret: o.secret ?? HMAC_SECRET,
        method,
        path,
        body,
        timestamp: o.timestamp ?? Math.floor(db.clock() / 1000),
      });
    },
    count(table) {
      return (db.conn.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    },
    async close() {
      await app.close();
      if (!opts.db) db.cleanup();
    },
  };
  return api;
}

/** Row counts of every table a write could touch: equal before and after means nothing changed. */
export function snapshot(api: TestApi): Record<string, number | string> {
  const tables = ['transactions', 'postings', 'outbox', 'event_log', 'idempotent_responses', 'users', 'sessions', 'telegram_identities', 'binding_codes'];
  const out: Record<string, number | string> = Object.fromEntries(tables.map((t) => [t, api.count(t)]));
  out['balances'] = JSON.stringify(api.db.deps.db.all(sql`select id, balance_minor from wallets order by id`));
  return out;
}

/** Waits (without sleeping blindly) until `check` holds, e.g. for a row written after the response. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise<void>((r) => setImmediate(r));
  }
}

/** The signed ticket the confirmation page carries in a hidden field. */
export function ticketIn(html: string): string {
  const m = /name="ticket" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no ticket on the page');
  return m[1] as string;
}

/** A client address, given through X-Forwarded-For (the server must trust one proxy hop: TRUST_PROXY=1). */
export const fromAddress = (address: string) => ({ 'x-forwarded-for': address });

/** POST /api/v1/auth/login from a client address. */
export const loginFrom = (api: TestApi, email: string, password: string, address = '198.51.100.1') =>
  api.request('POST', '/api/v1/auth/login', { body: { email, password }, headers: fromAddress(address) });

/** The /bind page's login form from a client address. */
export const bindLoginFrom = (api: TestApi, email: string, password: string, address = '198.51.100.1') =>
  api.request('POST', '/bind', {
    raw: new URLSearchParams({ code: 'ABCDEFGH', email, password }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    headers: fromAddress(address),
  });
