// The family's group chat end to end over the fake Bot API, with four people: Olga (owner), Adam (admin),
// Mia (member) and Oscar (in the group, not in the family).
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventsOf, findGroup, getGroupSettings, linkGroup, listMembers, setUserLocale, updateGroupSettings,
} from './imports.js';
import { lastFor, startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const link = (h: GroupHarness, chatId = h.group.id) => linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId, title: 'Home' });
const byName = (h: GroupHarness) => new Map([[h.f.userOf(h.olga), 'Olga'], [h.f.userOf(h.adam), 'Adam'], [h.f.userOf(h.mia), 'Mia']]);

describe('linking the group', () => {
  it('welcomes when added; only an owner or admin of a family can link; an outsider is offered to join and an admin lets them in', async () => {
    h = await startGroupHarness({ botInGroup: false });
    const { tg, group, g } = h;
    tg.groups.addBot(group, { by: h.olga });
    const welcome = await g.olga.waitForMessage(/keep the family's books/);
    expect(g.olga.buttons(welcome.message_id)).toEqual(['🔗 Link to my family']);

    const refused = g.mia.press('🔗 Link to my family');
    expect(await tg.waitForCallbackAnswer(refused)).toMatchObject({ text: expect.stringMatching(/Only an owner or admin/), show_alert: true });
    expect(findGroup(h.deps.db, group.id)).toBeUndefined();

    g.adam.press('🔗 Link to my family');
    await g.adam.waitForMessage(/is now the family «Family» \(linked by Adam\)/);
    expect(findGroup(h.deps.db, group.id)).toMatchObject({ familyId: h.f.familyId, linkedBy: h.f.userOf(h.adam) });
    expect(g.adam.buttons(welcome.message_id)).toEqual([]);

    // Oscar addresses the bot: offered to join, nothing recorded.
    const offer = g.oscar.waitForMessage(/not in the family «Family» yet/);
    g.oscar.send('/e 5 cake');
    await offer;
    g.oscar.press('🙋 Ask to join');
    const card = await g.olga.waitForMessage(/Oscar asks to join the family/);
    const memberPress = g.mia.press('✅ Let in', { messageId: card.message_id });
    expect((await tg.waitForCallbackAnswer(memberPress)).text).toMatch(/Only an owner or admin/);
    g.adam.press('✅ Let in', { messageId: card.message_id });
    await g.olga.waitForMessage(/Oscar joined the family \(approved by Adam\)/);
    expect(listMembers(h.deps, h.f.userOf(h.olga), h.f.familyId).map((m) => [m.name, m.role])).toContainEqual(['Oscar', 'member']);
    expect(h.entries().filter((t) => t.description === 'cake')).toEqual([]);
  });

  it('/unlink is for owners and admins; removing the bot unlinks cleanly and is audited', async () => {
    h = await startGroupHarness();
    link(h);
    h.g.mia.send('/unlink');
    await waitFor(h.g.mia, /role does not allow|not allowed|Ask the family's owner/);
    expect(findGroup(h.deps.db, h.group.id)).toBeDefined();

    h.tg.groups.addBot(h.group, { by: h.olga, status: 'administrator' }); // a promotion is not a new welcome
    const removal = h.tg.groups.removeBot(h.group, { by: h.olga });
    await h.tg.waitForConfirmation(removal);
    expect(findGroup(h.deps.db, h.group.id)).toBeUndefined();
    expect(eventsOf(h.deps, 'group.unlinked')).toEqual([{ actor: h.f.userOf(h.olga), reason: 'bot_removed' }]);
    expect(h.g.olga.messages().filter((m) => /keep the family's books/.test(m.text ?? ''))).toEqual([]);
  });
});

describe('entries in the group', () => {
  it('in privacy mode: /e, a mention and a reply are recorded for their senders; buttons answer only their owner', async () => {
    h = await startGroupHarness({ privacy: true });
    link(h);
    const { g } = h;
    expect(g.mia.send('50 coffee')).toBe(-1); // privacy mode: the bot never sees it
    g.mia.send('/e 12 coffee');
    const miaCard = await waitFor(g.mia, /\$12\.00/);
    g.adam.send('@finance_test_bot 7 tea');
    await waitFor(g.adam, /\$7\.00/);
    // A reply to the bot (here to its hint; a reply to a card asks first, see card-replies.test.ts).
    g.olga.send('@finance_test_bot hi');
    const hint = await waitFor(g.olga, /./);
    g.olga.send('3 bread', { replyTo: hint.message_id });
    await waitFor(g.olga, /\$3\.00/);
    const names = byName(h);
    expect(h.entries().filter((t) => t.source === 'quick').map((t) => [names.get(t.createdBy), t.amountMinor, t.description])).toEqual([
      ['Mia', 1200, 'coffee'], ['Adam', 700, 'tea'], ['Olga', 300, 'bread'],
    ]);

    // Adam presses Undo on Mia's card: a toast, nothing undone. Mia's own press works.
    const foreign = g.adam.press(/Undo/, { messageId: miaCard.message_id });
    expect((await h.tg.waitForCallbackAnswer(foreign)).text).toBe("These buttons are Mia's.");
    expect(h.entries().find((t) => t.description === 'coffee')?.status).toBe('executed');

    // Mia corrects her entry by editing her message: the card is edited, the entry corrected.
    const corrected = g.mia.waitForMessage((m) => m.message_id === miaCard.message_id && /\$15\.00/.test(m.text ?? ''));
    g.mia.edit(miaCard.reply_to_message!.message_id, '/e 15 coffee');
    await corrected;
    const standing = h.entries().filter((t) => t.description === 'coffee' && t.reversedBy === null && t.reversalOf === null);
    expect(standing.map((t) => [names.get(t.createdBy), t.amountMinor])).toEqual([['Mia', 1500]]);

    g.mia.send('/e hello');
    await waitFor(g.mia, /did not see an amount/);
    g.mia.send('/wallets');
    await waitFor(g.mia, /works in a private chat/);
  });

  it('with privacy off: plain messages that start with an amount are entries; chatter is never answered', async () => {
    h = await startGroupHarness({ privacy: false });
    link(h);
    const { g, tg } = h;
    g.mia.send('25 pizza');
    await waitFor(g.mia, /\$25\.00/);
    const before = g.adam.messages().length;
    await tg.waitForConfirmation(g.adam.send('hello everyone'));
    await tg.waitForConfirmation(g.adam.send('dinner at 7'));
    await tg.waitForConfirmation(g.oscar.send('40 is too much')); // an outsider's chatter: no join offer either
    expect(g.adam.messages()).toHaveLength(before);
    expect(h.entries().map((t) => t.description)).not.toContain('dinner at');
    expect(h.entries().filter((t) => t.description === 'pizza').map((t) => t.createdBy)).toEqual([h.f.userOf(h.mia)]);
  });

  it('two people in a guided entry at once never answer each other’s questions', async () => {
    h = await startGroupHarness({ privacy: false });
    link(h);
    const { g, tg } = h;
    const both = (re: RegExp) => Promise.all([waitFor(g.mia, re), waitFor(g.adam, re)]);
    let asked = both(/How much/);
    g.mia.send('/expense');
    g.adam.send('/expense');
    await asked;
    asked = both(/category/i);
    g.adam.send('40');
    g.mia.send('30');
    await asked;
    // Adam cannot choose Mia's category.
    const miaQuestion = lastFor(g.mia)!;
    const category = g.mia.buttons(miaQuestion.message_id)[0]!;
    const foreign = g.adam.press(category, { messageId: miaQuestion.message_id });
    expect((await tg.waitForCallbackAnswer(foreign)).text).toBe("These buttons are Mia's.");
    asked = both(/note/);
    g.mia.press(category, { messageId: miaQuestion.message_id });
    g.adam.press(g.adam.buttons(lastFor(g.adam)!.message_id)[0]!, { messageId: lastFor(g.adam)!.message_id });
    await asked;
    asked = both(/\$\d0\.00/);
    g.adam.send('lunch');
    g.mia.press('Skip', { messageId: lastFor(g.mia)!.message_id });
    await asked;
    // The saved card (the group keeps balances private by default: the summary line alone).
    asked = both(/^➖ \$\d0\.00 from Cash/);
    g.mia.press('✅ Save', { messageId: lastFor(g.mia)!.message_id });
    g.adam.press('✅ Save', { messageId: lastFor(g.adam)!.message_id });
    await asked;
    const names = byName(h);
    const guided = h.entries().filter((t) => t.kind === 'expense');
    expect(guided.map((t) => [names.get(t.createdBy), t.amountMinor, t.description]).sort()).toEqual([
      ['Adam', 4000, 'lunch'], ['Mia', 3000, null],
    ]);
  });
});

describe('approvals and what the group sees', () => {
  it("a member's large expense posts one card in the group; a member's press is refused, an admin's decides it in place; no private messages", async () => {
    h = await startGroupHarness();
    link(h);
    updateGroupSettings(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, approvalsTarget: 'group' });
    const { g, tg } = h;
    g.mia.send('/e 600 tv');
    await waitFor(g.mia, /waits for approval/);
    const card = await g.olga.waitForMessage((m) => /Approve/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    const own = g.mia.press(/Approve/, { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(own)).toMatchObject({ show_alert: true });
    const outsider = g.oscar.press(/Approve/, { messageId: card.message_id });
    expect((await tg.waitForCallbackAnswer(outsider)).text).toMatch(/Join the family first/);
    expect(h.entries().find((t) => t.description === 'tv')?.status).toBe('pending_approval');

    g.adam.press(/Approve/, { messageId: card.message_id });
    const edited = await g.olga.waitForMessage(/Approved by Adam/);
    expect(edited.message_id).toBe(card.message_id);
    expect(h.entries().find((t) => t.description === 'tv')?.status).toBe('executed');
    const cards = g.olga.messages().filter((m) => /tv/.test(m.text ?? '') && m.reply_to_message === undefined);
    expect(cards).toHaveLength(1);
    for (const person of [h.olga, h.adam, h.mia]) expect(person.messages().filter((m) => /tv/.test(m.text ?? ''))).toEqual([]);
  });

  it('with approvals in the group only, a request asked in a private chat is answered there with who decided', async () => {
    h = await startGroupHarness();
    link(h);
    updateGroupSettings(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, approvalsTarget: 'group' });
    const { g, mia } = h;
    mia.send('600 tv');
    await mia.waitForMessage(/waits for approval/);
    const card = await g.olga.waitForMessage((m) => /Approve/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    g.adam.press(/Approve/, { messageId: card.message_id });
    await g.olga.waitForMessage(/Approved by Adam/);
    await mia.waitForMessage(/^✅ Adam approved your request/, { includeExisting: true });

    mia.send('700 sofa');
    await mia.waitForMessage(/sofa[\s\S]*waits for approval|waits for approval[\s\S]*sofa/);
    const sofa = await g.olga.waitForMessage((m) => /sofa/.test(m.text ?? '') && /Reject/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    g.olga.press(/Reject/, { messageId: sofa.message_id });
    await mia.waitForMessage(/^❌ Olga rejected your request/, { includeExisting: true });
  });

  it('/balance obeys the visibility setting: private by default, in the group when the family allows it', async () => {
    h = await startGroupHarness();
    link(h);
    const { g, mia } = h;
    expect(getGroupSettings(h.deps, h.f.userOf(h.mia), h.f.familyId).visibility).toBe('entries');
    g.mia.send('/balance');
    await waitFor(g.mia, /sent it to you in a private chat/);
    await mia.waitForMessage(/Cash/, { includeExisting: true });
    expect(g.mia.messages().filter((m) => /\$2,000\.00/.test(m.text ?? ''))).toEqual([]);

    // The setting, from the group: anyone sees it, only owners and admins change it.
    const shown = g.olga.waitForMessage(/Group settings of the family/);
    g.olga.send('/groupsettings');
    const settings = await shown;
    const refused = g.mia.press(/^Group sees/, { messageId: settings.message_id });
    expect(await h.tg.waitForCallbackAnswer(refused)).toMatchObject({ text: expect.stringMatching(/Only an owner or admin/) });
    g.olga.press(/^Group sees/, { messageId: settings.message_id });
    await g.olga.waitForMessage(/The group sees: entries, approvals, balances and reports/);
    expect(getGroupSettings(h.deps, h.f.userOf(h.mia), h.f.familyId).visibility).toBe('everything');
    g.mia.send('/balance');
    await waitFor(g.mia, /Cash/);
  });

  it('keeps a pinned summary edited in place', async () => {
    h = await startGroupHarness();
    link(h);
    h.tg.groups.addBot(h.group, { by: h.olga, status: 'administrator' });
    // Amounts in the summary only where the group may see balances and reports (summary.test.ts has the other case).
    updateGroupSettings(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, pinnedSummary: true, visibility: 'everything' });
    // Mia reads the bot in Russian; the group's summary stays in the family's language (English here) whoever acts.
    setUserLocale(h.deps, h.f.userOf(h.mia), 'ru');
    const { g, tg } = h;
    g.mia.send('/e 10 tea');
    const summary = await g.olga.waitForMessage(/This month: \$10\.00/);
    await tg.waitForCall('pinChatMessage', () => true, { includeExisting: true });
    expect(tg.groups.pinnedMessageId(h.group)).toBe(summary.message_id);
    g.adam.send('/e 5 bun');
    const edited = await g.olga.waitForMessage(/This month: \$15\.00/);
    expect(edited.message_id).toBe(summary.message_id);
    // An entry made in a private chat moves it too.
    h.olga.send('20 milk');
    expect((await g.olga.waitForMessage(/This month: \$35\.00/)).message_id).toBe(summary.message_id);
    // Nothing changed: no edit at all.
    const edits = () => tg.calls('editMessageText').filter((c) => c.params['message_id'] === summary.message_id).length;
    const before = edits();
    const help = waitFor(g.mia, /./);
    g.mia.send('/help');
    await help;
    await tg.waitForConfirmation(tg.nextUpdateId() - 1);
    expect(edits()).toBe(before);
    expect(g.olga.messages().filter((m) => /This month/.test(m.text ?? ''))).toHaveLength(1);
  });
});

describe('the group becoming a supergroup', () => {
  it('keeps the link; entries go on in the supergroup', async () => {
    h = await startGroupHarness();
    link(h);
    const { tg } = h;
    const supergroup = tg.groups.migrate(h.group, { by: h.olga });
    await tg.waitForConfirmation(tg.nextUpdateId() - 1);
    expect(findGroup(h.deps.db, supergroup.id)?.familyId).toBe(h.f.familyId);
    expect(findGroup(h.deps.db, h.group.id)).toBeUndefined();
    const mia = h.mia.in(supergroup);
    mia.send('/e 8 juice');
    await waitFor(mia, /\$8\.00/);
    expect(h.entries().find((t) => t.description === 'juice')?.createdBy).toBe(h.f.userOf(h.mia));
  });
});
