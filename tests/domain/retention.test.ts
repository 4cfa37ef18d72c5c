import { afterEach, describe, expect, it } from 'vitest';
import { accessLog, botSessions, eventLog, idempotentResponses, outbox, processedUpdates } from '../../src/db/schema.js';
import {
  ACCESS_LOG_RETENTION_MS,
  DONE_OUTBOX_RETENTION_MS,
  IDEMPOTENT_RESPONSES_RETENTION_MS,
  PROCESSED_UPDATES_CHUNK,
  PROCESSED_UPDATES_RETENTION_MS,
  BOT_RECORDS_CHUNK,
  PRUNE_LIMITS,
  pruneOperationalData,
  pruneProcessedUpdatesStep,
} from '../../src/domain/index.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

describe('retention of operational data', () => {
  it('prunes old access log rows and old delivered outbox rows, and keeps the books and the audit log', () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    const now = t.clock();
    const day = 24 * 3600 * 1000;
    const log = (createdAt: number) => t!.deps.db.insert(accessLog).values({ method: 'GET', endpoint: '/health', statusCode: 200, durationMs: 1, createdAt }).run();
    log(now - ACCESS_LOG_RETENTION_MS - day);
    log(now - ACCESS_LOG_RETENTION_MS + day);
    const job = (status: 'done' | 'failed' | 'pending', doneAt: number | null) =>
      t!.deps.db.insert(outbox).values({ topic: 'member.joined', payload: '{}', status, nextAttemptAt: 0, createdAt: 0, doneAt }).run();
    job('done', now - DONE_OUTBOX_RETENTION_MS - day);
    job('done', now - day);
    job('failed', null);
    const old = now - PROCESSED_UPDATES_RETENTION_MS - day;
    t.deps.db.insert(processedUpdates).values([
      { updateId: 1, processedAt: old }, // handled long ago
      { updateId: 2, processedAt: -old }, // claim left by a process that crashed long ago
      { updateId: 3, processedAt: now - day }, // recent
      { updateId: 4, processedAt: -(now - 1000) }, // being handled now
    ]).run();
    const reply = (key: string, createdAt: number) =>
      t!.deps.db.insert(idempotentResponses).values({ userId: f.owner, key, requestHash: 'h', statusCode: 201, body: '{}', createdAt }).run();
    reply('old', now - IDEMPOTENT_RESPONSES_RETENTION_MS - day);
    reply('recent', now - day);
    const pendingBefore = t.deps.db.select().from(outbox).all().filter((r) => r.status === 'pending').length;
    const eventsBefore = t.deps.db.select().from(eventLog).all().length;

    expect(pruneOperationalData(t.deps)).toEqual({ accessLog: 1, outbox: 1, processedUpdates: 2, idempotentResponses: 1, botRecords: 0 });
    expect(t.deps.db.select().from(idempotentResponses).all().map((r) => r.key)).toEqual(['recent']);
    expect(t.deps.db.select().from(processedUpdates).all().map((r) => r.updateId)).toEqual([3, 4]);
    expect(t.deps.db.select().from(accessLog).all()).toHaveLength(1);
    const rest = t.deps.db.select().from(outbox).all();
    expect(rest.filter((r) => r.status === 'done')).toHaveLength(1);
    expect(rest.filter((r) => r.status === 'failed')).toHaveLength(1);
    expect(rest.filter((r) => r.status === 'pending')).toHaveLength(pendingBefore);
    expect(t.deps.db.select().from(eventLog).all()).toHaveLength(eventsBefore);
    expect(pruneOperationalData(t.deps)).toEqual({ accessLog: 0, outbox: 0, processedUpdates: 0, idempotentResponses: 0, botRecords: 0 });
  });

  it('does a bounded share of a backlog per run and goes on where it stopped in the next run', () => {
    t = createTestDb();
    const f = makeFamily(t.deps);
    const now = t.clock();
    const day = 24 * 3600 * 1000;
    const n = 5;
    for (let i = 0; i < n; i++) {
      t.deps.db.insert(accessLog).values({ method: 'GET', endpoint: '/health', statusCode: 200, durationMs: 1, createdAt: now - ACCESS_LOG_RETENTION_MS - day - i }).run();
      t.deps.db.insert(outbox).values({ topic: 'member.joined', payload: '{}', status: 'done', nextAttemptAt: 0, createdAt: 0, doneAt: now - DONE_OUTBOX_RETENTION_MS - day }).run();
      t.deps.db.insert(idempotentResponses).values({ userId: f.owner, key: `k${i}`, requestHash: 'h', statusCode: 201, body: '{}', createdAt: now - IDEMPOTENT_RESPONSES_RETENTION_MS - day }).run();
    }
    const old = now - PROCESSED_UPDATES_RETENTION_MS - day;
    // A chunk and a bit of each walk's table, all old.
    const walked = PROCESSED_UPDATES_CHUNK + 5;
    const updates = Array.from({ length: walked }, (_, i) => ({ updateId: i + 1, processedAt: old }));
    for (let i = 0; i < walked; i += 500) t.deps.db.insert(processedUpdates).values(updates.slice(i, i + 500)).run();
    const records = Array.from({ length: BOT_RECORDS_CHUNK + 5 }, (_, i) => ({ key: `card:1:${String(i).padStart(5, '0')}`, value: '{}', updatedAt: now - 200 * day }));
    for (let i = 0; i < records.length; i += 500) t.deps.db.insert(botSessions).values(records.slice(i, i + 500)).run();
    // Two rows of each log and one chunk of each walk a run.
    const limits = { steps: 1, rows: 2 };
    expect(pruneOperationalData(t.deps, now, limits)).toEqual({ accessLog: 2, outbox: 2, processedUpdates: PROCESSED_UPDATES_CHUNK, idempotentResponses: 2, botRecords: BOT_RECORDS_CHUNK });
    expect(pruneOperationalData(t.deps, now, limits)).toEqual({ accessLog: 2, outbox: 2, processedUpdates: 5, idempotentResponses: 2, botRecords: 5 });
    expect(pruneOperationalData(t.deps, now, limits)).toEqual({ accessLog: 1, outbox: 1, processedUpdates: 0, idempotentResponses: 1, botRecords: 0 });
    expect(t.deps.db.select().from(accessLog).all()).toHaveLength(0);
    expect(t.deps.db.select().from(processedUpdates).all()).toHaveLength(0);
    // The job's own limits: a few chunks of each walk a run.
    expect(PRUNE_LIMITS.steps).toBeGreaterThan(0);
    expect(PRUNE_LIMITS.steps).toBeLessThanOrEqual(4);
  });

  it("a run's deletes search the time index's range of old rows (no scan of the table)", () => {
    t = createTestDb();
    const plans: string[] = [];
    const sqlite = t.conn.sqlite;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (/^delete from "(access_log|outbox|idempotent_responses)"/i.test(source)) {
        const params = Array.from({ length: (source.match(/\?/g) ?? []).length }, () => 1);
        plans.push(...prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params).map((r) => (r as { detail: string }).detail));
      }
      return stmt;
    }) as typeof sqlite.prepare;
    pruneOperationalData(t.deps);
    sqlite.prepare = prepare;
    expect(plans.filter((p) => p.startsWith('SCAN'))).toEqual([]);
    expect(plans).toEqual(
      expect.arrayContaining([
        'SEARCH access_log USING COVERING INDEX access_log_created_idx (created_at<?)',
        'SEARCH outbox USING INDEX outbox_status_next_idx (status=? AND next_attempt_at<?)',
        'SEARCH idempotent_responses USING COVERING INDEX idempotent_responses_created_idx (created_at<?)',
      ]),
    );
  });

  describe('the ids of handled updates (no index on their time: a walk in update-id order)', () => {
    const day = 24 * 3600 * 1000;
    /** Update ids 1..n; every third one (3, 6, …) recent, the rest handled or claimed long ago. */
    function seed(n: number): { old: number[]; recent: number[] } {
      const now = t!.clock();
      const old: number[] = [];
      const recent: number[] = [];
      const rows = Array.from({ length: n }, (_, i) => {
        const updateId = i + 1;
        if (updateId % 3 === 0) {
          recent.push(updateId);
          return { updateId, processedAt: updateId % 2 ? now - day : -(now - 1000) };
        }
        old.push(updateId);
        const at = now - PROCESSED_UPDATES_RETENTION_MS - day;
        return { updateId, processedAt: updateId % 2 ? at : -at };
      });
      for (let i = 0; i < rows.length; i += 500) t!.deps.db.insert(processedUpdates).values(rows.slice(i, i + 500)).run();
      return { old, recent };
    }
    const ids = () => t!.deps.db.select({ id: processedUpdates.updateId }).from(processedUpdates).all().map((r) => r.id);

    it('a step looks at a bounded chunk after where the last one stopped, and says where the walk goes on', () => {
      t = createTestDb();
      const { recent } = seed(25);
      const cutoff = t.clock() - PROCESSED_UPDATES_RETENTION_MS;
      // Ids 1..10: 3, 6 and 9 are recent, the other seven go.
      expect(pruneProcessedUpdatesStep(t.deps.db, cutoff, null, 10)).toEqual({ deleted: 7, next: 10 });
      expect(ids().filter((id) => id <= 10)).toEqual([3, 6, 9]);
      expect(ids().filter((id) => id > 10)).toHaveLength(15);
      // Ids 11..20, then the last five: the end of the table, so the next step starts over.
      expect(pruneProcessedUpdatesStep(t.deps.db, cutoff, 10, 10)).toEqual({ deleted: 7, next: 20 });
      expect(pruneProcessedUpdatesStep(t.deps.db, cutoff, 20, 10)).toEqual({ deleted: 3, next: null });
      expect(ids()).toEqual(recent);
      // Starting over finds nothing more to delete; a new old row behind the walk is found on the next round.
      t.deps.db.insert(processedUpdates).values({ updateId: 2, processedAt: 1 }).run();
      expect(pruneProcessedUpdatesStep(t.deps.db, cutoff, null, 5)).toEqual({ deleted: 1, next: 12 });
      expect(ids()).toEqual(recent);
    });

    it('the retention job walks the whole table, past many chunks', () => {
      t = createTestDb();
      const { recent } = seed(2 * PROCESSED_UPDATES_CHUNK + 300);
      const result = pruneOperationalData(t.deps);
      expect(result.processedUpdates).toBe(2 * PROCESSED_UPDATES_CHUNK + 300 - recent.length);
      expect(ids()).toEqual(recent);
    });
  });
});
