// The group's shared messages stay in the family's language whoever presses; a person's own card stays in theirs.
// A Russian-speaking admin (Adam) and member (Mia) in a family whose language is English.
import { afterEach, describe, expect, it } from 'vitest';
import { changeMemberRole } from '../../../src/domain/index.js';
import { linkGroup, setUserLocale, updateGroupSettings } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function start(h: GroupHarness): void {
  linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
  setUserLocale(h.deps, h.f.userOf(h.adam), 'ru');
  setUserLocale(h.deps, h.f.userOf(h.mia), 'ru');
}

describe("the group's messages and their languages", () => {
  it("an approval card decided by a Russian-speaking admin ends in the family's English; Mia's own card stays Russian", async () => {
    h = await startGroupHarness();
    start(h);
    const { g, tg } = h;
    g.mia.send('/e 600 tv');
    const own = await waitFor(g.mia, /Ждёт согласования/);
    const card = await g.olga.waitForMessage((m) => /asks for approval/.test(m.text ?? '') && /Approve/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });

    const press = g.adam.press('✅ Approve', { messageId: card.message_id });
    // The toast is Adam's: Russian.
    expect(await tg.waitForCallbackAnswer(press)).toMatchObject({ text: 'Одобрено' });
    const decided = await g.olga.waitForMessage((m) => m.message_id === card.message_id && /Approved by Adam|Одобрил/.test(m.text ?? ''), { includeExisting: true });
    expect(decided.text).toMatch(/\n\n✅ Approved by Adam\.$/);
    expect(decided.text).not.toMatch(/[\u0400-\u04FF]/);

    // Mia's card becomes the entry's card, still in her language (the jobs edit it; the bot wrote it in Russian).
    const entry = await g.mia.waitForMessage((m) => m.message_id === own.message_id && !/Ждёт/.test(m.text ?? ''), { includeExisting: true });
    expect(entry.text).toMatch(/^➖ 600,00\s\$ с «Наличные»/);
    expect(g.mia.buttons(own.message_id)).toEqual(['🏷 Категория', '👛 Кошелёк', '↩️ Отменить']);
  });

  it("a join card asked by a Russian speaker and decided by a Russian-speaking admin, and the settings card Adam opens and presses, are in the family's English", async () => {
    h = await startGroupHarness();
    start(h);
    const { g, tg, group } = h;
    const ivan = tg.user({ id: 105, first_name: 'Ivan', language_code: 'ru' });
    tg.groups.setMember(group, ivan, 'member');
    const gi = ivan.in(group);

    // The offer is Ivan's own reply: his language.
    gi.send('/e 5 cake');
    await gi.waitForMessage(/Ivan|семь/);
    gi.press(/🙋/);
    const card = await g.olga.waitForMessage(/asks to join|просит вступить/);
    expect(card.text).toBe('Ivan asks to join the family.');
    expect(g.olga.buttons(card.message_id)).toEqual(['✅ Let in', '❌ Decline']);
    const let_in = g.adam.press('✅ Let in', { messageId: card.message_id });
    expect((await tg.waitForCallbackAnswer(let_in)).text).toMatch(/[\u0400-\u04FF]/);
    const decided = await g.olga.waitForMessage((m) => m.message_id === card.message_id && m.text !== card.text, { includeExisting: true });
    expect(decided.text).toBe('Ivan asks to join the family.\n\n✅ Ivan joined the family (approved by Adam).');

    g.adam.send('/groupsettings');
    const settings = await g.olga.waitForMessage(/settings|Настройки/);
    expect(settings.text).toMatch(/^Group settings of the family:/);
    g.adam.press(/^Pinned summary/, { messageId: settings.message_id });
    const pressed = await g.olga.waitForMessage((m) => m.message_id === settings.message_id && m.text !== settings.text, { includeExisting: true });
    expect(pressed.text).toMatch(/^Group settings of the family:/);
    expect(g.olga.buttons(settings.message_id).join(' ')).not.toMatch(/[\u0400-\u04FF]/);
  });

  it("/pending asked in the group by a Russian-speaking admin: his header is his, the request anyone may decide is the family's, and so is its outcome", async () => {
    h = await startGroupHarness();
    start(h);
    const { g } = h;
    g.mia.send('/e 600 tv');
    await waitFor(g.mia, /Ждёт согласования/);
    g.adam.send('/pending');
    await waitFor(g.adam, /Ждут одобрения: 1/);
    const request = await g.olga.waitForMessage((m) => /Approve|Одобрить/.test(JSON.stringify(m.reply_markup ?? {})) && m.reply_to_message === undefined && !/asks for approval/.test(m.text ?? ''));
    expect(request.text).toMatch(/^.+ · ➖ \$600\.00 · 📦 Other · “tv” · Mia · /);
    expect(g.olga.buttons(request.message_id)).toEqual(['✅ Approve', '❌ Reject']);
    g.olga.press('✅ Approve', { messageId: request.message_id });
    const decided = await g.olga.waitForMessage((m) => m.message_id === request.message_id && /Approved/.test(m.text ?? ''), { includeExisting: true });
    expect(decided.text).toMatch(/\n\n✅ Approved by Olga\.$/);
    expect(decided.text).not.toMatch(/[\u0400-\u04FF]/);
  });
});

