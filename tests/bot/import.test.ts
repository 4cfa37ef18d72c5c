// /import as a person uses it: send a bank's CSV, map its columns with
// buttons, see the preview, record it with one tap; the same file again
// records nothing; a file with a bad row records nothing and lists the line.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { family, press, startHarness } from './manage/harness.js';

const BANK = ['Date;Amount;Details', '01.11.2026;1 000,00;Salary', '02.11.2026;-12,50;Bakery', '03.11.2026;-3,00;Kiosk'].join('\n');

describe('import in the bot', () => {
  it('maps a bank CSV, previews it, records it once', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const count = () => h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all().length;

    const send = async () => {
      const date = tg.waitForMessage(/Which column holds the date/);
      tg.sendDocument({ filename: 'bank.csv', content: BANK, mimeType: 'text/csv' });
      await date;
      const format = tg.waitForMessage(/How are the dates written/);
      await press(h, tg, 'Date');
      await format;
      const amount = tg.waitForMessage(/Which column holds the amount/);
      await press(h, tg, 'DD.MM.YYYY');
      await amount;
      const desc = tg.waitForMessage(/Which column holds the description/);
      await press(h, tg, 'Amount');
      await desc;
      const wallet = tg.waitForMessage(/Which wallet/);
      await press(h, tg, 'Details');
      await wallet;
    };

    await send();
    const preview = tg.waitForMessage(/3 rows: 3 to record, 0 already recorded/);
    await press(h, tg, 'Cash (USD)');
    expect((await preview).text).toContain('USD: income $1,000.00, expenses $15.50, transfers $0.00');
    expect(count()).toBe(0);
    const done = tg.waitForMessage(/Recorded 3 transactions/);
    await press(h, tg, '✅ Record 3');
    await done;
    expect(count()).toBe(3);

    await send();
    const again = tg.waitForMessage(/Nothing new to record/);
    await press(h, tg, 'Cash (USD)');
    expect((await again).text).toContain('3 rows: 0 to record, 3 already recorded');
    expect(count()).toBe(3);
  });

  it('a file with a bad row lists its line and records nothing', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const bad = ['id,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by', '1,2026-11-02T10:00:00+00:00,income,executed,50.00,USD,,Cash,,,Salary,,Olga,,', '2,2026-11-03T10:00:00+00:00,expense,executed,12.345,USD,Cash,,,,Groceries,,Olga,,'].join('\r\n');
    const answer = tg.waitForMessage(/cannot be imported/);
    tg.sendDocument({ filename: 'export.csv', content: bad, mimeType: 'text/csv' });
    const text = (await answer).text!;
    expect(text).toContain('line 3: At most 2 decimal places are allowed');
    expect(text).toContain('Nothing was recorded');
    expect(h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all()).toHaveLength(0);
  });
});
