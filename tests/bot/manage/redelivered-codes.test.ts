// A one-time code shown by the bot (a /link binding code, an /invite link),
// its update handled again after a crash: only the code's hash is stored, so
// the code is derived from the update's key (HMAC with a server secret) and the
// same update shows the same code again, and leaves it working. A new /link
// message still replaces the code; a second tap on an /invite message whose
// link is already shown is told it is above.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { previewBinding } from '../../../src/domain/auth/binding.js';
import { invites } from '../../../src/db/schema.js';
import { joinFamily, listFamiliesForUser, registerUser } from '../../../src/domain/index.js';
import { family, person, say, startHarness } from './harness.js';
import { answerThenRedeliver, pressTwice } from './redelivery.js';

const codesShown = (texts: Array<string | undefined>): string[] => texts.flatMap((t) => /code: (\S+)/.exec(t ?? '')?.[1] ?? []);

describe('/link delivered again after a crash', () => {
  it('shows the same code, which still works; a new /link replaces it', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    await answerThenRedeliver(h, tg, '/link', /one-time code/);
    const [code, again] = codesShown(tg.messages().map((m) => m.text));
    expect(again).toBe(code);
    const web = await registerUser(h.db.deps, { email: 'olga@example.com', password: 'correct horse battery staple', name: 'Olga' });
    expect(previewBinding(h.db.deps, web.id, { code: code! }).telegram.chatId).toBe(tg.chatId);

    // A new /link message is a new request: a new code, and the first one stops working.
    const next = codesShown([(await say(tg, '/link', /one-time code/)).text])[0];
    expect(next).not.toBe(code);
    expect(() => previewBinding(h.db.deps, web.id, { code: code! })).toThrow(/expired/);
    expect(previewBinding(h.db.deps, web.id, { code: next! }).telegram.chatId).toBe(tg.chatId);
  });
});

describe('an /invite role button delivered again after a crash', () => {
  it('before the message showed the link: shows the same link, which works; one link made', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/invite', /Choose their role/);
    const { first, again } = await pressTwice(h, owner, 'Viewer', { unedited: true });
    // Answered as the first time: the link in the message, no toast.
    expect(first).toBeUndefined();
    expect(again).toBe(first);
    const shown = owner.messages().at(-1)?.text ?? '';
    expect(shown).toMatch(/new viewer/);
    expect(h.db.deps.db.select().from(invites).where(eq(invites.familyId, f.familyId)).all()).toHaveLength(1);
    const code = /start=(\S+)/.exec(shown)?.[1];
    const max = person(h, 'Max');
    expect(joinFamily(h.db.deps, max.userId, code!).role).toBe('viewer');
    expect(listFamiliesForUser(h.db.deps, max.userId).map((x) => x.id)).toEqual([f.familyId]);
  });

  it('after the message showed the link: told it is above, the message unchanged', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/invite', /Choose their role/);
    const { again } = await pressTwice(h, owner, 'Viewer');
    const shown = owner.messages().at(-1)?.text ?? '';
    expect(again).toBe('This message already made its link: it is above. For another one, send /invite again.');
    expect(shown).toMatch(/new viewer/);
    expect(h.db.deps.db.select().from(invites).where(eq(invites.familyId, f.familyId)).all()).toHaveLength(1);
  });
});
