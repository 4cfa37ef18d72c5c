// A rule stopped with ⏹ while its "cannot be paid" notice waited: the notice went on offering
// [⏭ Skip this time] (and [💳 Pay from…]) until pressed, when the press was refused. Now stopping it
// edits the notice at once: its text, the words that the rule was stopped, and no buttons.
import { afterEach, describe, expect, it } from 'vitest';
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

describe('a recurring rule stopped while its unpaid notice waits', () => {
  it('the notice says it was stopped and loses its buttons, without a press; nothing is paid', async () => {
    h = await startGroupHarness();
    const owner = h.f.userOf(h.olga);
    const day = new Date(h.db.clock.now).toISOString().slice(0, 10);
    // $5,000 a month from Cash, which holds $2,000: the first one cannot be paid.
    createRecurringRule(h.deps, owner, { familyId: h.f.familyId, kind: 'expense', walletId: h.f.cashId, amountMinor: 5_000_00, description: 'Rent', frequency: 'monthly', startDate: day });
    const told = h.olga.waitForMessage(/cannot be paid/);
    runScheduledWork(h.deps, testConfig(h.tg, h.db.path), createLogger({ level: 'silent' }));
    const notice = await told;
    expect(h.olga.buttons(notice.message_id)).toContain('⏭ Skip this time');

    const list = h.olga.waitForMessage(/Recurring transactions/);
    h.olga.send('/recurring');
    await list;
    const retired = h.olga.waitForMessage((m) => m.message_id === notice.message_id && /⏹ This recurring transaction was stopped; nothing to pay or skip\.$/.test(m.text ?? ''));
    h.olga.press('⏹ Stop 1');
    const edited = await retired;
    expect(edited.text).toBe(`${notice.text}\n\n⏹ This recurring transaction was stopped; nothing to pay or skip.`);
    expect(h.olga.buttons(notice.message_id)).toEqual([]);
    expect(h.entries().filter((t) => t.source === 'recurring')).toEqual([]);
  });
});
