// Quick entry as one core call: recordQuickEntry picks the wallet, reads the
// amount in its currency and files the category; correctQuickEntry applies an
// edited message under the same rules. The bot's tests drive the same calls
// through the chat (tests/bot/quick-entry.test.ts, pay-from.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AmountError,
  archiveCategory,
  archiveWallet,
  correctQuickEntry,
  correctTransaction,
  createCategory,
  getWallet,
  listCategories,
  recordQuickEntry,
  setDefaultWallet,
  type CategoryKind,
  type QuickEntryText,
} from '../../src/domain/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, snapshot, statementLog } from './support/inspect.js';

let t: TestDb;
let f: FamilyFixture;
let key = 0;

beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
  fund(t.deps, f, f.cashId, 1_000_00);
});
afterEach(() => t.cleanup());

const spend = (note: string, amountText = '5', more: Partial<QuickEntryText> = {}) => ({ income: false, amountText, note, ...more });
const record = (actor: number, entry: QuickEntryText, walletId?: number) =>
  recordQuickEntry(t.deps, actor, { familyId: f.familyId, entry, idempotencyKey: `tg:msg:1:${++key}`, ...(walletId !== undefined ? { walletId } : {}) }).transaction;
const categoryNamed = (name: string, kind: CategoryKind = 'expense') => listCategories(t.deps, f.owner, f.familyId, { kind }).find((c) => c.name === name)!;
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AmountError ? `amount:${e.reason}` : ((e as { why?: { type: string }; code?: string }).why?.type ?? (e as { code?: string }).code);
  }
  return 'ok';
};

describe('the wallet', () => {
  it("is the person's chosen default, else the family's first active wallet, and a named currency picks the wallet in it", () => {
    const bank = addWallet(t.deps, f, 'USD');
    fund(t.deps, f, bank, 500_00);
    const euros = addWallet(t.deps, f, 'EUR');
    fund(t.deps, f, euros, 100_00);
    expect(record(f.members.member, spend('bread')).fromWalletId).toBe(f.cashId);
    setDefaultWallet(t.deps, f.members.member, { familyId: f.familyId, walletId: bank });
    expect(record(f.members.member, spend('bread')).fromWalletId).toBe(bank);
    const inEuros = record(f.members.member, spend('bread', '3.5', { currency: 'EUR' }));
    expect(inEuros).toMatchObject({ fromWalletId: euros, currency: 'EUR', amountMinor: 350 });
    // The default archived: back to the first active one.
    record(f.owner, spend('empty it', '495'), bank);
    archiveWallet(t.deps, f.owner, { familyId: f.familyId, walletId: bank });
    expect(record(f.members.member, spend('bread')).fromWalletId).toBe(f.cashId);
  });

  it('refuses a currency the family has no wallet in, or a family without wallets, and writes nothing', () => {
    const before = snapshot(t.deps);
    expect(reasonOf(() => record(f.owner, spend('taxi', '20', { currency: 'GBP' })))).toBe('no_wallet_in_currency');
    expect(snapshot(t.deps)).toBe(before);
    record(f.owner, spend('all of it', '1000'));
    archiveWallet(t.deps, f.owner, { familyId: f.familyId, walletId: f.cashId });
    const empty = snapshot(t.deps);
    expect(reasonOf(() => record(f.owner, spend('taxi', '20')))).toBe('no_wallet');
    expect(snapshot(t.deps)).toBe(empty);
  });

  it('pays from the wallet the person chose after a shortfall, only in the same currency and of this family', () => {
    const bank = addWallet(t.deps, f, 'USD');
    fund(t.deps, f, bank, 2_000_00);
    const euros = addWallet(t.deps, f, 'EUR');
    expect(reasonOf(() => record(f.owner, spend('sofa', '1500')))).toBe('insufficient_funds');
    expect(record(f.owner, spend('sofa', '1500'), bank)).toMatchObject({ fromWalletId: bank, amountMinor: 1500_00 });
    expect(balanceOf(t.deps, bank)).toBe(500_00);
    expect(reasonOf(() => record(f.owner, spend('sofa', '15'), euros))).toBe('validation');
    const other = makeFamily(t.deps);
    expect(reasonOf(() => record(f.owner, spend('sofa', '15'), other.cashId))).toBe('missing');
  });
});

