// A bank row is recognised as already recorded by what the bank wrote, not by
// how the person mapped the columns: the same statement mapped differently
// records nothing twice, files imported before (keyed by their mapped values)
// are still recognised, and two genuinely different rows with the same date
// and amount stay two. A date with an explicit offset is an instant, filed on
// the family's local day of that instant; a plain date is the day written.
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { updateFamilySettings } from '../../src/domain/index.js';
import { commitImport, previewImport, type BankMapping } from '../../src/domain/exports/index.js';
import { rowKey } from '../../src/domain/exports/import-rows.js';
import { localDate } from '../../src/domain/recurring/dates.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('bank rows recognised whatever the mapping', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let card: number;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    card = addWallet(t.deps, f);
    fund(t.deps, f, card, 100_00);
  });
  afterEach(() => t.cleanup());

  // Two identical coffee lines (both are real), and two coffees of 3.50 on one day that differ only in their reference.
  const STATEMENT = [
    'Date;Amount;Payee;Reference;Memo',
    '03.11.2026;-3,50;Coffee Bar;;card 1234',
    '03.11.2026;-3,50;Coffee Bar;;card 1234',
    '04.11.2026;-3,50;Kiosk;R-1;newspaper',
    '04.11.2026;-3,50;Kiosk;R-2;newspaper',
    '05.11.2026;-20,00;Bakery;R-3;bread',
  ].join('\r\n');
  const mapping = (description: string): BankMapping => ({ date: 'Date', amount: 'Amount', description, dateFormat: 'DD.MM.YYYY', walletId: card });
  const imported = () => t.deps.db.select().from(transactions).where(and(eq(transactions.familyId, f.familyId), isNotNull(transactions.idempotencyKey))).all().filter((x) => x.idempotencyKey!.startsWith('import:'));

  it('the same statement mapped with another description column records nothing twice; rows with the same date and amount stay apart', () => {
    const first = commitImport(t.deps, f.owner, { familyId: f.familyId, csv: STATEMENT, mapping: mapping('Payee') });
    expect(first).toMatchObject({ toRecord: 5, duplicates: 0, errors: [] });
    expect(balanceOf(t.deps, card)).toBe(100_00 - 34_00);

    for (const description of ['Memo', 'Reference']) {
      expect(previewImport(t.deps, f.owner, { familyId: f.familyId, csv: STATEMENT, mapping: mapping(description) })).toMatchObject({ toRecord: 0, duplicates: 5 });
      expect(commitImport(t.deps, f.owner, { familyId: f.familyId, csv: STATEMENT, mapping: mapping(description) })).toMatchObject({ toRecord: 0, duplicates: 5 });
    }
    // The same statement saved again by a spreadsheet (tabs, quotes, a trailing empty column) is the same rows.
    const resaved = STATEMENT.split('\r\n').map((l) => `${l.split(';').map((c) => `"${c}"`).join('\t')}\t`).join('\n');
    expect(commitImport(t.deps, f.owner, { familyId: f.familyId, csv: resaved, mapping: mapping('Memo') })).toMatchObject({ toRecord: 0, duplicates: 5 });
    expect(imported()).toHaveLength(5);
    expect(balanceOf(t.deps, card)).toBe(100_00 - 34_00);

    // A later statement overlapping this one: the new row is recorded, the known ones are not.
    const later = `${STATEMENT}\r\n06.11.2026;-3,50;Kiosk;R-4;newspaper`;
    expect(commitImport(t.deps, f.owner, { familyId: f.familyId, csv: later, mapping: mapping('Memo') })).toMatchObject({ toRecord: 1, duplicates: 5 });
    expect(imported()).toHaveLength(6);
  });

  it('a statement imported before keys were made from the written row is still recognised under its mapping', () => {
    commitImport(t.deps, f.owner, { familyId: f.familyId, csv: STATEMENT, mapping: mapping('Payee') });
    // Store the keys the earlier importer made: wallet, written day, signed amount and mapped description, with their rank.
    const seen = new Map<string, number>();
    const rows = imported().sort((a, b) => a.id - b.id);
    const legacy: Array<[number, number, number, number, string]> = [
      [3, 11, 2026, -3_50, 'Coffee Bar'],
      [3, 11, 2026, -3_50, 'Coffee Bar'],
      [4, 11, 2026, -3_50, 'Kiosk'],
      [4, 11, 2026, -3_50, 'Kiosk'],
      [5, 11, 2026, -20_00, 'Bakery'],
    ];
    rows.forEach((r, i) => {
      const [d, m, y, signed, description] = legacy[i]!;
      expect(r.description).toBe(description);
      t.deps.db.update(transactions).set({ idempotencyKey: rowKey([card, y, m, d, signed, description], seen) }).where(eq(transactions.id, r.id)).run();
    });

    expect(commitImport(t.deps, f.owner, { familyId: f.familyId, csv: STATEMENT, mapping: mapping('Payee') })).toMatchObject({ toRecord: 0, duplicates: 5 });
    expect(imported()).toHaveLength(5);
    expect(balanceOf(t.deps, card)).toBe(100_00 - 34_00);
  });
});

