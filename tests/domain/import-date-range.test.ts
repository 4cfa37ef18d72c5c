// An import row dated before 1970-01-01 is refused by its line, never filed in
// another century: the export format's date 0026-03-01T12:00:00Z was read by
// Date.UTC as 1926 and recorded there; a bank row 0026-03-01 was refused with
// "not a date" and one dated 1969 recorded. Every row's date goes through the
// one date reader (src/domain/dates): reason date_out_of_range, with the line.
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import { commitImport, exportTransactionsCsv, previewImport, type BankMapping } from '../../src/domain/exports/index.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('import rows dated outside 1970-01-01 to 9999-12-31', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let g: FamilyFixture;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    g = makeFamily(t.deps);
    fund(t.deps, g, g.cashId, 100_00);
  });
  afterEach(() => t.cleanup());

  const imported = (familyId: number) =>
    t.deps.db.select().from(transactions).where(and(eq(transactions.familyId, familyId), isNotNull(transactions.idempotencyKey))).all().filter((x) => x.idempotencyKey!.startsWith('import:'));

  it('the export format: a row dated 0026-03-01 is refused by its line, not stored in 1926', () => {
    fund(t.deps, f, f.cashId, 50_00);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 12_34, categoryId: f.expenseCategoryId, description: 'Lunch' });
    const lines = [...exportTransactionsCsv(t.deps, f.owner, { familyId: f.familyId })].join('').split('\r\n');
    const lunch = lines.findIndex((l) => l.includes(',expense,'));
    expect(lunch).toBeGreaterThan(0);
    const row = lines[lunch]!.split(',');
    const dated = (date: string) => lines.map((l, i) => (i === lunch ? [row[0], date, ...row.slice(2)].join(',') : l)).join('\r\n');

    const preview = previewImport(t.deps, g.owner, { familyId: g.familyId, csv: dated('0026-03-01T12:00:00+00:00') });
    expect(preview.errors).toEqual([
      { line: lunch + 1, reason: 'date_out_of_range', values: { field: 'date', value: '0026-03-01T12:00:00+00:00', first: '1970-01-01', last: '9999-12-31' }, message: expect.stringContaining('from 1970-01-01 to 9999-12-31') },
    ]);
    expect(() => commitImport(t.deps, g.owner, { familyId: g.familyId, csv: dated('0026-03-01T12:00:00+00:00') })).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'import_has_errors' }) }));
    expect(previewImport(t.deps, g.owner, { familyId: g.familyId, csv: dated('1969-12-31T12:00:00+00:00') }).errors).toMatchObject([{ line: lunch + 1, reason: 'date_out_of_range' }]);
    expect(imported(g.familyId)).toEqual([]);
    expect(balanceOf(t.deps, g.cashId)).toBe(100_00);

    // In range, the same row is recorded on the day written.
    expect(commitImport(t.deps, g.owner, { familyId: g.familyId, csv: dated('1970-01-02T12:00:00+00:00') }).errors).toEqual([]);
    expect(imported(g.familyId).filter((x) => x.kind === 'expense').map((x) => new Date(x.createdAt).toISOString().slice(0, 10))).toEqual(['1970-01-02']);
  });

  it('a bank statement: rows dated 0026 or 1969 are refused by their lines in every date format; the others are fine', () => {
    const cases: Array<[BankMapping['dateFormat'], string, string]> = [
      ['YYYY-MM-DD', '0026-03-01', '1969-12-31'],
      ['DD.MM.YYYY', '01.03.0026', '31.12.1969'],
      ['DD/MM/YYYY', '01/03/0026', '31/12/1969'],
      ['MM/DD/YYYY', '03/01/0026', '12/31/1969'],
    ];
    for (const [dateFormat, year26, year69] of cases) {
      const csv = ['Date;Amount;Payee', `${year26};-1,00;Old`, `${year69};-2,00;Older`, `${dateFormat === 'YYYY-MM-DD' ? '2026-11-03' : dateFormat === 'MM/DD/YYYY' ? '11/03/2026' : dateFormat === 'DD/MM/YYYY' ? '03/11/2026' : '03.11.2026'};-3,00;Now`].join('\n');
      const mapping: BankMapping = { date: 'Date', amount: 'Amount', description: 'Payee', dateFormat, walletId: g.cashId };
      const preview = previewImport(t.deps, g.owner, { familyId: g.familyId, csv, mapping });
      expect(preview.errors, dateFormat).toEqual([
        { line: 2, reason: 'date_out_of_range', values: { field: 'date', value: year26, first: '1970-01-01', last: '9999-12-31' }, message: expect.stringContaining('out of range') },
        { line: 3, reason: 'date_out_of_range', values: { field: 'date', value: year69, first: '1970-01-01', last: '9999-12-31' }, message: expect.stringContaining('out of range') },
      ]);
      expect(preview.toRecord, dateFormat).toBe(1);
    }
    expect(imported(g.familyId)).toEqual([]);
  });
});
