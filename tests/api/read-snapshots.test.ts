// The API's reads go through a query-only connection whose reads in one
// event-loop turn share one snapshot (src/api/read-snapshots.ts), whose memo
// keeps a read's result until anything is committed, and the hot
// reads are raw statements finished by rawColumns (src/domain/prepared.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadSnapshots, type ReadSnapshots } from '../../src/api/read-snapshots.js';
import { openDatabase } from '../../src/db/connection.js';
import { families, wallets } from '../../src/db/schema.js';
import { createWallet, listWallets, type CoreDeps } from '../../src/domain/index.js';
import { rawColumns, rawQuery } from '../../src/domain/prepared.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
let f: FamilyFixture;
let reads: ReadSnapshots;

beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
  reads = openReadSnapshots(t.deps);
});
afterEach(() => {
  reads.close();
  t.cleanup();
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const names = (deps: CoreDeps) => listWallets(deps, f.owner, f.familyId).map((w) => w.name);

describe('read snapshots', () => {
  it('reads of one turn share a snapshot; the next turn sees what was committed meanwhile', async () => {
    const before = names(reads.deps());
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Late', type: 'cash', currency: 'USD' });
    // Same turn: the snapshot taken by the first read does not move under the request.
    expect(names(reads.deps())).toEqual(before);
    // The writers' connection sees its own commit at once.
    expect(names(t.deps)).toContain('Late');
    await nextTurn();
    expect(names(reads.deps())).toEqual([...before, 'Late']);
  });

  it('is a different, query-only connection: a write through it fails and changes nothing', () => {
    const d = reads.deps();
    expect(d.db).not.toBe(t.deps.db);
    expect(d.commits).toBeUndefined();
    expect(() => createWallet(d, f.owner, { familyId: f.familyId, name: 'Nope', type: 'cash', currency: 'USD' })).toThrow(/readonly/i);
    expect(names(t.deps)).not.toContain('Nope');
  });

  it('holds no read transaction after its turn (checkpoints are not held back)', async () => {
    names(reads.deps());
    await nextTurn();
    const probe = openDatabase(t.path);
    try {
      // A full checkpoint needs every reader out of the WAL; busy=1 would mean the snapshot outlived its turn.
      createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'W', type: 'cash', currency: 'USD' });
      const [row] = probe.sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      expect(row?.busy).toBe(0);
    } finally {
      probe.close();
    }
  });

  it('an in-memory database has no file to share: its reads use the core itself', () => {
    const mem = openDatabase(':memory:');
    try {
      const deps: CoreDeps = { db: mem.db, clock: Date.now };
      const r = openReadSnapshots(deps);
      expect(r.deps()).toBe(deps);
      r.close();
    } finally {
      mem.close();
    }
  });
});

describe('read memo', () => {
  it('keeps a value while nothing is written, across turns', async () => {
    let runs = 0;
    const list = () => reads.memo('wallets', (d) => (runs++, names(d)));
    const first = list();
    await nextTurn();
    expect(list()).toBe(first);
    expect(runs).toBe(1);
  });

  it('drops it once the writers commit: the next turn reads again and sees the write', async () => {
    let runs = 0;
    const list = () => reads.memo('wallets', (d) => (runs++, names(d)));
    const before = list();
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Late', type: 'cash', currency: 'USD' });
    // Same turn, same snapshot: the kept value is still this snapshot's truth.
    expect(list()).toBe(before);
    await nextTurn();
    expect(list()).toEqual([...before, 'Late']);
    expect(runs).toBe(2);
  });

  it('drops it when another connection (another process) commits', async () => {
    const list = () => reads.memo('wallets', names);
    const before = list();
    const other = openDatabase(t.path);
    try {
      createWallet({ ...t.deps, db: other.db }, f.owner, { familyId: f.familyId, name: 'Elsewhere', type: 'cash', currency: 'USD' });
    } finally {
      other.close();
    }
    await nextTurn();
    expect(list()).toEqual([...before, 'Elsewhere']);
  });

  it('keys values apart, keeps undefined, and does not keep a throw', async () => {
    let runs = 0;
    expect(reads.memo('none', () => (runs++, undefined))).toBeUndefined();
    expect(reads.memo('none', () => (runs++, 'late'))).toBeUndefined();
    expect(reads.memo('other', () => 'other')).toBe('other');
    expect(runs).toBe(1);
    expect(() => reads.memo('refused', (d) => listWallets(d, f.owner + 999, f.familyId))).toThrow();
    expect(reads.memo('refused', () => 'computed')).toBe('computed');
  });

  it('an in-memory database computes every time (its own writes would not change its version)', () => {
    const mem = openDatabase(':memory:');
    try {
      const r = openReadSnapshots({ db: mem.db, clock: Date.now });
      let runs = 0;
      r.memo('k', () => runs++);
      r.memo('k', () => runs++);
      expect(runs).toBe(2);
      r.close();
    } finally {
      mem.close();
    }
  });
});

describe('rawColumns', () => {
  it('reads rows equal to what Drizzle maps, booleans included', () => {
    createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD', allowNegative: true });
    const cols = rawColumns(wallets);
    const raw = rawQuery(t.conn.sqlite, `SELECT ${cols.list} FROM wallets ORDER BY id`, cols.read).all();
    expect(raw).toEqual(t.deps.db.select().from(wallets).orderBy(wallets.id).all());
    expect(raw.some((w) => w.allowNegative)).toBe(true);
    expect(rawQuery(t.conn.sqlite, `SELECT ${cols.list} FROM wallets WHERE id = ?`, cols.read).get(-1)).toBeUndefined();
  });

  it('picks the named columns only, qualified by an alias in a join', () => {
    expect(rawColumns(families, ['id', 'name']).list).toBe('"id", "name"');
    expect(rawColumns(families, ['id', 'name'], 'f').list).toBe('f."id", f."name"');
  });
});
