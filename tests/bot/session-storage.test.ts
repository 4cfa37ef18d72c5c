// The bot's session adapter writes only what changed: grammY hands back every
// session it read, and an update that changed nothing must not cost a write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteKeyValue } from '../../src/bot/runtime/storage.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const rowOf = (key: string) => t.conn.sqlite.prepare('SELECT value, updated_at AS at FROM bot_sessions WHERE key = ?').get(key) as { value: string; at: number } | undefined;
const changes = () => (t.conn.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('session storage', () => {
  it('skips writing back a session read and left unchanged, and writes one that changed', () => {
    const kv = sqliteKeyValue<{ step: string; n: number }>(t.deps);
    expect(kv.read('s:1')).toBeUndefined();
    kv.write('s:1', { step: 'idle', n: 1 });
    const first = rowOf('s:1')!;

    t.clock.advance(1000);
    const before = changes();
    const s = kv.read('s:1')!;
    kv.write('s:1', { ...s });
    expect(changes()).toBe(before);
    expect(rowOf('s:1')).toEqual(first);

    const again = kv.read('s:1')!;
    kv.write('s:1', { ...again, n: 2 });
    expect(rowOf('s:1')).toEqual({ value: JSON.stringify({ step: 'idle', n: 2 }), at: first.at + 1000 });
  });

  it('deletes a stored session, and a write after a delete is stored again', () => {
    const kv = sqliteKeyValue<{ n: number }>(t.deps);
    kv.write('c:1', { n: 1 });
    kv.read('c:1');
    kv.delete('c:1');
    expect(rowOf('c:1')).toBeUndefined();
    kv.write('c:1', { n: 1 });
    expect(rowOf('c:1')?.value).toBe('{"n":1}');
  });

  it('writes when another process changed the row since it was read by nobody here', () => {
    const kv = sqliteKeyValue<{ n: number }>(t.deps);
    kv.write('s:2', { n: 1 });
    // No read in between: the write always goes through.
    t.conn.sqlite.prepare("UPDATE bot_sessions SET value = '{\"n\":5}' WHERE key = 's:2'").run();
    kv.write('s:2', { n: 1 });
    expect(rowOf('s:2')?.value).toBe('{"n":1}');
  });
});
