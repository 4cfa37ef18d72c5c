// Every core entry point that stores text a person typed goes through the one
// text rule (src/domain/text): names refuse a direction override (U+202E) and a
// control character (U+0007) and change nothing; notes have them stripped;
// text Telegram gives us (names, group titles) cannot be refused, so it is
// stored with them stripped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adjustWalletBalance,
  correctTransaction,
  createCategory,
  createFamily,
  createRecurringRule,
  createTransaction,
  createWallet,
  ensureTelegramUser,
  linkGroup,
  listTransactions,
  renameCategory,
  renameWallet,
  setCategoryEmoji,
  updateFamilySettings,
  type CoreDeps,
} from '../../src/domain/index.js';
import { commitImport } from '../../src/domain/exports/import.js';
import { createGoal } from '../../src/domain/goals/goals.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { domainError, rows, snapshot } from './support/inspect.js';

let db: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;

beforeAll(() => {
  db = createTestDb();
  deps = db.deps;
  f = makeFamily(deps);
  fund(deps, f, f.cashId, 1_000_000);
});
afterAll(() => db.cleanup());

const BAD = [
  ['a right-to-left override (U+202E)', '\u202E'],
  ['a bell (U+0007)', '\u0007'],
] as const;

type NameCase = [field: string, errorField: string, store: (text: string) => unknown];
const names: NameCase[] = [
  ['wallet name (create)', 'name', (t) => createWallet(deps, f.owner, { familyId: f.familyId, name: t, type: 'cash', currency: 'USD' })],
  ['wallet name (rename)', 'name', (t) => renameWallet(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, name: t })],
  ['category name (create)', 'name', (t) => createCategory(deps, f.owner, { familyId: f.familyId, kind: 'expense', name: t })],
  ['category name (rename)', 'name', (t) => renameCategory(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, name: t })],
  ['category emoji', 'emoji', (t) => setCategoryEmoji(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, emoji: `🛒${t}` })],
  ['family name (rename)', 'name', (t) => updateFamilySettings(deps, f.owner, { familyId: f.familyId, name: t })],
  ['goal name', 'name', (t) => createGoal(deps, f.owner, { familyId: f.familyId, name: t, targetMinor: 100, walletId: f.cashId })],
];

describe('names are refused with a direction override or a control character, and nothing changes', () => {
  for (const [label, errorField, store] of names) {
    it.each(BAD)(`${label}: %s`, (_, bad) => {
      const before = snapshot(deps);
      const e = domainError(() => store(`Fo${bad}od`));
      expect(e.code).toBe('validation');
      expect(e.details['field']).toBe(errorField);
      expect(snapshot(deps)).toBe(before);
    });
  }

  it('a category emoji must be one emoji, not text', () => {
    const before = snapshot(deps);
    expect(domainError(() => setCategoryEmoji(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, emoji: 'Groceries' })).code).toBe('validation');
    expect(domainError(() => setCategoryEmoji(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, emoji: '🛒🛒' })).code).toBe('validation');
    expect(snapshot(deps)).toBe(before);
    expect(setCategoryEmoji(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, emoji: ' 👨‍👩‍👧 ' }).emoji).toBe('👨‍👩‍👧');
  });
});

