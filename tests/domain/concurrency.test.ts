// Two processes, each with its own connection to the same SQLite file, released
// at the same moment by a barrier, deciding / reversing / joining the same things.
// Whatever the interleaving, every item must take effect exactly once and the
// loser must get a clean invalid_state (never SQLITE_BUSY, never a double effect).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvite, createTransaction, joinFamily, type CoreDeps } from '../../src/domain/index.js';
import { balanceOf, fund, makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, ledgerViolations } from './support/inspect.js';
import type { RaceJob } from './support/race-worker.js';

const WORKER = fileURLToPath(new URL('./support/race-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = 25;

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  t = createTestDb();
  deps = t.deps;
  f = makeFamily(deps);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill();
  t.cleanup();
});

type Worker = { ready: Promise<void>; result: Promise<string[]>; go(): void };

function startWorker(job: RaceJob & { now: number }): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], { cwd: ROOT, stdio: 'pipe' });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const received: string[] = [];
  let onLine: () => void = () => undefined;
  lines.on('line', (l) => {
    received.push(l);
    onLine();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => received.length >= n && resolve();
      onLine = check;
      check();
      void exited.then((code) => (received.length >= n ? resolve() : reject(new Error(`worker exited with ${code} before line ${n}: ${stderr}`))));
    });
  const ready = waitFor(1).then(() => expect(received[0]).toBe('ready'));
  return {
    ready,
    go: () => child.stdin.write('go\n'),
    result: ready.then(() => waitFor(2)).then(async () => {
      expect(await exited).toBe(0);
      return JSON.parse(received[1]!) as string[];
    }),
  };
}

/** Starts both workers, waits until both have their connection open, then releases them together. */
async function race(a: RaceJob, b: RaceJob): Promise<[string[], string[]]> {
  // At the test's time: the invites made here expire 7 days after the test clock's start, whatever day the suite runs.
  const wa = startWorker({ ...a, now: deps.clock() });
  const wb = startWorker({ ...b, now: deps.clock() });
  await Promise.all([wa.ready, wb.ready]);
  wa.go();
  wb.go();
  return Promise.all([wa.result, wb.result]);
}

/** For each item: exactly one side succeeded and the other got invalid_state. */
function expectOneWinnerEach(ra: string[], rb: string[]): void {
  expect(ra).toHaveLength(N);
  expect(rb).toHaveLength(N);
  for (let i = 0; i < N; i++) {
    expect([ra[i], rb[i]].sort(), `item ${i}`).toEqual(['invalid_state', 'ok']);
  }
}

function pendingRequests(n: number, amountMinor: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor }).transaction.id);
  }
  return ids;
}

describe('two processes on one database file', () => {
  it('approving the same requests: one approval each, one set of postings, one event', async () => {
    fund(deps, f, f.cashId, N * 60_000);
    const ids = pendingRequests(N, 60_000);
    const [ra, rb] = await race(
      { dbPath: t.path, op: 'approve', actorId: f.owner, ids },
      { dbPath: t.path, op: 'approve', actorId: f.members.admin, ids },
    );
    expectOneWinnerEach(ra, rb);
    for (const [i, id] of ids.entries()) {
      expect(count(deps, 'postings', 'transaction_id = ?', id)).toBe(1);
      expect(count(deps, 'event_log', `action = 'transaction.approved' AND entity_id = ?`, String(id))).toBe(1);
      expect(count(deps, 'outbox', `topic = 'approval.decided' AND json_extract(payload, '$.transactionId') = ?`, id)).toBe(1);
      const winner = ra[i] === 'ok' ? f.owner : f.members.admin;
      expect(count(deps, 'transactions', `id = ? AND status = 'executed' AND approved_by = ?`, id, winner)).toBe(1);
    }
    expect(balanceOf(deps, f.cashId)).toBe(0);
    expect(ledgerViolations(deps)).toEqual([]);
  });

  it('approving and rejecting the same requests: exactly one decision each', async () => {
    fund(deps, f, f.cashId, N * 60_000);
    const ids = pendingRequests(N, 60_000);
    const [ra, rb] = await race(
      { dbPath: t.path, op: 'approve', actorId: f.owner, ids },
      { dbPath: t.path, op: 'reject', actorId: f.members.admin, ids },
    );
    expectOneWinnerEach(ra, rb);
    const approved = ra.filter((r) => r === 'ok').length;
    expect(count(deps, 'transactions', `status = 'executed' AND reversal_of IS NULL AND id IN (${ids.join(',')})`)).toBe(approved);
    expect(count(deps, 'transactions', `status = 'rejected'`)).toBe(N - approved);
    expect(count(deps, 'event_log', `action IN ('transaction.approved', 'transaction.rejected')`)).toBe(N);
    expect(balanceOf(deps, f.cashId)).toBe((N - approved) * 60_000);
    expect(ledgerViolations(deps)).toEqual([]);
  });

  it('reversing the same transactions: one reversal each, balance restored once', async () => {
    fund(deps, f, f.cashId, 1_000_000);
    const ids: number[] = [];
    for (let i = 0; i < N; i++) ids.push(createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1000 + i }).transaction.id);
    const before = balanceOf(deps, f.cashId);
    const [ra, rb] = await race(
      { dbPath: t.path, op: 'reverse', actorId: f.owner, ids },
      { dbPath: t.path, op: 'reverse', actorId: f.members.admin, ids },
    );
    expectOneWinnerEach(ra, rb);
    for (const id of ids) {
      expect(count(deps, 'transactions', 'reversal_of = ?', id)).toBe(1);
      expect(count(deps, 'event_log', `action = 'transaction.reversed' AND entity_id = ?`, String(id))).toBe(1);
    }
    expect(balanceOf(deps, f.cashId)).toBe(before + ids.reduce((s, _id, i) => s + 1000 + i, 0));
    expect(ledgerViolations(deps)).toEqual([]);
  });

  it('two people racing for the last use of an invite: one gets in', async () => {
    const a: Array<{ userId: number; code: string }> = [];
    const b: Array<{ userId: number; code: string }> = [];
    for (let i = 0; i < N; i++) {
      // Two uses, one already taken: the race is for the last one.
      const { code } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'member', maxUses: 2 });
      joinFamily(deps, makeUser(deps, `early ${i}`), code);
      a.push({ userId: makeUser(deps, `a${i}`), code });
      b.push({ userId: makeUser(deps, `b${i}`), code });
    }
    const membersBefore = count(deps, 'family_members', 'family_id = ?', f.familyId);
    const [ra, rb] = await race({ dbPath: t.path, op: 'join', joins: a }, { dbPath: t.path, op: 'join', joins: b });
    expectOneWinnerEach(ra, rb);
    expect(count(deps, 'family_members', 'family_id = ?', f.familyId)).toBe(membersBefore + N);
    expect(count(deps, 'invites', 'family_id = ? AND uses > max_uses', f.familyId)).toBe(0);
    for (let i = 0; i < N; i++) {
      const winner = ra[i] === 'ok' ? a[i]! : b[i]!;
      const loser = ra[i] === 'ok' ? b[i]! : a[i]!;
      expect(count(deps, 'family_members', 'family_id = ? AND user_id = ?', f.familyId, winner.userId)).toBe(1);
      expect(count(deps, 'family_members', 'family_id = ? AND user_id = ?', f.familyId, loser.userId)).toBe(0);
    }
  });
});
