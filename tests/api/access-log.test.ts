// The access log's rows over real HTTP (route pattern, status, the caller, the
// address cut to 64 characters, the server's clock), and record() filling
// them without copying the row it is given: it runs once per request, and the
// copy ({ ...row, … }) was one more object per request for nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createAccessLog } from '../../src/api/plugins/access-log.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb } from '../support/db.js';
import { eventually, startApi, type TestApi } from './support.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

type Row = { method: string; endpoint: string; status_code: number; user_id: number | null; ip_address: string | null; created_at: number };

describe('access log', () => {
  it('keeps one row per answer: route pattern, status, caller, address (64 characters at most) and time', async () => {
    api = await startApi({ env: { TRUST_PROXY: 'true' } });
    const a = await api.account();
    const forwarded = `x${'1'.repeat(99)}`;
    expect((await api.request('GET', '/api/v1/families', { token: a.token, headers: { 'x-forwarded-for': forwarded } })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/transactions/12345?x=secret', { token: a.token })).status).toBe(404);
    expect((await api.request('DELETE', '/health')).status).toBe(405);
    // The account's login aside (its row may be written with these: rows are written in batches).
    const read = () =>
      api!.db.conn.sqlite
        .prepare("SELECT method, endpoint, status_code, user_id, ip_address, created_at FROM access_log WHERE endpoint <> '/api/v1/auth/login' ORDER BY id")
        .all() as Row[];
    const rows = await eventually(() => read().length >= 3 && read());
    const at = api.db.clock();
    expect(rows).toEqual([
      { method: 'GET', endpoint: '/api/v1/families', status_code: 200, user_id: a.userId, ip_address: forwarded.slice(0, 64), created_at: at },
      { method: 'GET', endpoint: '/api/v1/transactions/:id', status_code: 404, user_id: a.userId, ip_address: '127.0.0.1', created_at: at },
      { method: 'DELETE', endpoint: '/health', status_code: 405, user_id: null, ip_address: '127.0.0.1', created_at: at },
    ]);
  });

  it('record() reads the fields it stores and makes no copy of the row', () => {
    const db = createTestDb();
    try {
      const log = createAccessLog({ core: db.deps, log: createLogger({ level: 'silent' }), now: db.clock });
      const row = { method: 'GET', endpoint: '/health', statusCode: 200, userId: null, ipAddress: '127.0.0.1', durationMs: 3 };
      const traps: string[] = [];
      // A spread or Object.assign lists the row's keys (ownKeys); reading its fields does not.
      const watched = new Proxy(row, {
        ownKeys: (t) => (traps.push('ownKeys'), Reflect.ownKeys(t)),
        getOwnPropertyDescriptor: (t, k) => (traps.push('getOwnPropertyDescriptor'), Reflect.getOwnPropertyDescriptor(t, k)),
      });
      log.record(watched);
      log.close();
      expect(traps).toEqual([]);
      expect(db.conn.sqlite.prepare('SELECT method, endpoint, status_code, ip_address, duration_ms FROM access_log').all()).toEqual([
        { method: 'GET', endpoint: '/health', status_code: 200, ip_address: '127.0.0.1', duration_ms: 3 },
      ]);
    } finally {
      db.cleanup();
    }
  });
});
