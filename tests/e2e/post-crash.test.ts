// kill -9 in the middle of a burst of POST /api/v1/transactions, with group
// commit on (the app's default). Every request carries an Idempotency-Key; after
// a restart the client retries every request it got no answer to. Then: every
// acknowledged transaction exists exactly once with the id it was answered
// with, every request exists exactly once, every cached balance equals the sum
// of its postings, and SQLite's integrity_check passes. Run for the `api` role
// (COMMIT fsyncs the WAL) and the `all` role (the fsync on the thread pool,
// each answer held until it returned; see src/domain/group-commit.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenService } from '../../src/api/tokens.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { startSession } from '../../src/domain/auth/sessions.js';
import { createTransaction, type CoreDeps } from '../../src/domain/index.js';
import { makeFamily } from '../support/builders.js';
import { listeningPort } from '../support/net.js';

const REQUESTS = 1500;
const CONCURRENCY = 48;
/** Acknowledged answers before the kill: well inside the burst. */
const KILL_AFTER = 300;
const JWT = randomBytes(48).toString('base64');
const HMAC = randomBytes(48).toString('base64');

let dir: string | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await once(c, 'exit');
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Role = 'api' | 'all';

async function startApp(dbPath: string, role: Role): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_PATH: dbPath,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://finance.example.test',
      JWT_SECRET_KEY: JWT,
      HMAC_SECRET_KEY: HMAC,
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const port = await listeningPort(child, () => output);
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

describe.each<[Role, string]>([
  ['api', 'in-commit'],
  ['all', 'thread-pool'],
])('kill -9 during a burst of durable POSTs (group commit on, role %s)', (role, walSync) => {
  it('loses no acknowledged transaction and duplicates none after retries with the same keys', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-crash-'));
    const dbPath = join(dir, 'finance.db');
    // The data, made before the app starts, on the real clock (the app's tokens use it).
    const setup = openDatabase(dbPath);
    runMigrations(setup.db);
    const deps: CoreDeps = { db: setup.db, clock: Date.now };
    const f = makeFamily(deps);
    createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 1_000_000_000_00, categoryId: f.incomeCategoryId });
    const token = (await createTokenService(JWT, Date.now).issue(f.owner, startSession(deps, f.owner).sessionId)).token;
    setup.close();

    const bodyOf = (i: number) => JSON.stringify({ family_id: f.familyId, from_wallet_id: f.cashId, amount: 1 + (i % 97), category_id: f.expenseCategoryId, description: `crash ${i}` });
    let logs = (): string => '';
    const post = async (base: string, i: number): Promise<number | undefined> => {
      try {
        const res = await fetch(`${base}/api/v1/transactions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `crash-${i}` },
          body: bodyOf(i),
        });
        if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}\n${logs().slice(-3000)}`);
        return ((await res.json()) as { id: number }).id;
      } catch (err) {
        // The process died under this request: no answer, the client retries it later.
        if (err instanceof TypeError) return undefined;
        throw err;
      }
    };

    const first = await startApp(dbPath, role);
    logs = first.output;
    // The way the WAL is synced, and its checkpoints (off the thread with it: db/checkpoints.ts), as the process says at start.
    expect(first.output()).toMatch(new RegExp(`"walSync":"${walSync}","checkpoints":"${walSync}"`));
    const acked = new Map<number, number>();
    let next = 0;
    let killed = false;
    const kill = async () => {
      if (killed) return;
      killed = true;
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (!killed && next < REQUESTS) {
          const i = next++;
          const id = await post(first.base, i);
          if (id !== undefined) acked.set(i, id);
          if (acked.size >= KILL_AFTER) await kill();
        }
      }),
    );
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.size).toBeLessThan(REQUESTS);

    // Restart and retry every request without an answer (never sent ones included) with its key.
    const second = await startApp(dbPath, role);
    logs = second.output;
    const pending = Array.from({ length: REQUESTS }, (_, i) => i).filter((i) => !acked.has(i));
    const answered = new Map<number, number>();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < pending.length) {
          const i = pending[cursor++]!;
          const id = await post(second.base, i);
          if (id === undefined) throw new Error(`no answer for request ${i} after the restart:\n${second.output().slice(-2000)}`);
          answered.set(i, id);
        }
      }),
    );
    // And a replay of an acknowledged one gives its first answer again.
    const [someKey, someId] = [...acked.entries()][0]!;
    expect(await post(second.base, someKey)).toBe(someId);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');

    const check = openDatabase(dbPath);
    try {
      const rows = check.sqlite
        .prepare("SELECT id, idempotency_key AS k FROM transactions WHERE idempotency_key LIKE 'client:%:crash-%'")
        .all() as Array<{ id: number; k: string }>;
      const byKey = new Map<string, number[]>();
      // The ledger keeps a client's key as client:<user>:<key>.
      for (const r of rows) {
        const k = r.k.replace(/^client:\d+:/, '');
        byKey.set(k, [...(byKey.get(k) ?? []), r.id]);
      }
      // Every request exactly once, no duplicates.
      expect(rows).toHaveLength(REQUESTS);
      expect(byKey.size).toBe(REQUESTS);
      // Every acknowledged transaction is there, with the id it was answered with.
      const lost = [...acked].filter(([i, id]) => byKey.get(`crash-${i}`)?.[0] !== id);
      expect(lost).toEqual([]);
      for (const [i, id] of answered) expect(byKey.get(`crash-${i}`)).toEqual([id]);
      // Cached balances equal their postings.
      const drift = check.sqlite
        .prepare('SELECT w.id, w.balance_minor AS cached, COALESCE(SUM(p.amount_minor), 0) AS posted FROM wallets w LEFT JOIN postings p ON p.wallet_id = w.id GROUP BY w.id HAVING cached != posted')
        .all();
      expect(drift).toEqual([]);
      expect(check.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
  }, 120_000);
});
