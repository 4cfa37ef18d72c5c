// /members and /invite: roles shown, changed and removed through the core;
// invite links as t.me deep links with their expiry.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { eventLog, invites } from '../../../src/db/schema.js';
import { changeMemberRole, createInvite, findMembership, findUserByChat, joinFamily, listMembers, removeMember, revokeInvite } from '../../../src/domain/index.js';
import { family, forgePress, person, press, say, startHarness } from './harness.js';

describe('members', () => {
  it('lists members with roles; the owner changes a role and removes someone', async () => {
    const h = await startHarness();
    const f = family(h, ['admin', 'member', 'viewer']);
    const owner = f.owner.tg;
    const list = await say(owner, '/members', /Members \(4\)/);
    expect(list.text).toBe('👥 Members (4)\n\n• Olga: Owner (you)\n• Anna: Admin\n• Max: Member\n• Vera: Viewer');
    expect(owner.buttons()).toEqual(['Anna', 'Max', 'Vera']);

    const card = owner.waitForMessage('Max: Member');
    await press(h, owner, 'Max');
    await card;
    expect(owner.buttons()).toEqual(['Make admin', 'Make viewer', '👑 Hand over ownership', '🚪 Remove from family', '« Members']);
    const answer = await press(h, owner, 'Make viewer');
    expect(answer).toMatchObject({ text: 'Role changed.' });
    expect(findMembership(h.db.deps.db, f.familyId, f.people.member!.userId)?.role).toBe('viewer');
    await owner.waitForMessage('• Max: Viewer', { includeExisting: true });

    await press(h, owner, 'Vera');
    const confirm = owner.waitForMessage(/Remove Vera from the family\?/);
    await press(h, owner, '🚪 Remove from family');
    await confirm;
    await press(h, owner, '🚪 Yes, remove');
    expect(listMembers(h.db.deps, f.owner.userId, f.familyId).map((m) => m.name)).toEqual(['Olga', 'Anna', 'Max']);
  });

  it('lets an admin manage members and viewers only; the core refuses touching the owner', async () => {
    const h = await startHarness();
    const f = family(h, ['admin', 'member']);
    const anna = f.people.admin!.tg;
    await say(anna, '/members', /Members \(3\)/);
    expect(anna.buttons()).toEqual(['Max', '🚪 Leave the family']);
    await press(h, anna, 'Max');
    await anna.waitForMessage('Max: Member', { includeExisting: true });
    expect(anna.buttons()).toEqual(['Make viewer', '🚪 Remove from family', '« Members']);

    const forged = await h.tg.waitForCallbackAnswer(forgePress(h, anna, `m1:mb:r:${f.owner.userId}:viewer`));
    expect(forged).toMatchObject({ show_alert: true, text: "Your role does not allow this. Ask the family's owner or an admin." });
    const promote = await h.tg.waitForCallbackAnswer(forgePress(h, anna, `m1:mb:r:${f.people.member!.userId}:admin`));
    expect(promote).toMatchObject({ show_alert: true });
    expect(findMembership(h.db.deps.db, f.familyId, f.owner.userId)?.role).toBe('owner');
    expect(findMembership(h.db.deps.db, f.familyId, f.people.member!.userId)?.role).toBe('member');
  });

  it('shows members the list with only a way to leave', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    await say(f.people.member!.tg, '/members', /Members \(2\)/);
    expect(f.people.member!.tg.buttons()).toEqual(['🚪 Leave the family']);
  });
});

describe('invite', () => {
  it('creates a t.me deep link for the chosen role; a new person opens it and joins once', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const owner = f.owner.tg;
    await say(owner, '/invite', /Choose their role/);
    expect(owner.buttons()).toEqual(['Member', 'Viewer', 'Admin']);
    const link = owner.waitForMessage(/t\.me/);
    await press(h, owner, 'Viewer');
    const text = (await link).text ?? '';
    const match = /https:\/\/t\.me\/finance_test_bot\?start=(\S+)/.exec(text);
    expect(match).not.toBeNull();
    expect(text).toContain('expires on Dec 2, 2026');

    // A new person opens the link: bot-a's /start joins them with the invited role.
    const nina = h.tg.user({ id: 2001, first_name: 'Nina', language_code: 'en' });
    const welcome = nina.waitForMessage(() => true);
    nina.send(`/start ${match![1]!}`);
    await welcome;
    const ninaId = findUserByChat(h.db.deps, nina.chatId)?.id;
    expect(ninaId).toBeDefined();
    expect(findMembership(h.db.deps.db, f.familyId, ninaId!)?.role).toBe('viewer');
    await say(nina, '/members', '• Nina: Viewer (you)');
    // The link works once.
    expect(() => joinFamily(h.db.deps, person(h, 'Late').userId, match![1]!)).toThrow(/already been used/);

    // An admin may not hand out the admin role: no button, and the core refuses a forged one.
    const anna = f.people.admin!.tg;
    await say(anna, '/invite', /Choose their role/);
    expect(anna.buttons()).toEqual(['Member', 'Viewer']);
    const forged = await h.tg.waitForCallbackAnswer(forgePress(h, anna, 'm1:i:r:admin'));
    expect(forged).toMatchObject({ show_alert: true, text: "Your role does not allow this. Ask the family's owner or an admin." });
  });
});

