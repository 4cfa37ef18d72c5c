// A person in two families: joining the second says where entries now go, and
// /family shows which family the bot works in and switches it.
import { describe, expect, it } from 'vitest';
import { createFamily, createInvite, getActiveFamilyId, listTransactions } from '../../../src/domain/index.js';
import { family, person, press, say, startHarness } from './harness.js';

describe('a person in two families', () => {
  it('is told where entries go after joining another family, and /family switches back', async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const petr = person(h, 'Petr');
    const parents = createFamily(h.db.deps, petr.userId, { name: 'Parents', baseCurrency: 'USD' });
    const code = createInvite(h.db.deps, petr.userId, { familyId: parents.id, role: 'member' }).code;

    const joined = await say(olga.tg, `/start ${code}`, /You joined “Parents”/);
    expect(joined.text).toContain('Quick entries and the menu now work in “Parents”');
    expect(joined.text).toContain('/family');

    const list = await say(olga.tg, '/family', /Your families/);
    expect(list.text).toBe('👪 Your families (quick entries and the menu work in the one marked ●):\n\n○ Home: Owner\n● Parents: Member');
    expect(olga.tg.buttons()).toEqual(['Work in “Home”']);

    const answer = await press(h, olga.tg, 'Work in “Home”');
    expect(answer).toMatchObject({ text: 'Now working in “Home”.' });
    expect(getActiveFamilyId(h.db.deps, olga.userId)).toBe(home.familyId);
    await olga.tg.waitForMessage(/● Home: Owner\n○ Parents: Member/, { includeExisting: true });

    // The next quick entry is filed in Home, not in Parents.
    await say(olga.tg, '+100 salary', /salary/i);
    expect(listTransactions(h.db.deps, olga.userId, { familyId: home.familyId }).items).toHaveLength(1);
    expect(listTransactions(h.db.deps, olga.userId, { familyId: parents.id }).items).toHaveLength(0);
  });

  it('says so when the person is in one family only', async () => {
    const h = await startHarness();
    const home = family(h);
    const list = await say(home.owner.tg, '/family', /Your families/);
    expect(list.text).toBe('👪 Your families (quick entries and the menu work in the one marked ●):\n\n● Home: Owner');
    expect(list.reply_markup).toBeUndefined();
  });

  it('speaks Russian', async () => {
    const h = await startHarness();
    const olga = person(h, 'Ольга', 'ru');
    createFamily(h.db.deps, olga.userId, { name: 'Дом', baseCurrency: 'RUB' });
    const list = await say(olga.tg, '/family', /Ваши семьи/);
    expect(list.text).toContain('● Дом: Владелец');
  });
});
