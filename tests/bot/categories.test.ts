// /categories as a person uses it: a member adds one with an emoji, renames
// it, changes its emoji (a non-emoji is asked again) and archives it; a viewer
// only looks.
import { describe, expect, it } from 'vitest';
import { listCategories } from '../../src/domain/index.js';
import { family, press, say, startHarness } from './manage/harness.js';

describe('categories in the bot', () => {
  it('a member adds, renames, sets the emoji and archives a category', async () => {
    const h = await startHarness();
    const f = family(h, ['member', 'viewer']);
    const tg = f.people.member!.tg;
    const find = (name: string) => listCategories(h.db.deps, f.owner.userId, f.familyId).find((c) => c.name === name);

    const list = await say(tg, '/categories', /Categories/);
    expect(list.text).toContain('🛒 Groceries');
    const kind = tg.waitForMessage(/expenses or of income/);
    await press(h, tg, '➕ Add a category');
    await kind;
    const nameQ = tg.waitForMessage(/Its name/);
    await press(h, tg, '➖ Expenses');
    await nameQ;
    // A name the core refuses (over 48 characters) is asked for again, not the emoji.
    await say(tg, 'P'.repeat(60), /one emoji/);
    const refused = await say(tg, '🐶', /1–48 characters/);
    expect(refused.text).toContain('Its name?');
    await say(tg, 'Pets', /one emoji/);
    const saved = await say(tg, '🐶', /Saved/);
    expect(saved.text).toContain('🐶 Pets');
    const n = saved.text!.split('\n').find((l) => l.endsWith('🐶 Pets'))!.split('.')[0]!;

    const what = tg.waitForMessage(/What should change in “🐶 Pets”/);
    await press(h, tg, `✏️ ${n}`);
    await what;
    const rename = tg.waitForMessage(/Its name/);
    await press(h, tg, '✏️ Rename');
    await rename;
    await say(tg, 'Pets & vet', /Saved/);
    expect(find('Pets & vet')?.emoji).toBe('🐶');

    const what2 = tg.waitForMessage(/What should change/);
    await press(h, tg, `✏️ ${n}`);
    await what2;
    const emojiQ = tg.waitForMessage(/one emoji/);
    await press(h, tg, '😀 Emoji');
    await emojiQ;
    await say(tg, 'cat', /one emoji/);
    await say(tg, '🐈', /Saved/);
    expect(find('Pets & vet')?.emoji).toBe('🐈');

    const what3 = tg.waitForMessage(/What should change/);
    await press(h, tg, `✏️ ${n}`);
    await what3;
    const archived = tg.waitForMessage(/Saved/);
    await press(h, tg, '🗄 Archive');
    expect((await archived).text).not.toContain('Pets');
    expect(find('Pets & vet')).toBeUndefined();

    const viewer = f.people.viewer!.tg;
    await say(viewer, '/categories', /Categories/);
    expect(viewer.buttons()).toEqual([]);
  });
});