describe('revoking an invite', () => {
  it('lists the open links with author, role and expiry; a revoked link answers like an expired one; twice is one revocation', async () => {
    const h = await startHarness();
    const f = family(h, ['admin', 'member']);
    const anna = f.people.admin!;
    const forMax = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'viewer' }).code;
    const annas = createInvite(h.db.deps, anna.userId, { familyId: f.familyId, role: 'member' });
    const adminLink = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' });

    const owner = f.owner.tg;
    const screen = await say(owner, '/invite', /Links still open \(3\)/);
    expect(screen.text).toBe(
      'Who are you inviting? Choose their role:\n\nLinks still open (3):\n' +
        '1. Viewer · made by Olga · expires Dec 2, 2026, 12:00 PM\n' +
        '2. Member · made by Anna · expires Dec 2, 2026, 12:00 PM\n' +
        '3. Admin · made by Olga · expires Dec 2, 2026, 12:00 PM',
    );
    expect(owner.buttons()).toEqual(['Member', 'Viewer', 'Admin', '✖ Revoke 1', '✖ Revoke 2', '✖ Revoke 3']);
    // An admin sees every open link but may take back only those they could hand out.
    await say(anna.tg, '/invite', /Links still open \(3\)/);
    expect(anna.tg.buttons()).toEqual(['Member', 'Viewer', '✖ Revoke 1', '✖ Revoke 2']);
    const forged = await h.tg.waitForCallbackAnswer(forgePress(h, anna.tg, `m1:i:x:${adminLink.inviteId}`));
    expect(forged).toMatchObject({ show_alert: true });
    expect(() => revokeInvite(h.db.deps, f.people.member!.userId, { familyId: f.familyId, inviteId: annas.inviteId })).toThrow(/does not allow/);

    // The owner revokes Anna's link: the screen lists the two left.
    const updated = owner.waitForMessage(/Links still open \(2\)/);
    expect(await press(h, owner, '✖ Revoke 2')).toMatchObject({ text: 'Link revoked: it no longer works.' });
    expect((await updated).text).not.toContain('Anna');
    const revokedAt = h.db.deps.db.select().from(invites).where(eq(invites.id, annas.inviteId)).get()?.revokedAt;
    expect(revokedAt).not.toBeNull();
    // A second press of the same button (a double tap, a stale screen) changes nothing more.
    const again = await h.tg.waitForCallbackAnswer(forgePress(h, owner, `m1:i:x:${annas.inviteId}`));
    expect(again).toMatchObject({ text: 'This link was already revoked.' });
    expect(h.db.deps.db.select().from(invites).where(eq(invites.id, annas.inviteId)).get()?.revokedAt).toBe(revokedAt);
    expect(h.db.deps.db.select().from(eventLog).where(eq(eventLog.action, 'invite.revoked')).all()).toHaveLength(1);

    // Whoever holds the revoked link is told it has expired; nothing joined. The other links still work.
    const nina = person(h, 'Nina');
    await say(nina.tg, `/start ${annas.code}`, 'This invite link has expired or was taken back. Ask a family member for a new one.');
    expect(findMembership(h.db.deps.db, f.familyId, nina.userId)).toBeUndefined();
    await say(nina.tg, `/start ${forMax}`, /You joined “Home”/);
  });
});

