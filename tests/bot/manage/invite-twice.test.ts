// A role button of /invite makes one link per /invite message: a double tap
// (two presses handled one after the other) or a press delivered again finds
// the link made first and says where it is (a press delivered again before the
// message showed it shows it: redelivered-codes.test.ts); a new /invite makes
// a new one.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { eventLog, invites } from '../../../src/db/schema.js';
import { family, press, say, startHarness } from './harness.js';

describe('an invite role button pressed twice', () => {
  it('makes one link; the second press is told the link is above; /invite again makes another', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/invite', /Choose their role/);
    const link = owner.waitForMessage(/t\.me/);
    const first = owner.press('Viewer');
    const second = owner.press('Member');
    await h.tg.waitForCallbackAnswer(first);
    const again = await h.tg.waitForCallbackAnswer(second);
    await link;

    const made = () => h.db.deps.db.select().from(invites).where(eq(invites.familyId, f.familyId)).all();
    expect(made().map((i) => i.role)).toEqual(['viewer']);
    expect(h.db.deps.db.select().from(eventLog).where(eq(eventLog.action, 'invite.created')).all()).toHaveLength(1);
    expect(again).toMatchObject({ text: 'This message already made its link: it is above. For another one, send /invite again.' });
    // The message still shows the first (and only) link.
    expect(owner.messages().filter((m) => /t\.me/.test(m.text ?? ''))).toHaveLength(1);
    expect(owner.messages().at(-1)?.text).toMatch(/new viewer/);

    await say(owner, '/invite', /Links still open \(1\)/);
    const second_link = owner.waitForMessage(/new member/);
    await press(h, owner, 'Member');
    await second_link;
    expect(made().map((i) => i.role)).toEqual(['viewer', 'member']);
  });
});