describe('the amount', () => {
  it("is read in the wallet's own currency, and one that cannot be read writes nothing", () => {
    const yen = addWallet(t.deps, f, 'JPY');
    fund(t.deps, f, yen, 10_000);
    expect(record(f.owner, spend('ramen', '1.2k', { currency: 'JPY' }))).toMatchObject({ amountMinor: 1200, currency: 'JPY' });
    expect(record(f.owner, spend('latte', '4.75'))).toMatchObject({ amountMinor: 475, currency: 'USD' });
    const before = snapshot(t.deps);
    expect(reasonOf(() => record(f.owner, spend('ramen', '1.5', { currency: 'JPY' })))).toMatch(/^amount:/);
    expect(reasonOf(() => record(f.owner, spend('latte', '4.755')))).toMatch(/^amount:/);
    expect(snapshot(t.deps)).toBe(before);
  });
});

describe('the category', () => {
  it("follows the person's own last use of a word, then names and keywords, then the catch-all", () => {
    const cafes = categoryNamed('Cafes');
    const groceries = categoryNamed('Groceries');
    expect(record(f.owner, spend('coffee beans')).categoryId).toBe(cafes.id); // a keyword of Cafes
    expect(record(f.owner, spend('xyzzy')).categoryId).toBe(categoryNamed('Other').id);
    expect(record(f.owner, spend('', '5')).categoryId).toBe(categoryNamed('Other').id);
    // The person moved their "coffee beans" to Groceries (the card's [Change category]): their history now wins over the keyword.
    const beans = record(f.owner, spend('beans'));
    expect(beans.categoryId).toBe(cafes.id);
    correctTransaction(t.deps, f.owner, { transactionId: beans.id, categoryId: groceries.id });
    expect(record(f.owner, spend('beans')).categoryId).toBe(groceries.id);
    // Someone else's history is theirs: the member has none with "beans", and the owner none with the member's "tea".
    expect(record(f.members.member, spend('beans')).categoryId).toBe(categoryNamed('Other').id);
    const tea = record(f.members.member, spend('tea'));
    correctTransaction(t.deps, f.members.member, { transactionId: tea.id, categoryId: groceries.id });
    expect(record(f.members.member, spend('green tea')).categoryId).toBe(groceries.id);
    expect(record(f.owner, spend('tea')).categoryId).toBe(categoryNamed('Other').id);
  });

  it('skips an archived category in the history and files incomes under income categories', () => {
    const pets = createCategory(t.deps, f.owner, { familyId: f.familyId, kind: 'expense', name: 'Pets', keywords: 'kibble' });
    expect(record(f.owner, spend('kibble')).categoryId).toBe(pets.id);
    archiveCategory(t.deps, f.owner, { familyId: f.familyId, categoryId: pets.id });
    expect(record(f.owner, spend('kibble')).categoryId).toBe(categoryNamed('Other').id);
    const income = recordQuickEntry(t.deps, f.owner, { familyId: f.familyId, entry: { income: true, amountText: '3000', note: 'salary' }, idempotencyKey: 'tg:msg:9:1' }).transaction;
    expect(income).toMatchObject({ kind: 'income', toWalletId: f.cashId, categoryId: categoryNamed('Salary', 'income').id });
    const gift = recordQuickEntry(t.deps, f.owner, { familyId: f.familyId, entry: { income: true, amountText: '20', note: 'xyzzy' }, idempotencyKey: 'tg:msg:9:2' }).transaction;
    expect(gift.categoryId).toBe(categoryNamed('Other income', 'income').id);
  });
});

