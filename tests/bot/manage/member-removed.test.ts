// Someone removed from a family by its owner or an admin is told, in their own
// language, who removed them and where the bot works for them now: their other
// family (with /family to switch) or none (/start). Before, nothing was said and
// their next quick entry was filed in their other family without a word.
// Someone who leaves on their own is answered in the chat and gets no such notice.
import { afterEach, describe, expect, it } from 'vitest';
import { createFamily, createInvite, findMembership, joinFamily } from '../../../src/domain/index.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../../jobs/support/jobs-harness.js';
import type { FakeUser } from '../../support/fake-telegram.js';
import { family, person, press, say, startHarness, type Harness } from './harness.js';

let jobs: JobsHarness | undefined;
// Registered after the bot harness's own afterEach, so it runs first: the jobs stop before the database goes.
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
});

/** The manager opens /members, picks the person and confirms their removal (labels in `l`, the manager's language). */
async function removeThroughBot(h: Harness, manager: FakeUser, target: string, l = { title: /Members \(\d+\)/, remove: '🚪 Remove from family', yes: '🚪 Yes, remove' }) {
  await say(manager, '/members', l.title);
  await press(h, manager, target);
  await manager.waitForMessage((m) => m.text?.startsWith(`${target}:`) ?? false, { includeExisting: true });
  await press(h, manager, l.remove);
  await press(h, manager, l.yes);
}

describe('a removed member is told', () => {
  it('who removed them and that their entries now go to their other family, with /family to switch', async () => {
    const h = await startHarness();
    jobs = await startJobs(h.db, { tg: h.tg });
    const f = family(h, ['admin']);
    const max = person(h, 'Max');
    createFamily(h.db.deps, max.userId, { name: 'Flat', baseCurrency: 'USD' });
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code);

    const notice = max.tg.waitForMessage(/removed you/);
    await removeThroughBot(h, f.owner.tg, 'Max');
    expect((await notice).text).toBe(
      '🚪 Olga removed you from the family “Home”.\nQuick entries and the menu now work in your family “Flat”; /family switches between your families.',
    );
    expect(findMembership(h.db.deps.db, f.familyId, max.userId)).toBeUndefined();
  });

  it('in Russian, that they are in no family now and /start begins a new one', async () => {
    const h = await startHarness();
    jobs = await startJobs(h.db, { tg: h.tg });
    const f = family(h, ['admin']);
    const max = person(h, 'Макс', 'ru');
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code);

    const notice = max.tg.waitForMessage(/исключил/);
    await removeThroughBot(h, f.people.admin!.tg, 'Макс');
    expect((await notice).text).toBe(
      '🚪 Anna исключил(а) вас из семьи «Home».\nТеперь вы не состоите ни в одной семье. Отправьте /start, чтобы создать новую, или откройте ссылку-приглашение от члена семьи.',
    );
  });

  it('in English with no family left: the /start text', async () => {
    const h = await startHarness();
    jobs = await startJobs(h.db, { tg: h.tg });
    const f = family(h, ['member']);
    const max = f.people.member!;
    const notice = max.tg.waitForMessage(/removed you/);
    await removeThroughBot(h, f.owner.tg, 'Max');
    expect((await notice).text).toBe(
      '🚪 Olga removed you from the family “Home”.\nYou are not in any family now. Send /start to create a new one, or open an invite link from a family member.',
    );
  });
});

describe('someone who leaves on their own', () => {
  it('gets the answer in the chat and no removal notice', async () => {
    const h = await startHarness();
    jobs = await startJobs(h.db, { tg: h.tg });
    const f = family(h, ['member']);
    const max = f.people.member!;
    await say(max.tg, '/members', /Members \(2\)/);
    const confirm = max.tg.waitForMessage(/Leave “Home”\?/);
    await press(h, max.tg, '🚪 Leave the family');
    await confirm;
    const left = max.tg.waitForMessage(/You left “Home”/);
    await press(h, max.tg, '🚪 Yes, leave');
    await left;
    await jobs.settle();
    expect(findMembership(h.db.deps.db, f.familyId, max.userId)).toBeUndefined();
    expect(max.tg.messages().some((m) => /removed you/.test(m.text ?? ''))).toBe(false);
  });
});
