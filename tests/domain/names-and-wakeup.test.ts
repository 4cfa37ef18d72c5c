// Default names carry a key so every reader sees them in their language; the
// outbox wake-up comes from the core's write itself.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NAME_KEYS,
  createFamily,
  createTransaction,
  displayName,
  listCategories,
  listWallets,
  renameCategory,
  renameWallet,
  writeTx,
  enqueueOutbox,
  type CoreDeps,
} from '../../src/domain/index.js';
import { fund, makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

describe('default names', () => {
  it('are stored with their key and shown in each reader’s language; typed names stay as typed', () => {
    const owner = makeUser(t.deps, 'Owner');
    const fam = createFamily(t.deps, owner, { name: 'Семья', baseCurrency: 'RUB', locale: 'ru' });
    const [cash] = listWallets(t.deps, owner, fam.id);
    expect(cash).toMatchObject({ name: 'Наличные', nameKey: 'default-wallet-cash' });
    expect(displayName(cash!, 'en')).toBe('Cash');
    expect(displayName(cash!, 'ru')).toBe('Наличные');
    // The bot passes its translator; an unknown key falls back to the stored name.
    expect(displayName(cash!, (key) => (key === 'default-wallet-cash' ? 'CASH!' : undefined))).toBe('CASH!');
    expect(displayName({ name: 'Old', nameKey: 'no-such-key' }, () => undefined)).toBe('Old');
    const groceries = listCategories(t.deps, owner, fam.id).find((c) => c.nameKey === 'default-category-groceries')!;
    expect([groceries.name, displayName(groceries, 'en')]).toEqual(['Продукты', 'Groceries']);

    const renamed = renameWallet(t.deps, owner, { familyId: fam.id, walletId: cash!.id, name: 'Кошелёк' });
    expect(renamed).toMatchObject({ name: 'Кошелёк', nameKey: null });
    expect(displayName(renamed, 'en')).toBe('Кошелёк');
    const cat = renameCategory(t.deps, owner, { familyId: fam.id, categoryId: groceries.id, name: 'Еда' });
    expect(cat.nameKey).toBeNull();
  });

  it('families made before the keys existed get them from the migration, typed names do not', () => {
    const owner = makeUser(t.deps, 'Owner');
    const fam = createFamily(t.deps, owner, { name: 'Old', baseCurrency: 'USD' });
    const [cash] = listWallets(t.deps, owner, fam.id);
    const cats = listCategories(t.deps, owner, fam.id);
    renameCategory(t.deps, owner, { familyId: fam.id, categoryId: cats[0]!.id, name: 'Food & drink' });
    t.conn.sqlite.exec('UPDATE wallets SET name_key = NULL; UPDATE categories SET name_key = NULL');
    for (const statement of readFileSync('drizzle/0009_backfill_name_keys.sql', 'utf8').split('--> statement-breakpoint')) t.conn.sqlite.exec(statement);
    expect(listWallets(t.deps, owner, fam.id).find((w) => w.id === cash!.id)?.nameKey).toBe('default-wallet-cash');
    const after = listCategories(t.deps, owner, fam.id);
    expect(after.find((c) => c.id === cats[0]!.id)?.nameKey).toBeNull();
    expect(after.filter((c) => c.nameKey !== null)).toHaveLength(cats.length - 1);
  });

  it('every key has an en and ru text in the core and in the locale files', () => {
    const ftl = (lang: string) =>
      readdirSync(join('locales', lang))
        .filter((n) => n.endsWith('.ftl'))
        .map((n) => readFileSync(join('locales', lang, n), 'utf8'))
        .join('\n');
    for (const lang of ['en', 'ru'] as const) {
      const text = ftl(lang);
      for (const [key, names] of Object.entries(NAME_KEYS)) {
        expect(names[lang], key).toBeTruthy();
        expect(text, `${lang}: ${key}`).toMatch(new RegExp(`^${key} = ${names[lang]}$`, 'm'));
      }
    }
  });
});

describe('the outbox wake-up', () => {
  let wakes: number;
  let deps: CoreDeps;
  let f: FamilyFixture;
  beforeEach(() => {
    wakes = 0;
    deps = { ...t.deps, onOutbox: () => void wakes++ };
    f = makeFamily(t.deps);
    fund(t.deps, f, f.cashId, 100_000);
  });

  it('comes once after a commit that queued outbox rows, never for writes without, never after a rollback', () => {
    createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100 });
    expect(wakes).toBe(0);
    createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60_000 });
    expect(wakes).toBe(1);
    expect(() =>
      writeTx(deps, (tx) => {
        enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: f.familyId, userId: f.owner } }, deps.clock());
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(wakes).toBe(1);
    // Two rows in one commit: still one wake-up.
    writeTx(deps, (tx) => {
      enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: f.familyId, userId: f.owner } }, deps.clock());
      enqueueOutbox(tx, { topic: 'member.joined', payload: { familyId: f.familyId, userId: f.owner } }, deps.clock());
    });
    expect(wakes).toBe(2);
  });
});
