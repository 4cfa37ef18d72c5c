// The audit log's rowid is family_id * 2^32 + id (drizzle/0022): an event's id is one more than its family's newest,
// read by the insert under the write lock, so writers on separate connections (processes in Redis mode)
// never take the same id, and a family's log reads newest first by id, page by page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents, recordEvent, writeTx, type CoreDeps } from '../../src/domain/index.js';
import { INSERT_EVENT_SQL, NO_FAMILY } from '../../src/domain/events/events.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { walSize } from '../support/wal-pages.js';

let t: TestDb;
let f: FamilyFixture;
beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
});
afterEach(() => t.cleanup());

const note = (deps: CoreDeps, familyId: number | null, action: string) =>
  writeTx(deps, (tx) => recordEvent(tx, { familyId, actorUserId: f.owner, action, entityType: 'test', entityId: action, at: deps.clock() }));

describe('the event log', () => {
  it('gives each event of a family the next id, whichever connection writes it', () => {
    const other = t.open();
    const otherDeps: CoreDeps = { ...t.deps, db: other.db };
    const g = makeFamily(t.deps);
    const second = g.familyId;
    const newest = listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 1 })[0]!.id;
    for (let i = 0; i < 6; i++) note(i % 2 ? otherDeps : t.deps, i % 3 === 2 ? second : f.familyId, `n${i}`);
    const mine = listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 200 }).filter((e) => e.entityType === 'test');
    expect(mine.map((e) => [e.id, e.action])).toEqual([
      [newest + 4, 'n4'],
      [newest + 3, 'n3'],
      [newest + 2, 'n1'],
      [newest + 1, 'n0'],
    ]);
    // Pages of two, newest first, each continuing below the last id of the one before.
    const page1 = listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 2 });
    const page2 = listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 2, beforeId: page1[1]!.id });
    expect([...page1, ...page2].map((e) => e.action)).toEqual(['n4', 'n3', 'n1', 'n0']);
    expect(listEvents(t.deps, g.owner, { familyId: second, limit: 200 }).filter((e) => e.entityType === 'test').map((e) => e.action)).toEqual(['n5', 'n2']);
  });

  it('keeps the events of no family under family 0, out of every family’s log, and refuses a family that does not exist', () => {
    note(t.deps, null, 'outside');
    expect(t.conn.sqlite.prepare("SELECT family_id FROM event_log WHERE action = 'outside'").all()).toEqual([{ family_id: 0 }]);
    expect(listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 200 }).map((e) => e.action)).not.toContain('outside');
    expect(() => note(t.deps, 9999, 'nowhere')).toThrow(/FOREIGN KEY/);
    expect(t.conn.sqlite.prepare("SELECT count(*) AS n FROM event_log WHERE action = 'nowhere'").get()).toEqual({ n: 0 });
  });

  it('starts a family’s ids at 1 whatever its neighbours’ ranges hold, and keeps the key, family and id together', () => {
    const g = makeFamily(t.deps);
    const h = makeFamily(t.deps);
    // g's log emptied (as a family created before it had events): f below it and h above it keep theirs.
    t.conn.sqlite.prepare('DELETE FROM event_log WHERE family_id IN (?, ?)').run(g.familyId, NO_FAMILY);
    note(t.deps, g.familyId, 'g1');
    note(t.deps, null, 'none1');
    note(t.deps, g.familyId, 'g2');
    note(t.deps, h.familyId, 'h-next');
    const rows = t.conn.sqlite
      .prepare("SELECT log_key AS k, family_id AS family, id, action FROM event_log WHERE entity_type = 'test' ORDER BY log_key")
      .all() as { k: number; family: number; id: number; action: string }[];
    const hBefore = (t.conn.sqlite.prepare("SELECT max(id) AS n FROM event_log WHERE family_id = ? AND entity_type <> 'test'").get(h.familyId) as { n: number }).n;
    expect(rows).toEqual([
      { k: 1, family: NO_FAMILY, id: 1, action: 'none1' },
      { k: g.familyId * 2 ** 32 + 1, family: g.familyId, id: 1, action: 'g1' },
      { k: g.familyId * 2 ** 32 + 2, family: g.familyId, id: 2, action: 'g2' },
      { k: h.familyId * 2 ** 32 + hBefore + 1, family: h.familyId, id: hBefore + 1, action: 'h-next' },
    ]);
    expect(hBefore).toBeGreaterThan(0);
  });

  it('computes the next key without materialising a subquery (no ephemeral table in the insert’s plan)', () => {
    const plan = t.conn.sqlite.prepare(`EXPLAIN ${INSERT_EVENT_SQL}`).all(1, 1, 1, 1, 1, 1, null, 'a', 'b', 'c', '{}', 0) as { opcode: string }[];
    expect(plan.map((r) => r.opcode)).not.toContain('OpenEphemeral');
  });

  it('reads a family’s log within its own range, whatever cursor a client sends', () => {
    const g = makeFamily(t.deps);
    note(t.deps, g.familyId, 'theirs');
    note(t.deps, f.familyId, 'mine');
    for (const beforeId of [2 ** 32, 2 ** 32 + 1, 2 ** 40, Number.MAX_SAFE_INTEGER, 1.5e300]) {
      const actions = listEvents(t.deps, f.owner, { familyId: f.familyId, limit: 200, beforeId }).map((e) => e.action);
      expect(actions).toContain('mine');
      expect(actions).not.toContain('theirs');
    }
    expect(listEvents(t.deps, f.owner, { familyId: f.familyId, beforeId: -5 })).toEqual([]);
  });

  it('appends an event to its family’s range in about one WAL page, its b-tree filling pages as a rowid table does', () => {
    t.conn.sqlite.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < 50; i++) note(t.deps, f.familyId, `warm${i}`);
    const pageSize = t.conn.sqlite.pragma('page_size', { simple: true }) as number;
    const before = walSize(t.path);
    const events = 400;
    // Each its own commit, as every change records its event; the payload of a ledger entry's size.
    for (let i = 0; i < events; i++) {
      writeTx(t.deps, (tx) =>
        recordEvent(tx, { familyId: f.familyId, actorUserId: f.owner, action: 'transaction.created', entityType: 'transaction', entityId: 100_000 + i, payload: { kind: 'expense', amountMinor: 12_345, currency: 'USD', walletId: 3, categoryId: 7, description: 'coffee and a croissant' }, at: t.deps.clock() }),
      );
    }
    const frames = (walSize(t.path) - before) / (24 + pageSize) / events;
    // A rowid b-tree appends: its last leaf, and now and then a new leaf and its parent (~1.1 frames an event);
    // keyed WITHOUT ROWID, pages split in half and it was ~1.7.
    expect(frames).toBeLessThan(1.3);
  });
});
