import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { createTransaction, createWallet, listCategories, reverseTransaction, type CoreDeps } from '../../src/domain/index.js';
import { commitImport, csvLine, exportTransactionsCsv, parseCsv, previewImport, safeText, unsafeText, zonedIso } from '../../src/domain/exports/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('CSV reading and writing (RFC 4180)', () => {
  it('quotes what needs quoting and reads it back, with the line each record starts on', () => {
    const rows = [
      ['plain', 'comma, inside', 'quote " inside', 'line\nbreak', ' padded ', ''],
      ['Кофе ☕', '=1+2', 'crlf\r\nbreak', 'x', 'y', 'z'],
    ];
    const text = rows.map(csvLine).join('');
    expect(text.startsWith('plain,"comma, inside","quote "" inside","line\nbreak"," padded ",\r\n')).toBe(true);
    const back = parseCsv(`\uFEFF${text}`);
    expect(back.map((r) => r.fields)).toEqual(rows);
    expect(back.map((r) => r.line)).toEqual([1, 3]);
  });

  it('detects ; and tab delimiters, skips blank lines and refuses broken quoting with the line', () => {
    expect(parseCsv('a;b\n\n1;"2;3"\n').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2;3']],
    ]);
    expect(parseCsv('a\tb\r1\t2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/line 2/);
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(/line 2/);
  });

  it('protects formula-like text with one apostrophe that import removes, so every text reads back as written', () => {
    const texts = ['=SUM(A1)', '-5', '+1', '@x', '\tx', "'-", "''=x", "'plain", "it's", 'plain', ''];
    expect(texts.map((x) => safeText(x))).toEqual(["'=SUM(A1)", "'-5", "'+1", "'@x", "'\tx", "''-", "'''=x", "'plain", "it's", 'plain', '']);
    for (const x of texts) expect(unsafeText(safeText(x)!)).toBe(x);
  });

  it('dates carry the family offset, also across a DST change', () => {
    expect(zonedIso(Date.parse('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T01:30:00+01:00');
    expect(zonedIso(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(zonedIso(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
  });
});

const exportText = (deps: CoreDeps, actor: number, familyId: number, opts: { from?: string; to?: string; bom?: boolean; batchSize?: number } = {}) =>
  [...exportTransactionsCsv(deps, actor, { familyId, ...opts })].join('');

describe('export and import', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let card: number;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    card = addWallet(t.deps, f);
    fund(t.deps, f, f.cashId, 500_00);
  });
  afterEach(() => t.cleanup());

  const books = (deps: CoreDeps, familyId: number) =>
    deps.db
      .select()
      .from(transactions)
      .where(eq(transactions.familyId, familyId))
      .all()
      .filter((x) => x.status === 'executed' && x.reversalOf === null)
      .map((x) => [x.kind, x.amountMinor, x.currency, x.executedAt, x.description])
      .sort();

  it('exports one row per transaction with status, reversal links, author, wallet, category and note', () => {
    const spent = createTransaction(t.deps, f.members.admin, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 12_34, categoryId: f.expenseCategoryId, description: 'Lunch, "big" one' }).transaction;
    const { reversal } = reverseTransaction(t.deps, f.owner, { transactionId: spent.id, reason: 'twice' });
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: card, amountMinor: 100_00 });
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1_00, description: '=HYPERLINK("x")' });
    const text = exportText(t.deps, f.owner, f.familyId, { bom: true, batchSize: 2 });
    expect(text.startsWith('\uFEFFid,date,kind,status,amount,currency,from_wallet,to_wallet,to_amount,to_currency,category,note,author,reversal_of,reversed_by\r\n')).toBe(true);
    const rows = parseCsv(text).slice(1).map((r) => r.fields);
    expect(rows).toHaveLength(5);
    const category = listCategories(t.deps, f.owner, f.familyId).find((c) => c.id === f.expenseCategoryId)!.name;
    expect(rows[1]).toEqual([String(spent.id), '2026-11-25T12:00:00+00:00', 'expense', 'reversed', '12.34', 'USD', 'Cash', '', '', '', category, 'Lunch, "big" one', 'admin', '', String(reversal.id)]);
    expect(rows[2]?.slice(2, 4).concat(rows[2]!.slice(13))).toEqual(['expense', 'executed', String(spent.id), '']);
    expect(rows[4]?.[11]).toBe('\'=HYPERLINK("x")');
    expect(() => exportText(t.deps, f.outsider, f.familyId)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(exportText(t.deps, f.owner, f.familyId, { from: '2026-11-26' }).split('\r\n')).toHaveLength(2);
    expect(() => exportText(t.deps, f.owner, f.familyId, { from: '2026-02-30' })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('export → import into another family round-trips to the same books; importing twice records nothing more', () => {
    t.clock.advance(3600_000);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 12_34, categoryId: f.expenseCategoryId, description: 'Lunch\nwith "Ann"' });
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 12_34, categoryId: f.expenseCategoryId, description: 'Lunch\nwith "Ann"' });
    t.clock.advance(3600_000);
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: card, amountMinor: 100_00 });
    const wrong = createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: 7_00 }).transaction;
    reverseTransaction(t.deps, f.owner, { transactionId: wrong.id, reason: 'no' });
    const csv = exportText(t.deps, f.owner, f.familyId);

    const g = makeFamily(t.deps);
    // The other family names its second wallet like ours.
    const ourCard = csv.split('\r\n').find((l) => l.includes(',transfer,'))!.split(',')[7]!;
    createWallet(t.deps, g.owner, { familyId: g.familyId, name: ourCard, type: 'bank', currency: 'USD' });
    const preview = previewImport(t.deps, g.owner, { familyId: g.familyId, csv });
    // The reversed expense is replayed (recorded, then reversed): it nets out of the totals.
    expect(preview).toMatchObject({ format: 'export', rows: 6, toRecord: 6, duplicates: 0, skipped: 0, errors: [], totals: [{ currency: 'USD', incomeMinor: 500_00n, expenseMinor: 24_68n, transferMinor: 100_00n }] });
    expect(books(t.deps, g.familyId)).toEqual([]);
    const done = commitImport(t.deps, g.owner, { familyId: g.familyId, csv });
    expect(done.toRecord).toBe(6);
    expect(books(t.deps, g.familyId)).toEqual(books(t.deps, f.familyId));
    expect(balanceOf(t.deps, g.cashId)).toBe(balanceOf(t.deps, f.cashId));
    expect(commitImport(t.deps, g.owner, { familyId: g.familyId, csv })).toMatchObject({ toRecord: 0, duplicates: 6 });
    expect(books(t.deps, g.familyId)).toHaveLength(4);
  });

  it('a bank CSV with a column mapping: preview, bad rows with their lines, nothing half-imported, duplicates skipped', () => {
    const rows = (first: string) => ['Datum;Betrag;Verwendungszweck;Kategorie', `${first};-12,50;Bäckerei;`, '02.11.2026;1 200,00;Gehalt;', '02.11.2026;-3,00;Kiosk;'].join('\n');
    const mapping = { date: 'Datum', amount: 'Betrag', description: 'Verwendungszweck', category: 'Kategorie', dateFormat: 'DD.MM.YYYY' as const, walletId: card };
    const input = (csv: string) => ({ familyId: f.familyId, csv, mapping });
    expect(() => previewImport(t.deps, f.owner, { familyId: f.familyId, csv: rows('03.11.2026') })).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'mapping_needed' }) }));
    // Sorted by date, the bakery on the 1st comes before the salary: the card cannot pay it.
    const early = previewImport(t.deps, f.owner, input(rows('01.11.2026')));
    expect(early).toMatchObject({ format: 'bank', rows: 3, toRecord: 2, errors: [{ line: 2, reason: 'insufficient_funds', values: expect.objectContaining({ wallet: expect.any(String) }), message: expect.stringMatching(/money/i) }] });
    expect(() => commitImport(t.deps, f.owner, input(rows('01.11.2026')))).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'import_has_errors' }) }));
    // A bad row carries the core's stable reason and the values a message needs (the bot words it; the English is for logs).
    expect(previewImport(t.deps, f.owner, input(rows('31.02.2026'))).errors).toEqual([
      { line: 2, reason: 'not_a_date', values: { field: 'date', value: '31.02.2026', format: 'DD.MM.YYYY' }, message: expect.stringContaining('31.02.2026') },
    ]);
    expect(balanceOf(t.deps, card)).toBe(0);

    const csv = rows('03.11.2026');
    expect(previewImport(t.deps, f.owner, input(csv))).toMatchObject({ toRecord: 3, duplicates: 0, errors: [], totals: [{ currency: 'USD', incomeMinor: 1200_00n, expenseMinor: 15_50n, transferMinor: 0n }] });
    expect(() => commitImport(t.deps, f.members.member, input(csv))).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(commitImport(t.deps, f.owner, input(csv)).toRecord).toBe(3);
    expect(balanceOf(t.deps, card)).toBe(1184_50);
    const dated = t.deps.db.select().from(transactions).where(eq(transactions.fromWalletId, card)).all().map((x) => x.executedAt);
    expect(dated).toContain(Date.parse('2026-11-03T12:00:00Z'));
    expect(commitImport(t.deps, f.owner, input(csv))).toMatchObject({ toRecord: 0, duplicates: 3 });
    expect(balanceOf(t.deps, card)).toBe(1184_50);
  });

  it('a malformed file changes nothing and says where it breaks', () => {
    expect(() => commitImport(t.deps, f.owner, { familyId: f.familyId, csv: 'a,b\n1,"never closed\n' })).toThrow(expect.objectContaining({ code: 'validation', details: expect.objectContaining({ reason: 'bad_csv', line: 2 }) }));
    expect(() => commitImport(t.deps, f.owner, { familyId: f.familyId, csv: 'just a header\n' })).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'empty' }) }));
    expect(t.deps.db.select().from(transactions).all()).toHaveLength(1);
  });
});
