// A separate process for the concurrency tests: opens the test database with its
// own connection, says "ready", waits for "go" on stdin (the barrier, so two
// workers start together), runs its list of core calls and prints one JSON line
// with the outcome of each ("ok" or the DomainError code).
// Usage: node --import tsx race-worker.ts '<json Job>'
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../src/db/connection.js';
import { DomainError, approveTransaction, joinFamily, rejectTransaction, reverseTransaction, type CoreDeps } from '../../../src/domain/index.js';

export type RaceJob =
  | { dbPath: string; op: 'approve' | 'reject' | 'reverse'; actorId: number; ids: number[] }
  | { dbPath: string; op: 'join'; joins: Array<{ userId: number; code: string }> };

/** A job and the test's clock reading: the worker's core works at the test's time (an invite made by the test expires by it, not by the day the suite runs). */
const job = JSON.parse(process.argv[2] ?? '{}') as RaceJob & { now: number };
const conn = openDatabase(job.dbPath, { synchronous: 'NORMAL' });
const deps: CoreDeps = { db: conn.db, clock: () => job.now };

function attempt(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? e.code : `error: ${e instanceof Error ? e.message : String(e)}`;
  }
}

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on('line', (l) => l.trim() === 'go' && resolve()));
process.stdout.write('ready\n');
await go;

let results: string[];
if (job.op === 'join') {
  results = job.joins.map((j) => attempt(() => joinFamily(deps, j.userId, j.code)));
} else {
  const { actorId } = job;
  const call = {
    approve: (id: number) => approveTransaction(deps, actorId, id),
    reject: (id: number) => rejectTransaction(deps, actorId, id, 'race'),
    reverse: (id: number) => reverseTransaction(deps, actorId, { transactionId: id, reason: 'race' }),
  }[job.op];
  results = job.ids.map((id) => attempt(() => call(id)));
}
process.stdout.write(`${JSON.stringify(results)}\n`);
lines.close();
conn.close();
