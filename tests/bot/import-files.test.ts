// /import with the files people actually send: a spreadsheet's CSV in its own
// encoding (UTF-16 with its byte order mark, Windows-1251 from a Russian
// Excel's plain "CSV"), and a broken file. Text is read as written or the file
// is refused with what to do; a file-level problem is named, with its line.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { setUserLocale } from '../../src/domain/index.js';
import { family, mapBankCsv, press, startHarness } from './manage/harness.js';

const BANK = ['Date\tAmount\tDetails', '02.11.2026\t1 000,00\tЗарплата', '03.11.2026\t-12,50\tПятёрочка'].join('\r\n');

describe('import files', () => {
  it('a UTF-16 CSV (LibreOffice, Numbers) is read as written', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BANK, 'utf16le')]);
    await mapBankCsv(h, tg, utf16);
    const preview = tg.waitForMessage(/2 rows: 2 to record/);
    await press(h, tg, 'Cash (USD)');
    await preview;
    const done = tg.waitForMessage(/Recorded 2 transactions/);
    await press(h, tg, '✅ Record 2');
    await done;
    const notes = h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all().map((x) => x.description);
    expect(notes.sort()).toEqual(['Зарплата', 'Пятёрочка']);
  });

  it('Excel’s "Unicode Text" (.txt: UTF-16 LE with its byte order mark, tab-separated) and a .tsv file are imported like a CSV', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${BANK}\r\n`, 'utf16le')]);
    await mapBankCsv(h, tg, unicodeText, { filename: 'Statement.txt', mimeType: 'text/plain' });
    const preview = tg.waitForMessage(/2 rows: 2 to record/);
    await press(h, tg, 'Cash (USD)');
    await preview;
    const done = tg.waitForMessage(/Recorded 2 transactions/);
    await press(h, tg, '✅ Record 2');
    await done;
    const rows = () => h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all();
    expect(rows().map((x) => [x.description, x.amountMinor]).sort()).toEqual([
      ['Зарплата', 1000_00],
      ['Пятёрочка', 12_50],
    ]);
    // The same rows as a .tsv (UTF-8, sent with no type): recognised, nothing recorded twice.
    await mapBankCsv(h, tg, BANK, { filename: 'statement.tsv', mimeType: 'application/octet-stream' });
    const again = tg.waitForMessage(/Nothing new to record/);
    await press(h, tg, 'Cash (USD)');
    expect((await again).text).toContain('2 rows: 0 to record, 2 already recorded');
    expect(rows()).toHaveLength(2);
  });

  it('a file that is not UTF-8 (Windows-1251) is refused with what to do, never read as garbled notes', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    // "Пятёрочка" in Windows-1251.
    const cp1251 = Buffer.concat([Buffer.from('Date;Amount;Details\r\n03.11.2026;-12,50;'), Buffer.from([0xcf, 0xff, 0xf2, 0xb8, 0xf0, 0xee, 0xf7, 0xea, 0xe0]), Buffer.from('\r\n')]);
    const answer = tg.waitForMessage(/UTF-8/);
    tg.sendDocument({ filename: 'bank.csv', content: cp1251, mimeType: 'text/csv' });
    expect((await answer).text).toContain('CSV UTF-8');
    expect(h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all()).toHaveLength(0);
  });

  it('a broken or empty file is named with its line, in the reader language', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const broken = tg.waitForMessage(/line 3/);
    tg.sendDocument({ filename: 'bank.csv', content: 'Date,Amount\n01.11.2026,5\n02.11.2026,"never closed\n', mimeType: 'text/csv' });
    expect((await broken).text).toMatch(/quote/i);
    const empty = tg.waitForMessage(/no rows/);
    tg.sendDocument({ filename: 'bank.csv', content: 'Date,Amount\n', mimeType: 'text/csv' });
    await empty;
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    const ru = tg.waitForMessage(/строке 3/);
    tg.sendDocument({ filename: 'bank.csv', content: 'Date,Amount\n01.11.2026,5\n02.11.2026,"never closed\n', mimeType: 'text/csv' });
    await ru;
  });
});
