// /settings' [📥 Incomes wait] button names the value it sets: a double tap,
// or the owner and an admin pressing the same button at once, sets it once;
// a button drawn before it named a value changes nothing.
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../../src/domain/index.js';
import { family, forgePress, press, say, startHarness } from './harness.js';

describe('the incomes-wait setting', () => {
  it('a double tap turns it on once; the next button turns it off', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    const shown = await say(owner, '/settings', /Settings/);
    // Two presses of the same button before the bot answers the first.
    const first = owner.press('📥 Incomes wait: off', { messageId: shown.message_id });
    const second = owner.press('📥 Incomes wait: off', { messageId: shown.message_id });
    const on = "Members' incomes now wait for approval too.";
    expect(await h.tg.waitForCallbackAnswer(first)).toMatchObject({ text: on });
    expect(await h.tg.waitForCallbackAnswer(second)).toMatchObject({ text: on });
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(true);
    await owner.waitForMessage(() => owner.buttons(shown.message_id).includes('📥 Incomes wait: on'), { includeExisting: true });

    const a = owner.press('📥 Incomes wait: on', { messageId: shown.message_id });
    const b = owner.press('📥 Incomes wait: on', { messageId: shown.message_id });
    await h.tg.waitForCallbackAnswer(a);
    await h.tg.waitForCallbackAnswer(b);
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(false);
  });

  it('the owner and an admin pressing the same button at once set it once', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const owner = f.owner.tg;
    const anna = f.people.admin!.tg;
    await say(owner, '/settings', /Settings/);
    await say(anna, '/settings', /Settings/);
    const byOwner = owner.press('📥 Incomes wait: off');
    const byAdmin = anna.press('📥 Incomes wait: off');
    await h.tg.waitForCallbackAnswer(byOwner);
    await h.tg.waitForCallbackAnswer(byAdmin);
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(true);
  });

  it('a button from before it named a value, or a forged value, changes nothing and is answered as out of date', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/settings', /Settings/);
    for (const data of ['m1:s:inc', 'm1:s:inc:2', 'm1:s:inc:yes']) {
      expect(await h.tg.waitForCallbackAnswer(forgePress(h, owner, data)), data).toMatchObject({ text: 'This button is out of date. Open the menu again.' });
      expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(false);
    }
    // The settings are shown again with a current button, which works.
    expect(owner.buttons()).toContain('📥 Incomes wait: off');
    await press(h, owner, '📥 Incomes wait: off');
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).incomesNeedApproval).toBe(true);
  });
});
