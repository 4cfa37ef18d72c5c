// What a person sends while the bot waits for an answer, other than the answer: a bank file, an edit
// of an earlier message. Each does what the person meant, or says why nothing changed.
import { afterEach, describe, expect, it } from 'vitest';
import { listTransactions } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFamily, aliceWithFundedCash, familyWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const BANK = 'Date,Amount,Description\n2026-11-01,-12.50,Coffee\n';

async function startExpense(who: ReturnType<Harness['person']>) {
  who.send('/menu');
  await who.waitForMessage(/what would you like to do/);
  who.press('➖ Expense');
  return who.waitForMessage('How much did you spend?');
}

describe('while a question waits', () => {
  it('a bank file starts its import: the draft is dropped, the file is not refused as no answer', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    const question = await startExpense(alice);
    const dropped = alice.waitForMessage(/draft was dropped/);
    const mapping = alice.waitForMessage(/Which column holds the date/);
    alice.sendDocument({ filename: 'bank.csv', content: BANK, mimeType: 'text/csv' });
    await dropped;
    await mapping;
    expect(alice.messages().filter((m) => /answer with text or the buttons/.test(m.text ?? ''))).toEqual([]);
    expect(alice.buttons(question.message_id)).toEqual([]);
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items).toEqual([]);
  });

  it('a flow started from a menu button leaves the open one and says so, as a command does', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    await startExpense(alice);
    alice.send('12');
    await alice.waitForMessage('Which category?');
    // The main menu is still in the chat: ➕ Income there starts another flow.
    const menu = alice.messages().find((m) => /what would you like to do/.test(m.text ?? ''))!;
    const dropped = alice.waitForMessage(/draft was dropped/);
    alice.press('➕ Income', { messageId: menu.message_id });
    await dropped;
    await alice.waitForMessage(/How much came in\?/);
    expect(alice.messages().filter((m) => /draft was dropped/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('an edit of an answer, or of a note after saving, is told it changed nothing', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 10_000);
    await startExpense(alice);
    alice.send('30');
    await alice.waitForMessage('Which category?');
    const answer = alice.history().filter((m) => m.text === '30').at(-1)!;
    const told = alice.waitForMessage((m) => /Editing this message changes nothing/.test(m.text ?? '') && m.reply_to_message?.message_id === answer.message_id);
    alice.edit(answer.message_id, '40');
    await told;
    // The question still waits, and the draft says what was answered.
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?');
    alice.send('latte');
    expect((await alice.waitForMessage(/Record this expense/)).text).toContain('$30.00');
    alice.press('✅ Save');
    await alice.waitForMessage(/Cash: \$70\.00/);

    const note = alice.history().filter((m) => m.text === 'latte').at(-1)!;
    const toldAgain = alice.waitForMessage((m) => /Editing this message changes nothing/.test(m.text ?? '') && m.reply_to_message?.message_id === note.message_id);
    alice.edit(note.message_id, 'cappuccino');
    await toldAgain;
    const spent = listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(spent.map((t) => [t.amountMinor, t.description])).toEqual([[3000, 'latte']]);
  });
});

describe('a reply to an entry card while a question waits', () => {
  it('is about that card, not the answer: it is asked about as a new entry, and the question keeps waiting', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 10_000);
    alice.send('5 coffee');
    const card = await alice.waitForMessage(/\$5\.00 from Cash/);
    await startExpense(alice);

    // "45" under the coffee's card: the same question as without a question waiting, nothing recorded.
    const asked = alice.waitForMessage(/as a new entry/);
    alice.send('45', { replyTo: card.message_id });
    await asked;
    const spent = () => listTransactions(h!.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(spent().map((t) => t.amountMinor)).toEqual([500]);
    expect(alice.messages().filter((m) => m.text === 'Which category?')).toEqual([]);

    // The amount question still takes its answer.
    alice.send('12');
    await alice.waitForMessage('Which category?');
  });
});

describe('a forwarded money message while a question waits', () => {
  it('is nobody’s entry, so it does not leave the question: it is told so, nothing recorded, the draft kept', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const bob = h.person(1002, 'Bob');
    const f = familyWithFundedCash(h.db.deps, alice, 10_000);
    await startExpense(alice);
    alice.send('12');
    const category = await alice.waitForMessage('Which category?');

    const told = alice.waitForMessage(/forwarded message, so I did not record it/);
    alice.forward('30 taxi', { id: bob.id, is_bot: false, first_name: 'Bob' });
    await told;
    expect(alice.messages().filter((m) => /left the open question and recorded it/.test(m.text ?? ''))).toEqual([]);
    // The category question still waits with its buttons, and the draft goes on with its $12.
    alice.press('☕ Cafes', { messageId: category.message_id });
    await alice.waitForMessage('Add a note?');
    alice.press('Skip');
    expect((await alice.waitForMessage(/Record this expense/)).text).toContain('$12.00');
    const spent = listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(spent).toEqual([]);
  });
});