describe('notes have direction overrides and control characters stripped', () => {
  const stored = (id: number) => rows<{ description: string | null }>(deps, 'select description from transactions where id = ?', id)[0]!.description;

  it.each(BAD)('a transaction description: %s', (_, bad) => {
    const { transaction } = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100, description: `lu${bad}nch` });
    expect(stored(transaction.id)).toBe('lunch');
  });

  it.each(BAD)('a correction’s new note: %s', (_, bad) => {
    const { transaction } = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100, description: 'x' });
    const { corrected } = correctTransaction(deps, f.owner, { transactionId: transaction.id, description: `ta${bad}xi` });
    expect(stored(corrected.id)).toBe('taxi');
  });

  it.each(BAD)('a recurring rule’s description: %s', (_, bad) => {
    const rule = createRecurringRule(deps, f.owner, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 500, description: `re${bad}nt`, frequency: 'monthly', startDate: '2026-12-01' });
    expect(rule.description).toBe('rent');
    expect(rows<{ description: string }>(deps, 'select description from recurring_rules where id = ?', rule.id)[0]!.description).toBe('rent');
  });

  it.each(BAD)('a balance adjustment’s note: %s', (_, bad) => {
    const { adjustment } = adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 123_456 + bad.charCodeAt(0), note: `cou${bad}nted` });
    expect(stored(adjustment!.id)).toBe('counted');
  });

  it.each(BAD)('a CSV import’s descriptions: %s', (_, bad) => {
    const csv = `Date,Amount,Text\n2026-11-20,-1.${bad === '\u202E' ? '11' : '12'},Co${bad}ffee\n`;
    const result = commitImport(deps, f.owner, { familyId: f.familyId, csv, mapping: { date: 'Date', amount: 'Amount', description: 'Text', dateFormat: 'YYYY-MM-DD', walletId: f.cashId } });
    expect(result.errors).toEqual([]);
    const last = rows<{ description: string }>(deps, 'select description from transactions order by id desc limit 1')[0]!;
    expect(last.description).toBe('Coffee');
  });

  it('a search text is read by the same rule (stripped, code points counted)', () => {
    createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100, description: 'bakery' });
    const found = listTransactions(deps, f.owner, { familyId: f.familyId, search: 'bak\u202Eery' });
    expect(found.items.map((t) => t.description)).toEqual(['bakery']);
    expect(domainError(() => listTransactions(deps, f.owner, { familyId: f.familyId, search: '😀'.repeat(101) })).details['field']).toBe('q');
    expect(listTransactions(deps, f.owner, { familyId: f.familyId, search: '😀'.repeat(100) }).items).toEqual([]);
  });
});

describe('text Telegram gives us is stored made safe', () => {
  it.each(BAD)('a person’s first name and username at /start: %s', (_, bad) => {
    const chatId = 777_000 + bad.charCodeAt(0);
    const { user } = ensureTelegramUser(deps, { chatId, firstName: `An${bad}n`, username: `an${bad}n`, languageCode: 'en' });
    expect(user.name).toBe('Ann');
    const identity = rows<{ first_name: string; username: string }>(deps, 'select first_name, username from telegram_identities where chat_id = ?', chatId)[0]!;
    expect(identity).toEqual({ first_name: 'Ann', username: 'ann' });
    // And again on a later update (a changed name is refreshed by the same rule).
    ensureTelegramUser(deps, { chatId, firstName: `Bo${bad}b`, username: null });
    expect(rows(deps, 'select first_name, username from telegram_identities where chat_id = ?', chatId)[0]).toEqual({ first_name: 'Bob', username: null });
  });

  it('a group’s title', () => {
    const { group } = linkGroup(deps, f.owner, { familyId: f.familyId, chatId: -100_123, title: 'Fa\u202Emily\u0007 chat' });
    expect(group.title).toBe('Family chat');
  });
});

describe('origin on opening balances', () => {
  it('createFamily (the bot’s onboarding) and createWallet record who entered the opening balance', () => {
    const owner = ensureTelegramUser(deps, { chatId: 888_001, firstName: 'Opener' }).user.id;
    const family = createFamily(deps, owner, { name: 'Openers', baseCurrency: 'USD', openingBalanceMinor: 1_000, origin: 'chat:888001' });
    const wallet = createWallet(deps, owner, { familyId: family.id, name: 'Card', type: 'cash', currency: 'USD', openingBalanceMinor: 500, origin: 'api:session-1' });
    const origins = rows<{ to_wallet_id: number; origin: string }>(deps, "select to_wallet_id, origin from transactions where family_id = ? and kind = 'opening_balance' order by id", family.id);
    expect(origins).toEqual([
      { to_wallet_id: expect.any(Number), origin: 'chat:888001' },
      { to_wallet_id: wallet.id, origin: 'api:session-1' },
    ]);
  });
});
