// An admin made a member (or viewer), or removed from the family, while a request's card waits in their private chat:
// the jobs take the card's buttons away at once, with a line saying why, and a press that comes first is
// refused by the core and does the same. Before, the press was refused but the buttons stayed, to be pressed
// (and refused) again. In the family group the card stays pressable for those who may decide: a member's press
// there is refused and changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { adjustWalletBalance, changeMemberRole, pendingTransactions, removeMember } from '../../../src/domain/index.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../../jobs/support/jobs-harness.js';
import { family, person, say, startHarness, type FamilySetup, type Harness, type Person } from './harness.js';

let jobs: JobsHarness | undefined;
afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
});

/** A family with these members besides its owner Olga, its cash funded, and the jobs running (they send the request cards). */
async function fundedFamily(h: Harness, roles: Parameters<typeof family>[1]): Promise<FamilySetup> {
  jobs = await startJobs(h.db, { tg: h.tg });
  const f = family(h, roles);
  adjustWalletBalance(h.db.deps, f.owner.userId, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 100_000 });
  return f;
}

/**
 * The member Max's "600 tv" waits for approval: the request card `approver` got. The jobs stop then: these
 * cases are about the press itself, before the jobs take the buttons away (the last case).
 */
async function requestCard(f: FamilySetup, approver: Person, shows: RegExp = /Max asks for approval/) {
  const request = approver.tg.waitForMessage(shows);
  await say(f.people.member!.tg, '600 tv', /waits for approval/);
  const card = await request;
  await jobs!.stop();
  jobs = undefined;
  return card;
}

describe('an approver whose role changed', () => {
  it('presses ✅ on an older request card: refused, and the card loses its buttons', async () => {
    const h = await startHarness();
    const f = await fundedFamily(h, ['admin', 'member']);
    const anna = f.people.admin!;
    const card = await requestCard(f, anna);
    changeMemberRole(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId, role: 'member' });

    const edited = anna.tg.waitForMessage((m) => m.message_id === card.message_id && (m.text ?? '').includes('🔒'));
    const answer = await h.tg.waitForCallbackAnswer(anna.tg.press('✅ Approve', { messageId: card.message_id }));
    expect(answer).toMatchObject({ text: 'You are not allowed to decide this request.', show_alert: true });
    expect((await edited).text).toBe(`${card.text}\n\n🔒 You can no longer decide requests in this family.`);
    expect(anna.tg.buttons(card.message_id)).toEqual([]);
    // Nothing was decided: the request still waits for Olga.
    expect(pendingTransactions(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });

  it('removed from the family meanwhile: refused the same way, the card loses its buttons', async () => {
    const h = await startHarness();
    const f = await fundedFamily(h, ['admin', 'member']);
    const anna = f.people.admin!;
    const card = await requestCard(f, anna);
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId });

    const edited = anna.tg.waitForMessage((m) => m.message_id === card.message_id && (m.text ?? '').includes('🔒'));
    await h.tg.waitForCallbackAnswer(anna.tg.press('❌ Reject', { messageId: card.message_id }));
    expect((await edited).text).toBe(`${card.text}\n\n🔒 You can no longer decide requests in this family.`);
    expect(anna.tg.buttons(card.message_id)).toEqual([]);
    expect(pendingTransactions(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });

  it('in Russian', async () => {
    const h = await startHarness();
    const f = await fundedFamily(h, ['member']);
    const ira = person(h, 'Ира', 'ru');
    const { createInvite, joinFamily } = await import('../../../src/domain/index.js');
    joinFamily(h.db.deps, ira.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' }).code);
    const card = await requestCard(f, ira, /Max.*\n.*Расход/);
    changeMemberRole(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: ira.userId, role: 'viewer' });
    const edited = ira.tg.waitForMessage((m) => m.message_id === card.message_id && (m.text ?? '').includes('🔒'));
    await h.tg.waitForCallbackAnswer(ira.tg.press(/Отклонить/, { messageId: card.message_id }));
    expect((await edited).text).toBe(`${card.text}\n\n🔒 Вы больше не можете решать запросы этой семьи.`);
    expect(ira.tg.buttons(card.message_id)).toEqual([]);
  });

  it('is not left with the buttons until a press: made a member, or removed, the waiting cards lose them at once', async () => {
    const h = await startHarness();
    const f = await fundedFamily(h, ['admin', 'member']);
    const anna = f.people.admin!;
    const ira = person(h, 'Ira');
    const { createInvite, joinFamily } = await import('../../../src/domain/index.js');
    joinFamily(h.db.deps, ira.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' }).code);
    const toAnna = anna.tg.waitForMessage(/Max asks for approval/);
    const toIra = ira.tg.waitForMessage(/Max asks for approval/);
    const toOlga = f.owner.tg.waitForMessage(/Max asks for approval/);
    await say(f.people.member!.tg, '600 tv', /waits for approval/);
    const [annas, iras, olgas] = await Promise.all([toAnna, toIra, toOlga]);

    changeMemberRole(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId, role: 'member' });
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: ira.userId });
    const line = '🔒 You can no longer decide requests in this family.';
    expect((await anna.tg.waitForMessage((m) => m.message_id === annas.message_id && (m.text ?? '').includes('🔒'), { includeExisting: true })).text).toBe(`${annas.text}\n\n${line}`);
    expect((await ira.tg.waitForMessage((m) => m.message_id === iras.message_id && (m.text ?? '').includes('🔒'), { includeExisting: true })).text).toBe(`${iras.text}\n\n${line}`);
    expect(anna.tg.buttons(annas.message_id)).toEqual([]);
    expect(ira.tg.buttons(iras.message_id)).toEqual([]);
    // Olga may still decide: her card keeps its buttons, and the request still waits.
    await jobs!.settle();
    expect(f.owner.tg.buttons(olgas.message_id)).toEqual(['✅ Approve', '❌ Reject']);
    expect(pendingTransactions(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });
});
