// Quick entry with numbers written apart: "1 50 coffee" was recorded as 1 with the note "50 coffee",
// "coffee 1 50" as 50 and "2 coffees 5" as 2. Such an entry is refused with a hint; one number, grouped
// thousands and numbers inside the words still record.
import { afterEach, describe, expect, it } from 'vitest';
import { listTransactions } from '../../src/domain/index.js';
import { lastSent, startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash, familyWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HINT_EN = /^Which number is the amount\? Numbers written apart next to it can be read several ways: “1 50” may be 150, 1\.50, or 1 and 50\. Write the amount as one number, for example “150 coffee” or “1\.50 coffee”, and keep other numbers inside the words: “5 coffee x2”\.\n/;

describe('numbers written apart in a quick entry', () => {
  it('refuses "1 50 coffee", "coffee 1 50", "2 coffees 5", "1 50", "12.05 50 lunch", "$1 50 coffee" and "2 coffees for 5", and records nothing', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 1_000_000);
    for (const text of ['1 50 coffee', 'coffee 1 50', '2 coffees 5', '1 50', '12.05 50 lunch', '$1 50 coffee', 'taxi 2 50$', '2 coffees for 5']) {
      const refused = alice.waitForMessage(/^Which number is the amount\?/);
      alice.send(text);
      expect((await refused).text, text).toMatch(HINT_EN);
    }
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
  });

  it('records one number, grouped thousands and numbers inside the words as before', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000_000_00);
    const cases: Array<[string, number, string]> = [
      ['1\u2009500 coffee', 1_500_00, 'coffee'],
      ["1'500 rent", 1_500_00, 'rent'],
      ['1 500 тыс ремонт', 1_500_000_00, 'ремонт'],
      ['5 coffees for 2 people', 5_00, 'coffees for 2 people'],
      ['500 bus #42', 500_00, 'bus #42'],
      ['coffee x2 10', 10_00, 'coffee x2'],
      ['lunch at 12:30 15', 15_00, 'lunch at 12:30'],
    ];
    for (const [text, amount, note] of cases) {
      const card = alice.waitForMessage((m) => m.text?.includes(`· ${note}\n`) ?? false);
      alice.send(text);
      await card;
      const last = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.find((t) => t.description === note);
      expect(last?.amountMinor, text).toBe(amount);
    }
  });

  it('says so in Russian, and an edit of the refused message to one number records it', async () => {
    h = await startHarness();
    const olga = h.person(1002, 'Ольга', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 1_000_000, { currency: 'RUB' });
    const owner = f.userOf(olga);
    const refused = olga.waitForMessage(/^Какое число — сумма\?/);
    olga.send('1 50 кофе');
    expect((await refused).text).toMatch(
      /^Какое число — сумма\? Отдельные числа рядом с ней можно понять по-разному: «1 50» — это 150, 1,50 или 1 и 50\. Напишите сумму одним числом, например «150 кофе» или «1,50 кофе», а другие числа — внутри слов: «5 кофе x2»\.\n/,
    );
    const card = olga.waitForMessage(/➖ 1,50\s₽/u);
    olga.edit(lastSent(olga, '1 50 кофе').message_id, '1,50 кофе');
    await card;
    const expenses = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');
    expect(expenses.map((t) => [t.amountMinor, t.description])).toEqual([[150, 'кофе']]);
  });

  it('an amount question answered "1 50" asks again with the hint; one number goes on', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    const menu = alice.waitForMessage(/what would you like to do/i);
    alice.send('/menu');
    await menu;
    const asked = alice.waitForMessage('How much did you spend?');
    alice.press('➖ Expense');
    await asked;
    const again = alice.waitForMessage(/^Which number is the amount\?[^]*How much did you spend\?/);
    alice.send('1 50');
    expect((await again).text).toMatch(HINT_EN);
    const category = alice.waitForMessage('Which category?');
    alice.send('1.50 coffee');
    await category;
    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.filter((t) => t.kind === 'expense')).toEqual([]);
  });
});
