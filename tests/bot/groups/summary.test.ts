// The group's pinned summary: refreshes of one family never race (the last edit carries the newest
// totals), and a family that keeps money out of the group sees no amounts in it.
import { afterEach, describe, expect, it } from 'vitest';
import { createBudget, updateFamilySettings } from '../../../src/domain/index.js';
import { linkGroup, setUserLocale, updateGroupSettings } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withSummary(visibility: 'entries' | 'everything'): Promise<GroupHarness> {
  const harness = await startGroupHarness();
  const owner = harness.f.userOf(harness.olga);
  linkGroup(harness.deps, owner, { familyId: harness.f.familyId, chatId: harness.group.id, title: 'Home' });
  harness.tg.groups.addBot(harness.group, { by: harness.olga, status: 'administrator' });
  updateGroupSettings(harness.deps, owner, { familyId: harness.f.familyId, pinnedSummary: true, visibility });
  return harness;
}

describe('the pinned summary', () => {
  it('is refreshed one at a time per family: a burst during a slow edit ends with one more edit, with the final totals', async () => {
    h = await withSummary('everything');
    const { g, tg } = h;
    h.olga.send('1 gum');
    const summary = await g.olga.waitForMessage(/This month: \$1\.00/);
    const edits = () => tg.calls('editMessageText').filter((c) => c.params['message_id'] === summary.message_id);

    // Telegram is slow with the first edit (Mia's entry: $11); meanwhile Adam (in the group) and Olga
    // (privately) enter theirs, each in a chat of its own, so the runner handles them side by side.
    const slow = tg.holdNext('editMessageText', (c) => c.params['message_id'] === summary.message_id);
    g.mia.send('/e 10 tea');
    expect((await slow.reached).params['text']).toMatch(/This month: \$11\.00/);
    g.adam.send('/e 5 bun');
    await waitFor(g.adam, /bun/);
    h.olga.send('20 milk');
    await h.olga.waitForMessage(/milk/);
    // One more round trip through the bot (Oscar is not in the family: no summary for him), so Olga's
    // update is past its entry too.
    g.oscar.send('/e 1 cake');
    await g.oscar.waitForMessage(/not in the family/);
    slow.release();

    // Every update of the burst is handled (a handler ends once its summary is out).
    await tg.waitForConfirmation(tg.nextUpdateId() - 1);
    // The slow edit, then one edit that read the books after it: never the stale one last.
    expect(edits().map((c) => /This month: (\S+)/.exec(String(c.params['text']))?.[1])).toEqual(['$11.00', '$36.00']);
    expect(g.olga.messages().find((m) => m.message_id === summary.message_id)?.text).toMatch(/This month: \$36\.00/);
  });

  it('shows counts and no amounts where the family keeps balances and reports out of the group', async () => {
    h = await withSummary('entries');
    const { g, tg } = h;
    createBudget(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, amountMinor: 50_000 });
    g.mia.send('/e 10 tea');
    const summary = await g.olga.waitForMessage(/This month: 1 expense$/m);
    expect(summary.text).toMatch(/^Nov 25: 1 expense$/m);
    expect(summary.text).toMatch(/Amounts stay out of this group/);
    expect(summary.text).not.toMatch(/\$|10|Budget/);
    h.olga.send('20 milk');
    const edited = await g.olga.waitForMessage(/This month: 2 expenses/);
    expect(edited.message_id).toBe(summary.message_id);
    expect(edited.text).not.toMatch(/\$|30|Budget/);

    // The owner lets the group see balances and reports: the same message shows the amounts.
    const shown = g.olga.waitForMessage(/Group settings of the family/);
    g.olga.send('/groupsettings');
    const settings = await shown;
    g.olga.press(/^Group sees/, { messageId: settings.message_id });
    const open = await g.olga.waitForMessage(/This month: \$30\.00/);
    expect(open.message_id).toBe(summary.message_id);
    expect(open.text).toMatch(/Budget: \$30\.00 of \$500\.00 \(6%\)/);
    expect(tg.calls('sendMessage').filter((c) => /This month/.test(String(c.params['text'])))).toHaveLength(1);
  });

  it("names the month as /report does, in the family's language whoever's entry moved it", async () => {
    h = await withSummary('entries');
    setUserLocale(h.deps, h.f.userOf(h.mia), 'ru');
    h.g.mia.send('/e 10 tea');
    const summary = await h.g.olga.waitForMessage(/^Nov 25: 1 expense$/m);
    expect(summary.text).toMatch(/^📌 November 2026\n/);
  });

  it("names the family's day it counts, not 'Today': read the next morning it is still true, and past midnight a new month and day begin", async () => {
    h = await withSummary('everything');
    const owner = h.f.userOf(h.olga);
    updateFamilySettings(h.deps, owner, { familyId: h.f.familyId, timezone: 'America/Los_Angeles' });
    // 23:30 on 30 November in Los Angeles (UTC-8).
    h.db.clock.set(Date.UTC(2026, 11, 1, 7, 30));
    h.g.mia.send('/e 10 tea');
    const summary = await h.g.olga.waitForMessage(/This month: \$10\.00/);
    expect(summary.text).toMatch(/^📌 November 2026\nNov 30: \$10\.00\n/);
    expect(summary.text).not.toMatch(/Today/);

    // 00:30 on 1 December there: December's first expense, on its own day.
    h.db.clock.advance(3600_000);
    h.olga.send('20 milk');
    const edited = await h.g.olga.waitForMessage((m) => m.message_id === summary.message_id && /December/.test(m.text ?? ''), { includeExisting: true });
    expect(edited.text).toMatch(/^📌 December 2026\nDec 1: \$20\.00\nThis month: \$20\.00/);
  });
});
