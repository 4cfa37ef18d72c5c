// A failed scheduled backup reaches the instance owner (the first family's
// creator) in Telegram through the outbox, and nobody else.
import { afterEach, describe, expect, it } from 'vitest';
import { enqueueOutbox, writeTx } from '../../src/domain/index.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { chatOf, fakePeople } from '../jobs/support/env.js';
import { lastOutboxId, startHarness, type Harness } from '../jobs/support/jobs-harness.js';

let t: TestDb | undefined;
let tg: FakeTelegram | undefined;
let jobs: Harness | undefined;
afterEach(async () => {
  await jobs?.stop();
  await tg?.close();
  t?.cleanup();
});

describe('backup failure notice', () => {
  it('is sent to the instance owner only', async () => {
    t = createTestDb();
    tg = await startFakeTelegram();
    const f = makeFamily(t.deps);
    const people = fakePeople(t.deps, tg);
    writeTx(t.deps, (tx) => enqueueOutbox(tx, { topic: 'backup.failed', payload: { error: 'ENOSPC: no space left on device', path: '/data/backups/finance-2026-11-25.db', at: t!.clock.now } }, t!.clock.now));
    jobs = await startHarness(t, { tg });
    await jobs.waitForJob(lastOutboxId(t, 'backup.failed'));
    const texts = (id: number) => chatOf(people, id).messages().map((m) => m.text ?? '');
    expect(texts(f.owner).filter((x) => /scheduled backup[\s\S]*failed[\s\S]*finance-2026-11-25\.db[\s\S]*ENOSPC/.test(x))).toHaveLength(1);
    for (const id of [f.members.admin, f.members.member, f.members.viewer, f.outsider]) expect(texts(id).filter((x) => /backup/i.test(x))).toEqual([]);
  });
});
