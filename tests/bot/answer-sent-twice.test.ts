// A typed answer that arrives twice (the client sends the message again, or two
// identical messages in a row) while the bot asks a question: the first copy is the
// answer, the second is recognised as its repeat. It is never recorded as a quick
// entry, never taken as the answer to the next question; the bot says so briefly.
// Sent again later (after the short window), the same text is an ordinary message.
import { afterEach, describe, expect, it } from 'vitest';
import { listThresholds, listTransactions } from '../../src/domain/index.js';
import { ANSWER_REPEAT_WINDOW_MS } from '../../src/bot/runtime/answer-repeat.js';
import { settled, startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash, familyWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REPEAT = /came twice/;

async function startExpense(who: ReturnType<Harness['person']>) {
  who.send('/menu');
  await who.waitForMessage(/what would you like to do/);
  who.press('➖ Expense');
  return who.waitForMessage('How much did you spend?');
}

async function askLimit(who: ReturnType<Harness['person']>) {
  who.send('/settings');
  await who.waitForMessage(/Settings/);
  const asked = who.waitForMessage(/Send the new limit/);
  who.press('🔒 Approval limit');
  await asked;
}

describe('an answer that arrives twice', () => {
  it('the last answer of a flow: the second copy is no $300 expense', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 1000_00);
    await askLimit(alice);
    const done = alice.waitForMessage(/Approval is now needed above \$300\.00/);
    const repeat = alice.waitForMessage(REPEAT);
    alice.send('300');
    alice.send('300');
    await done;
    await repeat;
    await settled(alice);
    expect(listThresholds(h.db.deps, f.userOf(alice), f.familyId)).toEqual([{ currency: 'USD', amountMinor: 30000 }]);
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
  });

  it('an answer in the middle of a flow: the copy neither leaves the next question nor records "12"', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 1000_00);
    await startExpense(alice);
    const category = alice.waitForMessage('Which category?');
    const repeat = alice.waitForMessage(REPEAT);
    alice.send('12');
    alice.send('12');
    await category;
    await repeat;
    // The question still waits: a category button finishes the expense of 12.
    const note = alice.waitForMessage(/Add a note\?/);
    alice.press('🚌 Transport');
    await note;
    const confirm = alice.waitForMessage('Record this expense?');
    alice.press('Skip');
    await confirm;
    alice.press('✅ Save');
    await alice.waitForMessage(/Cash: \$988\.00/);
    const items = listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'expense', amountMinor: 1200 });
    expect(alice.messages().filter((m) => /draft was dropped|question was left/.test(m.text ?? ''))).toEqual([]);
  });

  it('the same text later is an ordinary message: a quick entry', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 1000_00);
    await askLimit(alice);
    const done = alice.waitForMessage(/Approval is now needed above \$300\.00/);
    alice.send('300');
    await done;
    h.db.clock.advance(ANSWER_REPEAT_WINDOW_MS + 1);
    alice.send('300');
    await alice.waitForMessage(/\$300\.00/, { timeoutMs: 5000 });
    await settled(alice);
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toHaveLength(1);
    expect(alice.messages().filter((m) => REPEAT.test(m.text ?? ''))).toEqual([]);
  });

  it('in Russian too', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Алиса', 'ru');
    const f = familyWithFundedCash(h.db.deps, alice, 1000_00);
    alice.send('/settings');
    await alice.waitForMessage(/Настройки/);
    const asked = alice.waitForMessage(/новый лимит/i);
    alice.press(/Лимит/);
    await asked;
    const repeat = alice.waitForMessage(/пришло дважды/);
    alice.send('300');
    alice.send('300');
    await repeat;
    const back = alice.waitForMessage(/С возвращением/);
    alice.send('/start');
    await back;
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
  });
});
