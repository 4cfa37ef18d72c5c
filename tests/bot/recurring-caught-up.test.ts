// Catching up after downtime: a daily rule missed for ten days sent ten notices to every member (and ten
// cards to its author). Now one notice per rule and run lists the occurrences; the author reaches each
// one's card (its Undo, category, wallet buttons) from it, and the list stays.
import { afterEach, describe, expect, it } from 'vitest';
import { getTransaction } from '../../src/domain/index.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from './support/harness.js';
import { startGroupHarness, type GroupHarness } from './groups/harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DAY = 24 * 3600_000;
const today = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('recurring entries caught up after downtime', () => {
  it('are told in one notice per rule, and each entry’s buttons are reached from it', async () => {
    h = await startGroupHarness();
    const owner = h.f.userOf(h.olga);
    createRecurringRule(h.deps, owner, {
      familyId: h.f.familyId, kind: 'expense', walletId: h.f.cashId, amountMinor: 5_00, description: 'Coffee', frequency: 'daily', startDate: today(h.db.clock.now),
    });
    const started = h.db.clock.now;
    // The bot was down for nine days: ten occurrences are due (the first day and the nine missed since).
    h.db.clock.advance(9 * DAY);
    const told = h.olga.waitForMessage(/^🔁 10 recurring entries were recorded at once \(/);
    const toldAdam = h.adam.waitForMessage(/^🔁 10 recurring entries were recorded at once \(/);
    runScheduledWork(h.deps, testConfig(h.tg, h.db.path), createLogger({ level: 'silent' }));
    const notice = await told;
    const lines = notice.text!.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe(`• ${new Date(started).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })}: ➖ $5.00 from Cash · Coffee`);
    expect(h.olga.buttons()).toHaveLength(10);
    expect((await toldAdam).reply_markup).toBeUndefined();
    await h.mia.waitForMessage(/^🔁 10 recurring entries/, { includeExisting: true });
    for (const who of [h.olga, h.adam, h.mia]) {
      expect(who.messages().filter((m) => /recurring entr/i.test(m.text ?? ''))).toHaveLength(1);
    }

    // The third occurrence's card comes as a new message; its Undo undoes that one entry only.
    const third = new Date(started + 2 * DAY).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const card = h.olga.waitForMessage((m) => m.message_id !== notice.message_id && /➖ \$5\.00 from Cash/.test(m.text ?? ''));
    h.olga.press(`🔎 ${third}`, { messageId: notice.message_id });
    const shown = await card;
    const undone = h.olga.waitForMessage((m) => m.message_id === shown.message_id && /Undone/.test(m.text ?? ''));
    h.olga.press('↩️ Undo', { messageId: shown.message_id });
    await undone;
    const entries = h.entries().filter((t) => t.source === 'recurring');
    expect(entries).toHaveLength(10);
    expect(entries.map((t) => getTransaction(h!.deps, owner, t.id).status).filter((s) => s === 'reversed')).toHaveLength(1);
    expect(h.olga.messages().find((m) => m.message_id === notice.message_id)?.text).toBe(notice.text);
  });
});
