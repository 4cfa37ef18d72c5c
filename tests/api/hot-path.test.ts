// The API's hot path keeps its guarantees while it skips work: the verified-token
// cache never outlives a logout or a token's expiry, the batched access log is
// complete after a graceful stop, and with group commit every answered POST is
// already committed when its answer arrives.
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit, createTransaction, removeMember, revokeSession, startShortSession } from '../../src/domain/index.js';
import { createTokenService } from '../../src/api/tokens.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb } from '../support/db.js';
import { openDatabase } from '../../src/db/connection.js';
import { createAccessLogWriter } from '../../src/api/store/access-log.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const sessionOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

describe('verified-token cache', () => {
  it('a revoked session ends a token that was verified (and cached) a moment before', async () => {
    api = await startApi();
    const a = await api.account();
    for (let i = 0; i < 3; i++) expect((await api.request('GET', '/api/v1/families', { token: a.token })).status).toBe(200);
    revokeSession(api.db.deps, sessionOf(a.token), 'logout');
    const res = await api.request('GET', '/api/v1/families', { token: a.token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { reason: 'session_revoked' } });
  });

  it('a cached token still expires on time', async () => {
    api = await startApi();
    const a = await api.account();
    expect((await api.request('GET', '/api/v1/families', { token: a.token })).status).toBe(200);
    api.db.clock.advance(15 * 60 * 1000 + 1000);
    const res = await api.request('GET', '/api/v1/families', { token: a.token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { reason: 'token_expired' } });
  });
});

describe('read memo over HTTP', () => {
  it('a session that ends is refused at its end, though its row was kept', async () => {
    api = await startApi();
    const a = await api.account();
    const session = startShortSession(api.db.deps, a.userId, { expiresAt: api.db.clock() + 60_000, via: 'test' });
    const token = (await createTokenService(api.config.secrets.jwt, api.db.clock).issue(a.userId, session.sessionId)).token;
    for (let i = 0; i < 2; i++) expect((await api.request('GET', '/api/v1/families', { token })).status).toBe(200);
    api.db.clock.advance(61_000);
    const res = await api.request('GET', '/api/v1/families', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { reason: 'session_revoked' } });
  });

  it('a kept answer (its JSON text is kept) is sent as JSON, the same text each time, in the shape of the route’s schema', async () => {
    api = await startApi();
    const f = makeFamily(api.db.deps);
    fund(api.db.deps, f, f.cashId, 10_000);
    const token = await api.tokenFor(f.owner);
    for (const path of ['/api/v1/families', `/api/v1/wallets?family_id=${f.familyId}`, `/api/v1/categories?family_id=${f.familyId}`]) {
      const [first, again] = [await api.request('GET', path, { token }), await api.request('GET', path, { token })];
      for (const res of [first, again]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      expect(again.text).toBe(first.text);
    }
    const wallets = (await api.request<{ wallets: Array<Record<string, unknown>> }>('GET', `/api/v1/wallets?family_id=${f.familyId}`, { token })).body.wallets;
    // The response schema wrote it: the balance a decimal string, the wallet's columns not in the schema left out.
    expect(wallets.find((w) => w['id'] === f.cashId)).toMatchObject({ balance: '100.00', currency: 'USD' });
    for (const w of wallets) expect(w).not.toHaveProperty('balanceMinor');
  });

  it('wallets are read again after any write: another process posting an expense, a member removed', async () => {
    api = await startApi();
    const f = makeFamily(api.db.deps);
    fund(api.db.deps, f, f.cashId, 10_000);
    const [owner, member] = [await api.tokenFor(f.owner), await api.tokenFor(f.members.member)];
    const cash = async (token: string) => {
      const res = await api!.request<{ wallets: Array<{ id: number; balance: string }> }>('GET', `/api/v1/wallets?family_id=${f.familyId}`, { token });
      return res.status === 200 ? res.body.wallets.find((w) => w.id === f.cashId)?.balance : res.status;
    };
    for (const token of [owner, owner, member, member]) expect(await cash(token)).toBe('100.00');
    // Another process on the same file: its commit is seen by the next request.
    const other = openDatabase(api.db.path);
    try {
      createTransaction({ ...api.db.deps, db: other.db }, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 2_550, categoryId: f.expenseCategoryId });
    } finally {
      other.close();
    }
    expect(await cash(owner)).toBe('74.50');
    expect(await cash(member)).toBe('74.50');
    // A member removed sees the family no more, at once.
    removeMember(api.db.deps, f.owner, { familyId: f.familyId, userId: f.members.member });
    expect(await cash(member)).toBe(404);
    expect(await cash(owner)).toBe('74.50');
  });
});

