// An invite link opened as real people do: by a newcomer (who then records an expense straight away), after
// it expired or was revoked, twice, by someone with a family of their own, and by the family's own owner.
// Each gets a clear answer and at most one effect.
import { describe, expect, it } from 'vitest';
import { adjustWalletBalance, createFamily, createInvite, listMembers, listTransactions, revokeInvite } from '../../../src/domain/index.js';
import { family, person, say, startHarness } from './harness.js';

describe('an invite link', () => {
  it('a newcomer joins with one tap and records their first expense with one message: the joined message says how', async () => {
    const h = await startHarness();
    const f = family(h);
    adjustWalletBalance(h.db.deps, f.owner.userId, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 100_000 });
    const { code } = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' });
    const zoe = person(h, 'Zoe');

    // The t.me link's START button sends this.
    const joined = await say(zoe.tg, `/start ${code}`, /You joined/);
    expect(joined.text).toBe(
      'You joined “Home” as member.\nTo record quickly, send an amount and a note: “50 coffee”, “1 234,50 groceries”, “+3000 salary”. /menu shows everything else.\n\nHome: what would you like to do?',
    );
    const card = await say(zoe.tg, '12 coffee', /coffee/);
    expect(card.text).toMatch(/^➖ \$12\.00 from Cash/);
    // Two things Zoe did (the START tap and one message); the bot answered each once.
    expect(zoe.tg.messages()).toHaveLength(2);
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toHaveLength(1);
  });

  it('a viewer is not told to record entries', async () => {
    const h = await startHarness();
    const f = family(h);
    const { code } = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'viewer' });
    const vic = person(h, 'Vic');
    const joined = await say(vic.tg, `/start ${code}`, /You joined/);
    expect(joined.text).toBe('You joined “Home” as viewer.\n\nHome: what would you like to do?');
  });

  it('expired or revoked: says the link is no longer good and to ask for a new one; nobody joins (en, ru)', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const old = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member', ttlMs: 60_000 });
    const revoked = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' });
    revokeInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, inviteId: revoked.inviteId });
    h.db.clock.advance(120_000);
    const bob = person(h, 'Bob');
    await say(bob.tg, `/start ${old.code}`, 'This invite link has expired or was taken back. Ask a family member for a new one.');
    await say(bob.tg, `/start ${revoked.code}`, 'This invite link has expired or was taken back. Ask a family member for a new one.');
    const ivan = person(h, 'Иван', 'ru');
    await say(ivan.tg, `/start ${old.code}`, 'Срок этой ссылки-приглашения истёк, или её отозвали. Попросите у члена семьи новую.');
    expect(listMembers(h.db.deps, f.owner.userId, f.familyId).map((m) => m.name)).toEqual(['Olga', 'Anna']);
  });

  it("opened by the family's owner, or twice, or by someone with a family of their own: one membership each, the link's use counted once", async () => {
    const h = await startHarness();
    const f = family(h);
    const { code } = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member', maxUses: 1 });
    await say(f.owner.tg, `/start ${code}`, /^You are already in “Home” \(owner\)\./);
    const zoe = person(h, 'Zoe');
    createFamily(h.db.deps, zoe.userId, { name: 'Flat', baseCurrency: 'USD' });
    const joined = await say(zoe.tg, `/start ${code}`, /You joined/);
    expect(joined.text).toContain('Quick entries and the menu now work in “Home”. Your other families are still yours: /family switches.');
    await say(zoe.tg, `/start ${code}`, /^You are already in “Home” \(member\)\./);
    await say(person(h, 'Carl').tg, `/start ${code}`, 'This invite link has already been used. Ask for a new one.');
    expect(listMembers(h.db.deps, f.owner.userId, f.familyId).map((m) => [m.name, m.role])).toEqual([['Olga', 'owner'], ['Zoe', 'member']]);
  });
});
