// Someone removed from a family (or who left it) while one of its questions waited: their next answer
// closes the question with a clear word and records nothing. Before, the expense question went on
// ("Which category?") for a family they were no longer in, a quick entry typed there was announced as
// recorded while it was refused, and only the final Save found out.
import { describe, expect, it } from 'vitest';
import { adjustWalletBalance, createFamily, leaveFamily, listTransactions, removeMember, setActiveFamily } from '../../../src/domain/index.js';
import { family, person, press, say, startHarness, type Harness } from './harness.js';
import type { FakeUser } from '../../support/fake-telegram.js';

async function startExpense(h: Harness, who: FakeUser) {
  await say(who, '/menu', /what would you like to do/);
  const asked = who.waitForMessage('How much did you spend? Amount in USD, for example 12.50.');
  await press(h, who, '➖ Expense');
  return asked;
}

describe('a question whose asker is no longer in its family', () => {
  it('a typed answer closes it: no next question, nothing recorded', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    adjustWalletBalance(h.db.deps, f.owner.userId, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 100_000 });
    const max = f.people.member!;
    await startExpense(h, max.tg);
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: max.userId });

    await say(max.tg, '12', 'You are no longer in this family, so this question is closed; nothing was saved.');
    // Closed: a later number is no answer to it either (the usual no-family word, not a next question).
    await say(max.tg, '30 lunch', /You are not in a family yet/);
    expect(max.tg.messages().some((m) => /Which category\?|left the open question/.test(m.text ?? ''))).toBe(false);
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items.map((t) => t.kind)).toEqual(['adjustment']);
  });

  it("a press on its buttons closes it too, and nothing goes to the person's other family", async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const anna = f.people.admin!;
    const flat = createFamily(h.db.deps, anna.userId, { name: 'Flat', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, anna.userId, f.familyId);
    await startExpense(h, anna.tg);
    await say(anna.tg, '12', 'Which category?');
    leaveFamily(h.db.deps, anna.userId, f.familyId);

    const closed = anna.tg.waitForMessage('You are no longer in this family, so this question is closed; nothing was saved.');
    await press(h, anna.tg, /Groceries/);
    await closed;
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items).toEqual([]);
    expect(listTransactions(h.db.deps, anna.userId, { familyId: flat.id }).items.filter((t) => t.kind === 'expense')).toEqual([]);
  });

  it('says so in Russian', async () => {
    const h = await startHarness();
    const f = family(h);
    const max = person(h, 'Макс', 'ru');
    const { createInvite, joinFamily } = await import('../../../src/domain/index.js');
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }).code);
    await say(max.tg, '/menu', /что/i);
    const asked = max.tg.waitForMessage(/Сколько/);
    await press(h, max.tg, /Расход/);
    await asked;
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: max.userId });
    await say(max.tg, '12', 'Вы больше не состоите в этой семье, поэтому вопрос закрыт; ничего не сохранено.');
  });
});