describe('batched access log', () => {
  it('holds a row for every request answered before a graceful stop', async () => {
    api = await startApi();
    const n = 25;
    await Promise.all(Array.from({ length: n }, () => api!.request('GET', '/health')));
    const db = api.db;
    const count = () => (db.conn.sqlite.prepare("select count(*) as n from access_log where endpoint = '/health'").get() as { n: number }).n;
    // Still buffered (the writer flushes every ~100 ms): the stop must not lose them.
    await api.app.close();
    expect(count()).toBe(n);
    db.cleanup();
    api = undefined;
  });
});

describe('access log writer', () => {
  const row = (i: number) => ({ method: 'GET', endpoint: `/e/${i}`, statusCode: 200, userId: null, ipAddress: '127.0.0.1', durationMs: 1 });

  it('writes a batch of any size in 64-row statements, keeps the connection durable, and joins an open transaction', () => {
    const db = createTestDb();
    try {
      const full = openDatabase(db.path); // synchronous = FULL, as the app opens it
      const writer = createAccessLogWriter(full.db, { maxRows: 1_000_000, flushMs: 60_000 });
      const n = 64 * 3 + 5; // full statements and a remainder
      for (let i = 0; i < n; i++) writer.add(row(i), i);
      expect(writer.flush()).toBe(n);
      const rows = full.sqlite.prepare('select endpoint, created_at as at from access_log order by created_at').all() as Array<{ endpoint: string; at: number }>;
      expect(rows.map((r) => r.endpoint)).toEqual(Array.from({ length: n }, (_, i) => `/e/${i}`));
      // The batch's own commit skipped its fsync; the connection is FULL again for the books.
      expect(full.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      // Inside an open transaction (a group-commit batch) the rows are part of it: rolled back with it.
      full.sqlite.exec('BEGIN IMMEDIATE');
      writer.add(row(n), n);
      writer.flush();
      full.sqlite.exec('ROLLBACK');
      expect((full.sqlite.prepare('select count(*) as n from access_log').get() as { n: number }).n).toBe(n);
      writer.close();
      full.close();
    } finally {
      db.cleanup();
    }
  });
});

describe('group commit over HTTP', () => {
  it('answers each concurrent POST only once its transaction is committed, in shared batches', async () => {
    const db = createTestDb();
    const f = makeFamily(db.deps);
    fund(db.deps, f, f.cashId, 1_000_000);
    const commits = createGroupCommit(db.conn.sqlite);
    db.deps.commits = commits;
    api = await startApi({ db });
    const token = await api.tokenFor(f.owner);
    const reader = db.open();
    const committed = reader.sqlite.prepare('select count(*) as n from transactions where idempotency_key = ?');

    const n = 40;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await api!.request('POST', '/api/v1/transactions', {
          token,
          headers: { 'idempotency-key': `k-${i}` },
          body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00', category_id: f.expenseCategoryId },
        });
        expect(res.status).toBe(201);
        // Another connection sees it the moment the answer arrives: it was committed before.
        expect((committed.get(`client:${f.owner}:k-${i}`) as { n: number }).n).toBe(1);
      }),
    );
    const stats = commits.stats();
    expect(stats.members).toBeGreaterThanOrEqual(n);
    expect(stats.failures).toBe(0);
    await api.close();
    api = undefined;
    db.cleanup();
  });
});
