// What the family group may see of money: with the default setting ("entries and
// approvals; balances and reports in private") no wallet balance reaches the
// group — not on an entry's card, a refused entry, the 👛 Change wallet list,
// the guided entry's wallet buttons, an undone card or a button's alert. With
// "everything" the card shows the balance again.
import type { Message } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { addWallet, fund } from '../support/seed.js';
import { getGroupSettings, linkGroup, updateGroupSettings } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every text, button label and alert the bot showed in the group, edits included. */
function groupTranscript(h: GroupHarness): () => string[] {
  const seen: string[] = [];
  const keep = (chatId: number, m: Message) => {
    if (chatId !== h.group.id) return;
    seen.push(m.text ?? m.caption ?? '');
    const rows = (m.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string }>>;
    for (const row of rows) for (const b of row) seen.push(`[${b.text}]`);
  };
  h.tg.events.on('message', keep);
  h.tg.events.on('edit', keep);
  return () => seen;
}

// A balance as any of the renderers would show it: "Cash: $2,000.00", "Cash · $2,000.00", "Savings ($5,000.00)", "it has $…".
const BALANCE = /(Cash|Savings)(: | · | \()\$|it has \$|\$2,000\.00|\$5,000\.00|\$1,988\.00|\$1,970\.00|\$4,988\.00|\$4,987\.00/;

describe('a group that keeps balances private', () => {
  it('sees entries, shortfalls and wallet buttons without any balance; with "everything" the card shows it', async () => {
    // Privacy mode off: the guided entry's answers are plain messages.
    h = await startGroupHarness({ privacy: false });
    linkGroup(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
    const olga = h.f.userOf(h.olga);
    const savings = addWallet(h.deps, h.f, olga, 'Savings');
    fund(h.deps, h.f, olga, savings, 500_000);
    expect(getGroupSettings(h.deps, olga, h.f.familyId).visibility).toBe('entries');
    const said = groupTranscript(h);
    const { g, tg } = h;

    // The card of an entry: the summary, no balance line.
    g.olga.send('/e 12 coffee');
    const card = await waitFor(g.olga, /\$12\.00/);
    expect(card.text).toMatch(/^➖ \$12\.00 from Cash.*coffee$/);

    // 👛 Change wallet: the wallets by name only; the changed card has no balance either.
    const listed = g.olga.waitForMessage((m) => m.message_id === card.message_id && /Savings/.test(JSON.stringify(m.reply_markup ?? {})));
    g.olga.press(/Change wallet/, { messageId: card.message_id });
    await listed;
    expect(g.olga.buttons(card.message_id)).toContain('Savings');
    const moved = g.olga.waitForMessage((m) => m.message_id === card.message_id && /from Savings/.test(m.text ?? ''));
    g.olga.press('Savings', { messageId: card.message_id });
    await moved;

    // Editing the entry's message corrects it: the corrected card has no balance either.
    const corrected = g.olga.waitForMessage((m) => m.message_id === card.message_id && /\$13\.00/.test(m.text ?? ''));
    g.olga.edit(card.reply_to_message!.message_id, '/e 13 coffee');
    await corrected;

    // Undo: the undone card without balances.
    const undone = g.olga.waitForMessage((m) => m.message_id === card.message_id && /Undone/.test(m.text ?? ''));
    g.olga.press(/Undo/, { messageId: card.message_id });
    await undone;

    // A shortfall: the short refusal, the [Pay from …] buttons by name; paying posts a card without balances.
    g.olga.send('/e 2500 sofa');
    const refused = await waitFor(g.olga, /Not enough money/);
    expect(refused.text).toBe('Not enough money in that wallet.');
    expect(g.olga.buttons(refused.message_id).join(' ')).toMatch(/Savings/);
    const paid = waitFor(g.olga, /\$2,500\.00 from Savings/);
    g.olga.press(/Savings/, { messageId: refused.message_id });
    await paid;
    // A second shortfall, after Savings paid: still the short refusal.
    g.olga.send('/e 3000 piano');
    const again = await waitFor(g.olga, /Not enough money/);
    expect(again.text).toBe('Not enough money in that wallet.');

    // The guided entry's wallet question: names only.
    g.olga.send('/expense');
    await waitFor(g.olga, /How much/);
    g.olga.send('30');
    const which = await waitFor(g.olga, /From which wallet/);
    expect(g.olga.buttons(which.message_id)).toEqual(expect.arrayContaining(['Cash', 'Savings']));
    const saved = waitFor(g.olga, /^➖ \$30\.00 from Cash/);
    g.olga.press('Cash', { messageId: which.message_id });
    const category = await waitFor(g.olga, /category/i);
    g.olga.press(g.olga.buttons(category.message_id)[0]!, { messageId: category.message_id });
    const note = await waitFor(g.olga, /note/);
    g.olga.press('Skip', { messageId: note.message_id });
    const confirm = await waitFor(g.olga, /Record this expense/);
    g.olga.press('✅ Save', { messageId: confirm.message_id });
    expect((await saved).text).not.toMatch(BALANCE);

    const leaks = said().filter((text) => BALANCE.test(text));
    expect(leaks).toEqual([]);
    expect(tg.calls().filter((c) => c.method === 'answerCallbackQuery' && BALANCE.test(JSON.stringify(c.params ?? {})))).toEqual([]);

    // The family lets the group see everything: the card shows the balance.
    updateGroupSettings(h.deps, olga, { familyId: h.f.familyId, visibility: 'everything' });
    g.olga.send('/e 5 tea');
    expect((await waitFor(g.olga, /\$5\.00/)).text).toMatch(/Cash: \$/);
  });
});