describe("changing the family's language in /settings", () => {
  it("an owner switches it to Russian privately: the pinned summary follows at once, the next approval card is Russian; a member has no such button", async () => {
    h = await startGroupHarness();
    const { g, tg, olga, mia } = h;
    const owner = h.f.userOf(olga);
    linkGroup(h.deps, owner, { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    tg.groups.addBot(h.group, { by: olga, status: 'administrator' });
    updateGroupSettings(h.deps, owner, { familyId: h.f.familyId, pinnedSummary: true });
    g.adam.send('/e 5 bun');
    const summary = await g.olga.waitForMessage(/^📌 .*\nNov 25: 1 expense/);

    olga.send('/settings');
    const settings = await olga.waitForMessage(/Family's language: English/);
    olga.press("👪 Family's language", { messageId: settings.message_id });
    await olga.waitForMessage((m) => m.message_id === settings.message_id && /Choose it:/.test(m.text ?? ''), { includeExisting: true });
    olga.press('Русский', { messageId: settings.message_id });
    const changed = await olga.waitForMessage((m) => m.message_id === settings.message_id && /The family's language is now Русский/.test(m.text ?? ''), { includeExisting: true });
    expect(changed.text).toMatch(/Family's language: Русский/);
    // Olga's own language is still English.
    expect(changed.text).toMatch(/Language: English/);
    const ru = await g.olga.waitForMessage((m) => m.message_id === summary.message_id && /25 нояб.: 1 расход/.test(m.text ?? ''), { includeExisting: true });
    expect(ru.text).not.toMatch(/Today/);

    g.mia.send('/e 600 tv');
    await waitFor(g.mia, /Waiting for approval|waits for approval|approval/i);
    const card = await g.olga.waitForMessage((m) => /просит одобрить/.test(m.text ?? ''), { includeExisting: true });
    expect(g.olga.buttons(card.message_id).join(' ')).toMatch(/Одобрить/);

    mia.send('/settings');
    const own = await mia.waitForMessage(/Family's language: Русский/);
    expect(mia.buttons(own.message_id)).not.toContain("👪 Family's language");
  });
});

describe("the group's approval card pressed by someone who may not decide", () => {
  it('keeps its buttons for those who may: a member made from an admin is refused, nothing changes', async () => {
    h = await startGroupHarness();
    start(h);
    const { g, tg } = h;
    g.mia.send('/e 600 tv');
    await waitFor(g.mia, /Ждёт согласования/);
    const card = await g.olga.waitForMessage((m) => /asks for approval/.test(m.text ?? '') && /Approve/.test(JSON.stringify(m.reply_markup ?? {})), { includeExisting: true });
    changeMemberRole(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, userId: h.f.userOf(h.adam), role: 'member' });

    const press = g.adam.press('✅ Approve', { messageId: card.message_id });
    expect(await tg.waitForCallbackAnswer(press)).toMatchObject({ text: 'У вас нет прав решать по этому запросу.', show_alert: true });
    expect(g.olga.buttons(card.message_id)).toEqual(['✅ Approve', '❌ Reject']);
    expect(g.olga.messages().find((m) => m.message_id === card.message_id)?.text).toBe(card.text);
  });
});
