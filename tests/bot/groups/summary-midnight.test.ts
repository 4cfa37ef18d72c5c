// The pinned summary names the family's day it counts; before, it was edited only after a change, so
// past the family's midnight it named yesterday until the next entry. The scheduled work now refreshes
// it once at the family's midnight (its time zone, the test clock): one edit per group and day, none
// when the text did not change.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { familyGroups, outbox } from '../../../src/db/schema.js';
import { updateFamilySettings } from '../../../src/domain/index.js';
import { runScheduledWork } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { testConfig } from '../support/harness.js';
import { linkGroup, updateGroupSettings } from './imports.js';
import { startGroupHarness, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withSummary(visibility: 'entries' | 'everything', timezone: string): Promise<GroupHarness> {
  const harness = await startGroupHarness();
  const owner = harness.f.userOf(harness.olga);
  linkGroup(harness.deps, owner, { familyId: harness.f.familyId, chatId: harness.group.id, title: 'Home' });
  harness.tg.groups.addBot(harness.group, { by: harness.olga, status: 'administrator' });
  updateGroupSettings(harness.deps, owner, { familyId: harness.f.familyId, pinnedSummary: true, visibility });
  updateFamilySettings(harness.deps, owner, { familyId: harness.f.familyId, timezone });
  return harness;
}

/** One pass of the scheduled work (as the jobs' interval runs it); the refreshes queued so far. */
function tick(harness: GroupHarness): number[] {
  runScheduledWork(harness.deps, testConfig(harness.tg, harness.db.path), createLogger({ level: 'silent' }));
  return harness.deps.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.topic, 'group.summary_day')).all().map((r) => r.id);
}

describe('the pinned summary at the family’s midnight', () => {
  it('is edited once when the family’s day begins, not at midnight UTC, and not again that day', async () => {
    h = await withSummary('everything', 'America/Los_Angeles');
    // 23:30 on 30 November in Los Angeles (07:30 on 1 December UTC).
    h.db.clock.set(Date.UTC(2026, 11, 1, 7, 30));
    const pinned = h.tg.waitForCall('pinChatMessage');
    h.g.mia.send('/e 10 tea');
    const summary = await h.g.olga.waitForMessage(/This month: \$10\.00/);
    await pinned;
    expect(summary.text).toMatch(/^📌 November 2026\nNov 30: \$10\.00\n/);
    const edits = () => h!.tg.calls('editMessageText').filter((c) => c.params['message_id'] === summary.message_id);
    const before = edits().length;

    // Past midnight UTC, still 30 November in Los Angeles: nothing to refresh.
    h.db.clock.advance(20 * 60_000);
    expect(tick(h)).toEqual([]);

    // 00:05 on 1 December there: December's first day, with nothing spent yet.
    h.db.clock.advance(15 * 60_000);
    const refreshed = h.g.olga.waitForMessage((m) => m.message_id === summary.message_id && /December/.test(m.text ?? ''));
    const [job] = tick(h);
    expect(job).toBeDefined();
    expect((await refreshed).text).toBe('📌 December 2026\nDec 1: 0\nThis month: 0');
    await h.jobDone(job!);

    // Later that day the scheduled work runs again and again: no other refresh.
    h.db.clock.advance(3 * 3600_000);
    expect(tick(h)).toEqual([job]);
    expect(tick(h)).toEqual([job]);
    expect(edits()).toHaveLength(before + 1);
  });

  it('is not edited when its text is already the day’s (a summary from before the upgrade, its day unknown)', async () => {
    h = await withSummary('entries', 'Europe/Moscow');
    h.db.clock.set(Date.UTC(2026, 11, 1, 9, 0));
    const pinned = h.tg.waitForCall('pinChatMessage');
    h.g.mia.send('/e 10 tea');
    const summary = await h.g.olga.waitForMessage(/This month: 1 expense/);
    await pinned;
    h.deps.db.update(familyGroups).set({ summaryDay: null }).run();
    const [job] = tick(h);
    await h.jobDone(job!);
    expect(h.tg.calls('editMessageText').filter((c) => c.params['message_id'] === summary.message_id)).toHaveLength(0);
    expect(tick(h)).toEqual([job]);

    // Its midnight (Moscow, UTC+3): the new day, counts only (the group sees no amounts).
    h.db.clock.set(Date.UTC(2026, 11, 1, 21, 1));
    const refreshed = h.g.olga.waitForMessage((m) => m.message_id === summary.message_id && /Dec 2/.test(m.text ?? ''));
    expect(tick(h)).toHaveLength(2);
    expect((await refreshed).text).toMatch(/^📌 December 2026\nDec 2: 0 expenses\nThis month: 1 expense\n/);
  });
});
