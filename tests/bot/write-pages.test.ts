// What one quick entry writes through the real bot: the b-trees whose pages
// reach the WAL (see tests/support/wal-pages.ts). On top of the ledger's own
// pages (tests/domain/write-pages.test.ts) an update adds only its claim in
// processed_updates and the card's record in bot_sessions, each one b-tree.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash } from './support/seed.js';
import { treesWrittenSince, walSize } from '../support/wal-pages.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a quick entry', () => {
  it("writes the ledger's pages, the update's claim and the card's record, and no others", async () => {
    h = await startHarness();
    h.db.conn.sqlite.pragma('wal_autocheckpoint = 0');
    const { alice } = aliceWithFundedCash(h, 100_000);
    // The first entries may create pages, rows of the person's session, and split pages.
    for (const amount of ['5', '6', '7']) {
      const id = alice.send(`${amount} coffee`);
      await alice.waitForMessage(`$${amount}.00 from Cash`);
      await h.tg.waitForConfirmation(id);
    }
    const before = walSize(h.db.path);
    const id = alice.send('8 coffee');
    await alice.waitForMessage('$8.00 from Cash');
    await h.tg.waitForConfirmation(id);

    expect(treesWrittenSince(h.db.conn.sqlite, h.db.path, before)).toEqual(
      [
        // The ledger (tests/domain/write-pages.test.ts), and the entry's idempotency key (the message it came from):
        'sqlite_sequence',
        'transactions',
        'transactions_idempotency_unique',
        'transactions_family_id_idx',
        'transactions_family_executed_cover_idx',
        'transactions_from_wallet_idx',
        'transactions_category_idx',
        'transactions_created_by_idx',
        'wallets',
        'event_log',
        'expense_days',
        // The update's claim and its finish (no index: pruning walks update ids).
        'processed_updates',
        // Which card answers the message (WITHOUT ROWID: no separate key index).
        'bot_sessions',
      ].sort(),
    );
  });
});
