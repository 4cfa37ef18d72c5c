// isDeliveredNotice: whether the jobs sent a given message to a given chat (the bot's ask() does not take a
// reply under it for the answer), read from the delivery records through their (recipient, result) index.
import { afterEach, describe, expect, it } from 'vitest';
import { deliveries, outbox } from '../../src/db/schema.js';
import { isDeliveredNotice } from '../../src/domain/index.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

function delivered(db: TestDb, rows: Array<[recipient: string, result: string]>): void {
  const job = db.deps.db.insert(outbox).values({ topic: 'member.joined', payload: '{}', status: 'done', nextAttemptAt: 0, createdAt: 0 }).returning({ id: outbox.id }).get();
  for (const [recipient, result] of rows) db.deps.db.insert(deliveries).values({ outboxId: job.id, recipient, result, deliveredAt: 0 }).run();
}

describe('isDeliveredNotice', () => {
  it("is true for a message the jobs sent to that chat (a notice or an entry's card), false for anything else", () => {
    t = createTestDb();
    delivered(t, [
      ['chat:5', 'message:10'],
      ['card:5', 'message:11'],
      ['edit:5', 'edited'],
      ['chat:7', 'refused: blocked'],
    ]);
    delivered(t, [['chat:6', 'message:12']]);
    const db = t.deps.db;
    expect(isDeliveredNotice(db, 5, 10)).toBe(true);
    expect(isDeliveredNotice(db, 5, 11)).toBe(true);
    // Message ids count per chat: message 12 of chat 6 says nothing about message 12 of chat 5.
    expect(isDeliveredNotice(db, 5, 12)).toBe(false);
    expect(isDeliveredNotice(db, 6, 12)).toBe(true);
    expect(isDeliveredNotice(db, 6, 10)).toBe(false);
    expect(isDeliveredNotice(db, 7, 1)).toBe(false);
  });

  it('looks the message up in the index, without reading the whole table', () => {
    t = createTestDb();
    const sqlite = t.conn.sqlite;
    const plans: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      if (/from "deliveries"/i.test(source)) {
        const params = Array.from({ length: (source.match(/\?/g) ?? []).length }, () => 'x');
        plans.push(...prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params).map((r) => (r as { detail: string }).detail));
      }
      return prepare(source);
    }) as typeof sqlite.prepare;
    isDeliveredNotice(t.deps.db, 5, 10);
    sqlite.prepare = prepare;
    expect(plans.filter((p) => p.startsWith('SCAN'))).toEqual([]);
    expect(plans.join('\n')).toContain('deliveries_recipient_result_idx');
  });
});