describe('the reads', () => {
  it('reads the wallet and the category it files the entry under once, in the transaction that records it', () => {
    const c = t.open();
    const log = statementLog(c.sqlite);
    const deps = { ...t.deps, db: c.db };
    const entry = (note: string) => recordQuickEntry(deps, f.owner, { familyId: f.familyId, entry: spend(note), idempotencyKey: `tg:msg:1:${++key}` }).transaction;
    const reads = (table: string) => log.sql.filter((q) => new RegExp(`\\bFROM "?${table}"?\\s`, 'i').test(q)).length;
    // The category from the family's list (no history yet: one read of the list), then from the person's history (none).
    for (const [note, listReads] of [['coffee', 1], ['coffee to go', 0]] as const) {
      log.sql.length = 0;
      expect(entry(note).categoryId).toBe(categoryNamed('Cafes').id);
      expect(reads('wallets')).toBe(1);
      expect(reads('categories')).toBe(listReads);
    }
  });
  it("answers the new entry's wallet and category as they stand after it, for its card; none for a retry", () => {
    const made = recordQuickEntry(t.deps, f.owner, { familyId: f.familyId, entry: spend('coffee', '12'), idempotencyKey: 'tg:msg:1:rows' });
    expect(made.rows?.wallet).toEqual(getWallet(t.deps, f.owner, f.familyId, f.cashId));
    expect(made.rows?.wallet.balanceMinor).toBe(1_000_00 - 12_00);
    expect(made.rows?.category).toEqual(categoryNamed('Cafes'));
    const again = recordQuickEntry(t.deps, f.owner, { familyId: f.familyId, entry: spend('coffee', '12'), idempotencyKey: 'tg:msg:1:rows' });
    expect(again.created).toBe(false);
    expect(again.rows).toBeUndefined();
    // An income adds to the balance; a request waiting for approval moves nothing.
    const income = recordQuickEntry(t.deps, f.owner, { familyId: f.familyId, entry: { income: true, amountText: '30', note: 'salary' }, idempotencyKey: 'tg:msg:1:in' });
    expect(income.rows?.wallet).toEqual(getWallet(t.deps, f.owner, f.familyId, f.cashId));
    const big = recordQuickEntry(t.deps, f.members.member, { familyId: f.familyId, entry: spend('coffee', '600'), idempotencyKey: 'tg:msg:2:big' });
    expect(big.transaction.status).toBe('pending_approval');
    expect(big.rows?.wallet).toEqual(getWallet(t.deps, f.owner, f.familyId, f.cashId));
  });
});

describe('the same message twice', () => {
  it('records one entry: the second call finds it', () => {
    const input = { familyId: f.familyId, entry: spend('coffee'), idempotencyKey: 'tg:msg:5:77' };
    const first = recordQuickEntry(t.deps, f.owner, input);
    const events = count(t.deps, 'event_log');
    const second = recordQuickEntry(t.deps, f.owner, input);
    expect(first.created).toBe(true);
    expect(second).toEqual({ transaction: first.transaction, created: false });
    expect(count(t.deps, 'event_log')).toBe(events);
    expect(balanceOf(t.deps, f.cashId)).toBe(1_000_00 - 5_00);
  });
});

describe('an edited message', () => {
  it('corrects the amount; a new note guesses the category again, the same note keeps it; another currency is refused', () => {
    const euros = addWallet(t.deps, f, 'EUR');
    fund(t.deps, f, euros, 100_00);
    const lunch = record(f.members.member, spend('lunch', '12'));
    const { corrected } = correctQuickEntry(t.deps, f.members.member, { transactionId: lunch.id, entry: spend('lunch', '15') });
    expect(corrected).toMatchObject({ amountMinor: 15_00, fromWalletId: f.cashId, categoryId: lunch.categoryId, correctionOf: lunch.id });
    const renamed = correctQuickEntry(t.deps, f.members.member, { transactionId: corrected.id, entry: spend('groceries', '15') }).corrected;
    expect(renamed).toMatchObject({ description: 'groceries', categoryId: categoryNamed('Groceries').id });
    expect(balanceOf(t.deps, f.cashId)).toBe(1_000_00 - 15_00);
    // An amount in euros is another entry: the corrected copy would need another currency.
    const before = snapshot(t.deps);
    expect(reasonOf(() => correctQuickEntry(t.deps, f.members.member, { transactionId: renamed.id, entry: spend('groceries', '15', { currency: 'EUR' }) }))).toBe('validation');
    expect(snapshot(t.deps)).toBe(before);
  });

  it('may not turn an expense into an income, nor change an entry past the correction window (owners included)', () => {
    const rent = record(f.owner, spend('rent', '800'));
    const before = snapshot(t.deps);
    expect(reasonOf(() => correctQuickEntry(t.deps, f.owner, { transactionId: rent.id, entry: { income: true, amountText: '800', note: 'rent' } }))).toBe('kind_changed');
    t.clock.advance(49 * 60 * 60 * 1000);
    expect(reasonOf(() => correctQuickEntry(t.deps, f.owner, { transactionId: rent.id, entry: spend('rent', '900') }))).toBe('correction_window_passed');
    expect(snapshot(t.deps)).toBe(before);
  });
});
