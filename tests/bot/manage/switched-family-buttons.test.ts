// A person in two families presses a button of an older /settings or /invite
// message after switching the family the bot works in: the press acts on the
// family that message was about (its data names it), not on the active one.
// Before, [📥 Incomes wait] turned the setting on in the other family and an
// invite role button made a link to the other family. Someone no longer in the
// message's family is told the button is out of date.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { invites } from '../../../src/db/schema.js';
import { createFamily, createInvite, createTransaction, createWallet, getFamily, joinFamily, leaveFamily, listFamiliesForUser, listWallets, setActiveFamily } from '../../../src/domain/index.js';
import { createRecurringRule, listRecurringRules } from '../../../src/domain/recurring/index.js';
import { family, press, say, startHarness } from './harness.js';

describe('a button of another family than the active one', () => {
  it('[📥 Incomes wait] changes the family its /settings was about', async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    const shown = await say(olga.tg, '/settings', /Settings/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    const answer = await h.tg.waitForCallbackAnswer(olga.tg.press('📥 Incomes wait: off', { messageId: shown.message_id }));
    expect(answer).toMatchObject({ text: "Members' incomes now wait for approval too." });
    expect(getFamily(h.db.deps, olga.userId, home.familyId).incomesNeedApproval).toBe(true);
    expect(getFamily(h.db.deps, olga.userId, parents.id).incomesNeedApproval).toBe(false);
    // The question buttons (currency, limit, time zone) ask about this screen's family too: switched-family-questions.test.ts.
  });

  it("an invite role button makes a link to the /invite message's family; after leaving it, the button is out of date", async () => {
    const h = await startHarness();
    const home = family(h, ['admin']);
    const anna = home.people.admin!;
    const shown = await say(anna.tg, '/invite', /Choose their role/);
    const own = createFamily(h.db.deps, anna.userId, { name: 'Flat', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, anna.userId, own.id);

    const link = anna.tg.waitForMessage(/t\.me/);
    await h.tg.waitForCallbackAnswer(anna.tg.press('Member', { messageId: shown.message_id }));
    expect((await link).text).toContain('Home');
    // Links Anna made (Home has the one that brought her in, Olga's).
    const made = (familyId: number) => h.db.deps.db.select().from(invites).where(eq(invites.familyId, familyId)).all().filter((i) => i.createdBy === anna.userId);
    expect(made(home.familyId).map((i) => i.role)).toEqual(['member']);
    expect(made(own.id)).toHaveLength(0);

    // Anna leaves Home: a Home /invite message's buttons make nothing, in Home or in Flat.
    setActiveFamily(h.db.deps, anna.userId, home.familyId);
    const again = await say(anna.tg, '/invite', /Choose their role/);
    leaveFamily(h.db.deps, anna.userId, home.familyId);
    expect(await h.tg.waitForCallbackAnswer(anna.tg.press('Viewer', { messageId: again.message_id }))).toMatchObject({
      text: 'This button is out of date. Open the menu again.',
      show_alert: true,
    });
    expect(made(home.familyId)).toHaveLength(1);
    expect(made(own.id)).toHaveLength(0);
  });

  // Before: [Yes, remove] on a Home member card, pressed after switching to Parents, removed Max from PARENTS.
  it('[Yes, remove] on a member card removes the person from that family, not from the active one', async () => {
    const h = await startHarness();
    const home = family(h, ['member']);
    const olga = home.owner;
    const max = home.people.member!;
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, olga.userId, { familyId: parents.id, role: 'member' }).code);
    setActiveFamily(h.db.deps, olga.userId, home.familyId);

    await say(olga.tg, '/members', /Members/);
    await press(h, olga.tg, 'Max');
    await press(h, olga.tg, '🚪 Remove from family');
    await olga.tg.waitForMessage(/Remove Max from the family\?/, { includeExisting: true });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    expect(await press(h, olga.tg, '🚪 Yes, remove')).toMatchObject({ text: 'Removed from the family.' });
    expect(listFamiliesForUser(h.db.deps, max.userId).map((f) => f.name)).toEqual(['Parents']);
  });

  // Before: the rule and the wallet were looked up in the active family: "not found", nothing stopped or archived.
  it('[⏹ Stop] on an older /recurring and [🗄 Archive] on an older wallet card act on their family', async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    createRecurringRule(h.db.deps, olga.userId, { familyId: home.familyId, kind: 'expense', walletId: home.cashId, categoryId: null, amountMinor: 5000, frequency: 'monthly', startDate: '2026-12-25' });
    const bank = createWallet(h.db.deps, olga.userId, { familyId: home.familyId, name: 'Bank', type: 'bank', currency: 'USD' }).id;
    const recurring = await say(olga.tg, '/recurring', /Recurring/);
    await say(olga.tg, '/wallets', /Bank/);
    await press(h, olga.tg, /Bank/);
    await press(h, olga.tg, '🗄 Archive');
    const confirm = await olga.tg.waitForMessage(/Archive/, { includeExisting: true });
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    expect(await h.tg.waitForCallbackAnswer(olga.tg.press('⏹ Stop 1', { messageId: recurring.message_id }))).toMatchObject({ text: 'Stopped.' });
    expect(listRecurringRules(h.db.deps, olga.userId, home.familyId).filter((r) => r.active)).toHaveLength(0);
    await h.tg.waitForCallbackAnswer(olga.tg.press('🗄 Yes, archive', { messageId: confirm.message_id }));
    await olga.tg.waitForMessage(/“Bank” is archived/, { includeExisting: true });
    expect(listWallets(h.db.deps, olga.userId, home.familyId).map((w) => w.id)).not.toContain(bank);
  });

  // Before: [Back] on a Home /history entry, pressed after a switch, redrew the list with Parents' entries
  // (read-only, but another family's entries under Home's message). The entry itself opens by its id.
  it("an older /history's entry and paging buttons show that family's entries", async () => {
    const h = await startHarness();
    const home = family(h);
    const olga = home.owner;
    createTransaction(h.db.deps, olga.userId, { familyId: home.familyId, toWalletId: home.cashId, amountMinor: 500, categoryId: home.category('Salary'), description: 'latte' });
    const shown = await say(olga.tg, '/history', /Recent transactions/);
    const parents = createFamily(h.db.deps, olga.userId, { name: 'Parents', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, olga.userId, parents.id);

    await h.tg.waitForCallbackAnswer(olga.tg.press('1', { messageId: shown.message_id }));
    await olga.tg.waitForMessage((m) => m.message_id === shown.message_id && /latte/.test(m.text ?? '') && !/Recent transactions/.test(m.text ?? ''), { includeExisting: true });
    // Back to the list: Home's, not Parents' (empty).
    await h.tg.waitForCallbackAnswer(olga.tg.press('« History', { messageId: shown.message_id }));
    await olga.tg.waitForMessage((m) => m.message_id === shown.message_id && /Recent transactions/.test(m.text ?? ''), { includeExisting: true });
    expect(olga.tg.messages().find((m) => m.message_id === shown.message_id)?.text).toMatch(/latte/);
  });
});
