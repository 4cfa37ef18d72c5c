// The bot's per-message records are pruned by the retention job. An entry's
// message edited within 48 hours corrects the entry (the core's correction
// window); later, while its card's record is kept (90 days from its last
// write), the edit is told it is too old; once the job dropped the record, the
// edit is answered like any other edit that changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { botSessions } from '../../src/db/schema.js';
import { BOT_RECORD_RETENTION, pruneOperationalData } from '../../src/domain/index.js';
import { lastSent, settled, startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const day = 24 * 3600 * 1000;

describe("pruning an entry's card record", () => {
  it('an edit within the window corrects the entry; after the window the record is gone and the edit is said to change nothing', async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 500_000);
    const cards = () => h!.db.deps.db.select({ key: botSessions.key }).from(botSessions).all().filter((r) => r.key.startsWith('card:'));

    const card = alice.waitForMessage(/➖ \$25\.00 from Cash/);
    alice.send('25 coffee');
    await card;
    const message = lastSent(alice, '25 coffee');

    // A day later the edit corrects the entry, and writes the card's record again.
    h.db.clock.advance(day);
    const corrected = alice.waitForMessage(/Corrected[\s\S]*➖ \$30\.00 from Cash/);
    alice.edit(message.message_id, '30 coffee');
    await corrected;

    // A day short of the record's window (counted from the correction): kept, so the edit finds its entry, too old to change.
    h.db.clock.advance(BOT_RECORD_RETENTION.card - day);
    expect(pruneOperationalData(h.db.deps).botRecords).toBe(0);
    const tooOld = alice.waitForMessage(/Entries can be changed for 48 hours/);
    alice.edit(message.message_id, '32 coffee');
    await tooOld;

    // Past the window the job drops it.
    h.db.clock.advance(2 * day);
    await settled(alice);
    expect(pruneOperationalData(h.db.deps).botRecords).toBe(1);
    expect(cards()).toEqual([]);
    const told = alice.waitForMessage(/Editing this message changes nothing/);
    alice.edit(message.message_id, '35 coffee');
    expect((await told).reply_to_message?.message_id).toBe(message.message_id);
  });
});
