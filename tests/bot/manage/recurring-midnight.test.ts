// The first date of a recurring entry around the family's midnight: the
// [Today] and [Tomorrow] buttons name the days as they are when the question is
// asked, in the family's time zone, not when /recurring's ➕ was pressed.
import { describe, expect, it } from 'vitest';
import { updateFamilySettings } from '../../../src/domain/index.js';
import { listRecurringRules } from '../../../src/domain/recurring/index.js';
import { family, press, say, startHarness } from './harness.js';

const MINUTE = 60_000;

describe('recurring: the first date around midnight', () => {
  it('begun at 23:50 in Auckland and asked for the date at 00:05, offers the new day as today and tomorrow after it', async () => {
    const h = await startHarness();
    const f = family(h);
    updateFamilySettings(h.db.deps, f.owner.userId, { familyId: f.familyId, timezone: 'Pacific/Auckland' });
    // 23:50 on 1 December in Auckland (NZDT, UTC+13).
    h.db.clock.set(Date.UTC(2026, 11, 1, 10, 50));
    const owner = f.owner.tg;
    await say(owner, '/recurring', /No recurring transactions yet/);
    await press(h, owner, '➕ Add recurring');
    await press(h, owner, '➖ Expense');
    await owner.waitForMessage(/How much/, { includeExisting: true });
    await say(owner, '40', /Which category/);
    await press(h, owner, '🏠 Housing');
    await owner.waitForMessage(/How often/, { includeExisting: true });
    // Past midnight there: 2 December.
    h.db.clock.advance(15 * MINUTE);
    const asked = owner.waitForMessage(/When is the first one/);
    await press(h, owner, 'weekly');
    const question = await asked;
    const labels = question.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(labels).toContain('Today Dec 2');
    expect(labels).toContain('Tomorrow Dec 3');

    const created = owner.waitForMessage(/Added: ➖ Expense: \$40\.00, 🏠 Housing, Cash, weekly, next Dec 3, 2026/);
    await press(h, owner, 'Tomorrow Dec 3');
    await created;
    expect(listRecurringRules(h.db.deps, f.owner.userId, f.familyId).map((r) => r.startDate)).toEqual(['2026-12-03']);
  });
});