describe('bank dates with a time zone', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let card: number;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    card = addWallet(t.deps, f);
    updateFamilySettings(t.deps, f.owner, { familyId: f.familyId, timezone: 'Europe/Berlin' });
  });
  afterEach(() => t.cleanup());

  const dayOf = (description: string) => {
    const row = t.deps.db.select().from(transactions).where(and(eq(transactions.toWalletId, card), eq(transactions.description, description))).get()!;
    return { at: row.executedAt, day: localDate(row.executedAt!, 'Europe/Berlin') };
  };

  it('a timestamp with an offset is filed on the family’s local day of that instant; a plain date on the day written', () => {
    const csv = [
      'Booked,Amount,Text',
      '2026-03-31T23:30:00-05:00,1.00,new york evening',
      '2026-03-31T22:30:00Z,2.00,utc late evening',
      '2026-04-01 01:30:00 +0300,3.00,moscow night',
      '2026-03-31,4.00,plain date',
      '2026-03-31T23:30:00,5.00,local time without offset',
    ].join('\n');
    const done = commitImport(t.deps, f.owner, { familyId: f.familyId, csv, mapping: { date: 'Booked', amount: 'Amount', description: 'Text', dateFormat: 'YYYY-MM-DD', walletId: card } });
    expect(done).toMatchObject({ toRecord: 5, errors: [] });
    // 04:30 UTC on 1 April is 06:30 in Berlin (summer time since 29 March): filed at the instant, on 1 April.
    expect(dayOf('new york evening')).toEqual({ at: Date.parse('2026-04-01T04:30:00Z'), day: '2026-04-01' });
    expect(dayOf('utc late evening')).toEqual({ at: Date.parse('2026-03-31T22:30:00Z'), day: '2026-04-01' });
    // 01:30 in Moscow is 22:30 UTC on 31 March, 00:30 on 1 April in Berlin.
    expect(dayOf('moscow night')).toEqual({ at: Date.parse('2026-03-31T22:30:00Z'), day: '2026-04-01' });
    expect(dayOf('plain date')).toEqual({ at: Date.parse('2026-03-31T12:00:00+02:00'), day: '2026-03-31' });
    expect(dayOf('local time without offset').day).toBe('2026-03-31');
  });

  it('a time or offset out of range is not a date, never filed on a guess', () => {
    const preview = previewImport(t.deps, f.owner, {
      familyId: f.familyId,
      csv: 'Booked,Amount\n2026-03-31T24:30:00Z,1.00\n2026-03-31T10:00:00+25:00,1.00\n31.03.2026 23:30 +02:00,1.00\n',
      mapping: { date: 'Booked', amount: 'Amount', dateFormat: 'YYYY-MM-DD', walletId: card },
    });
    expect(preview.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'not_a_date'],
      [3, 'not_a_date'],
      [4, 'not_a_date'],
    ]);
  });
});
