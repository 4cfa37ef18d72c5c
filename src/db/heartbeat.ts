// Heartbeats: each running process rewrites its row every few seconds. The
// write doubles as the database's health probe (a read-only file, a full disk
// or a corrupted page makes it fail), and the row's age is what
// `finance-bot healthcheck` (Docker's HEALTHCHECK for roles without HTTP) and
// `finance-bot restore` (refusing a database in use) read.
import { hostname } from 'node:os';
import { eq, lt } from 'drizzle-orm';
import type { DB } from './connection.js';
import { heartbeats } from './schema.js';

export type Heartbeat = typeof heartbeats.$inferSelect;

/** How often a process beats; a beat older than 3× this is stale (the process is gone or stuck). */
export const HEARTBEAT_EVERY_MS = 5_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_EVERY_MS;

export type HeartbeatWriter = {
  /** Writes the row now; throws when the database cannot be written. */
  beat(): void;
  /** The last beat's failure, or undefined while beats succeed. */
  readonly failure: Error | undefined;
  stop(): void;
};

export function heartbeatId(role: string, host = hostname(), pid = process.pid): string {
  return `${role}@${host}#${pid}`;
}

/** Starts beating every `everyMs`; `onFailure` hears about the first failure of a streak. */
export function startHeartbeat(o: {
  db: DB;
  role: string;
  clock?: () => number;
  everyMs?: number;
  onFailure?: (err: Error) => void;
  onRecovery?: () => void;
}): HeartbeatWriter {
  const clock = o.clock ?? Date.now;
  const host = hostname();
  const id = heartbeatId(o.role, host);
  const startedAt = clock();
  let failure: Error | undefined;
  const beat = () => {
    const at = clock();
    o.db
      .insert(heartbeats)
      .values({ id, role: o.role, host, pid: process.pid, startedAt, beatAt: at })
      .onConflictDoUpdate({ target: heartbeats.id, set: { beatAt: at } })
      .run();
  };
  const tick = () => {
    try {
      beat();
      if (failure) o.onRecovery?.();
      failure = undefined;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (!failure) o.onFailure?.(e);
      failure = e;
    }
  };
  // Rows of processes that died long ago (kill -9 leaves them): one owner prunes them.
  try {
    o.db.delete(heartbeats).where(lt(heartbeats.beatAt, startedAt - 24 * 3600_000)).run();
  } catch {
    // the first beat reports a database that cannot be written
  }
  tick();
  const timer = setInterval(tick, o.everyMs ?? HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    beat,
    get failure() {
      return failure;
    },
    stop() {
      clearInterval(timer);
      try {
        o.db.delete(heartbeats).where(eq(heartbeats.id, id)).run();
      } catch {
        // a stale row is ignored after HEARTBEAT_STALE_MS
      }
    },
  };
}

/** Heartbeats newer than the stale limit, optionally of one role on one host. */
export function freshHeartbeats(db: DB, now: number, filter: { role?: string; host?: string } = {}): Heartbeat[] {
  const rows = db.select().from(heartbeats).all();
  return rows.filter((r) => now - r.beatAt <= HEARTBEAT_STALE_MS && (!filter.role || r.role === filter.role) && (!filter.host || r.host === filter.host));
}

/**
 * Proves the database can be written right now: one small upsert, committed
 * (so a read-only file or folder, a full disk or a corrupted page fails it).
 */
export function probeWrite(db: DB, at: number): void {
  const host = hostname();
  const id = `probe@${host}`;
  db.insert(heartbeats)
    .values({ id, role: 'probe', host, pid: process.pid, startedAt: at, beatAt: at })
    .onConflictDoUpdate({ target: heartbeats.id, set: { beatAt: at, pid: process.pid } })
    .run();
}
