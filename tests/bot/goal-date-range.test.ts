// A goal's date in the bot: a date before 1970-01-01 (0050-01-01, which
// JavaScript's Date reads as 1950) or an impossible one gets a localized answer
// that says what to send, and the question is asked again; nothing is saved.
// Before, both got the generic "Something in that is not right".
import { describe, expect, it } from 'vitest';
import { createWallet, listGoals } from '../../src/domain/index.js';
import { family, goalUpToItsDate, say, startHarness } from './manage/harness.js';

describe('a goal date outside 1970-01-01 to 9999-12-31', () => {
  it('is refused with the range, an impossible date with the form, and the next date saves the goal', async () => {
    const h = await startHarness();
    const f = family(h);
    createWallet(h.db.deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const tg = f.owner.tg;
    await goalUpToItsDate(h, tg, 'Bike', '🏦 Piggy (USD)', '300');
    // The refusal is said before the question, asked again.
    const year50 = await say(tg, '0050-01-01', /1970-01-01 to 9999-12-31/);
    expect(year50.text).toMatch(/^Send a date from 1970-01-01 to 9999-12-31, written YYYY-MM-DD .*\n\nBy when\?/s);
    const impossible = await say(tg, '2027-02-30', /still to come/);
    expect(impossible.text).toMatch(/^Send a date still to come, written YYYY-MM-DD .*\n\nBy when\?/s);
    expect(listGoals(h.db.deps, f.owner.userId, f.familyId)).toEqual([]);
    await say(tg, '2027-04-30', /Goal “Bike” added/);
  });
});