describe('leaving and handing over', () => {
  it('lets the owner hand the family to another member and then leave it as an admin', async () => {
    const h = await startHarness();
    const f = family(h, ['admin', 'member']);
    const owner = f.owner.tg;
    await say(owner, '/members', /Members \(3\)/);
    await press(h, owner, 'Anna');
    await owner.waitForMessage('Anna: Admin', { includeExisting: true });
    expect(owner.buttons()).toContain('👑 Hand over ownership');
    const confirm = owner.waitForMessage(/Make Anna the owner of the family\?/);
    await press(h, owner, '👑 Hand over ownership');
    await confirm;
    const answer = await press(h, owner, '👑 Yes, hand over');
    expect(answer).toMatchObject({ text: 'Anna is now the owner.' });
    expect(findMembership(h.db.deps.db, f.familyId, f.people.admin!.userId)?.role).toBe('owner');
    expect(findMembership(h.db.deps.db, f.familyId, f.owner.userId)?.role).toBe('admin');
    await owner.waitForMessage('• Olga: Admin (you)\n• Anna: Owner\n• Max: Member', { includeExisting: true });

    // Olga, an admin now, may leave: confirmed, then gone, the family keeps its owner.
    expect(owner.buttons()).toContain('🚪 Leave the family');
    const leave = owner.waitForMessage(/Leave “Home”\?/);
    await press(h, owner, '🚪 Leave the family');
    await leave;
    const left = owner.waitForMessage(/You left “Home”/);
    await press(h, owner, '🚪 Yes, leave');
    await left;
    expect(findMembership(h.db.deps.db, f.familyId, f.owner.userId)).toBeUndefined();
    expect(listMembers(h.db.deps, f.people.admin!.userId, f.familyId).map((m) => [m.name, m.role])).toEqual([['Anna', 'owner'], ['Max', 'member']]);
  });

  it('offers the owner no way to leave, and the core refuses a forged one', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const owner = f.owner.tg;
    await say(owner, '/members', /Members \(2\)/);
    expect(owner.buttons()).not.toContain('🚪 Leave the family');
    const forged = await h.tg.waitForCallbackAnswer(forgePress(h, owner, 'm1:mb:lvok'));
    expect(forged).toMatchObject({ show_alert: true, text: 'Hand over ownership to another member first.' });
    expect(findMembership(h.db.deps.db, f.familyId, f.owner.userId)?.role).toBe('owner');
    // An admin cannot hand over what is not theirs.
    const anna = await (async () => {
      const p = person(h, 'Anna');
      joinFamily(h.db.deps, p.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' }).code);
      return p;
    })();
    await say(anna.tg, '/members', /Members \(3\)/);
    const grab = await h.tg.waitForCallbackAnswer(forgePress(h, anna.tg, `m1:mb:owok:${f.people.member!.userId}`));
    expect(grab).toMatchObject({ show_alert: true });
    expect(findMembership(h.db.deps.db, f.familyId, f.owner.userId)?.role).toBe('owner');
  });

  it('lets a member leave in Russian', async () => {
    const h = await startHarness();
    const f = family(h);
    const max = person(h, 'Макс', 'ru');
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code);
    await say(max.tg, '/members', /Участники \(2\)/);
    const leave = max.tg.waitForMessage(/Выйти из «Home»\?/);
    await press(h, max.tg, '🚪 Выйти из семьи');
    await leave;
    const left = max.tg.waitForMessage(/Вы вышли из «Home»/);
    await press(h, max.tg, '🚪 Да, выйти');
    await left;
    expect(findMembership(h.db.deps.db, f.familyId, max.userId)).toBeUndefined();
  });
});

describe('invites of someone no longer allowed to invite', () => {
  it('stop working when their author is removed, leaves or loses the right to invite', async () => {
    const h = await startHarness();
    const f = family(h, ['admin', 'member']);
    const anna = f.people.admin!;
    // Anna, an admin, keeps a link for herself; the owner removes her; the link must not bring her back.
    const own = createInvite(h.db.deps, anna.userId, { familyId: f.familyId, role: 'member' }).code;
    const forFriend = createInvite(h.db.deps, anna.userId, { familyId: f.familyId, role: 'member' }).code;
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId });
    await say(anna.tg, `/start ${own}`, 'This invite link is not valid. Ask for a new one.');
    expect(findMembership(h.db.deps.db, f.familyId, anna.userId)).toBeUndefined();
    const friend = person(h, 'Fred');
    await say(friend.tg, `/start ${forFriend}`, 'This invite link is not valid. Ask for a new one.');
    expect(findMembership(h.db.deps.db, f.familyId, friend.userId)).toBeUndefined();

    // An admin made a member: the links they made as an admin stop too.
    const vera = person(h, 'Vera');
    joinFamily(h.db.deps, vera.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' }).code);
    const veras = createInvite(h.db.deps, vera.userId, { familyId: f.familyId, role: 'viewer' }).code;
    changeMemberRole(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: vera.userId, role: 'member' });
    const gus = person(h, 'Gus');
    await say(gus.tg, `/start ${veras}`, 'This invite link is not valid. Ask for a new one.');
    expect(findMembership(h.db.deps.db, f.familyId, gus.userId)).toBeUndefined();

    // The owner's links keep working.
    const ok = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code;
    await say(gus.tg, `/start ${ok}`, /You joined “Home”/);
  });
});
