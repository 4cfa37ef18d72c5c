import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import {
  archiveCategory,
  archiveGoal,
  createCategory,
  createGoal,
  createTransaction,
  listCategories,
  listGoals,
  renameCategory,
  reverseTransaction,
  setCategoryEmoji,
  updateFamilySettings,
} from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('goals', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let savings: number;
  const reachedRows = () => t.deps.db.select().from(outbox).where(eq(outbox.topic, 'goal.reached')).all().map((r) => JSON.parse(r.payload) as { goalId: number });
  const transfer = (amountMinor: number) => createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: savings, amountMinor }).transaction;

  beforeEach(() => {
    t = createTestDb(); // 25 November 2026
    f = makeFamily(t.deps);
    savings = addWallet(t.deps, f);
    fund(t.deps, f, f.cashId, 10_000_00);
  });
  afterEach(() => t.cleanup());

  it('progress, what is left and the monthly amount needed to reach the date', () => {
    const g = createGoal(t.deps, f.owner, { familyId: f.familyId, name: ' Sea  trip ', targetMinor: 1200_00, walletId: savings, deadline: '2027-04-30' });
    expect(g).toMatchObject({ name: 'Sea trip', currency: 'USD', achievedAt: null });
    transfer(200_00);
    // November 2026 to April 2027: six months, this one included.
    expect(listGoals(t.deps, f.members.viewer, f.familyId)[0]).toMatchObject({ savedMinor: 200_00, remainingMinor: 1000_00, percent: 16, monthsLeft: 6, monthlyNeededMinor: 166_67, reached: false });
    createTransaction(t.deps, f.owner, { familyId: f.familyId, toWalletId: savings, amountMinor: 100_00, categoryId: f.incomeCategoryId });
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ savedMinor: 300_00, monthlyNeededMinor: 150_00 });
  });

  it('is announced once when a transfer or a deposit reaches the target, even if the money leaves and comes back', () => {
    const g = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: savings });
    transfer(499_99);
    expect(reachedRows()).toEqual([]);
    const last = transfer(1);
    expect(reachedRows()).toEqual([{ goalId: g.id, familyId: f.familyId }]);
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ reached: true, percent: 100, monthlyNeededMinor: null });
    reverseTransaction(t.deps, f.owner, { transactionId: last.id, reason: 'oops' });
    transfer(10_00);
    expect(reachedRows()).toHaveLength(1);
  });

  it('a date is today or later in the family calendar, not in UTC', () => {
    const base = { familyId: f.familyId, name: 'Car', targetMinor: 100_00, walletId: savings };
    // 30 November, 20:00 in Honolulu (UTC-10) is already 1 December in UTC.
    updateFamilySettings(t.deps, f.owner, { familyId: f.familyId, timezone: 'Pacific/Honolulu' });
    t.clock.set(Date.UTC(2026, 11, 1, 6, 0));
    expect(createGoal(t.deps, f.owner, { ...base, deadline: '2026-11-30' }).deadline).toBe('2026-11-30');
    // 1 December, 09:00 in Kiritimati (UTC+14) is still 30 November in UTC: that day has passed there.
    updateFamilySettings(t.deps, f.owner, { familyId: f.familyId, timezone: 'Pacific/Kiritimati' });
    t.clock.set(Date.UTC(2026, 10, 30, 19, 0));
    expect(() => createGoal(t.deps, f.owner, { ...base, deadline: '2026-11-30' })).toThrow(expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'deadline' }) }));
  });

  it('checks its input and roles', () => {
    const base = { familyId: f.familyId, name: 'Car', targetMinor: 100_00, walletId: savings };
    expect(() => createGoal(t.deps, f.members.member, base)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => createGoal(t.deps, f.owner, { ...base, deadline: '2027-02-30' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createGoal(t.deps, f.owner, { ...base, deadline: '2020-01-01' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createGoal(t.deps, f.owner, { ...base, targetMinor: 0 })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createGoal(t.deps, f.outsider, base)).toThrow(expect.objectContaining({ code: 'not_found' }));
    const g = createGoal(t.deps, f.members.admin, base);
    archiveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: g.id });
    expect(listGoals(t.deps, f.owner, f.familyId)).toEqual([]);
  });
});

describe('categories', () => {
  let t: TestDb;
  let f: FamilyFixture;
  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
  });
  afterEach(() => t.cleanup());

  it('members add, rename, set an emoji and archive; viewers may not', () => {
    const c = createCategory(t.deps, f.members.member, { familyId: f.familyId, kind: 'expense', name: 'Pets', emoji: '🐶' });
    expect(renameCategory(t.deps, f.members.member, { familyId: f.familyId, categoryId: c.id, name: 'Pets & vet' }).name).toBe('Pets & vet');
    expect(setCategoryEmoji(t.deps, f.members.member, { familyId: f.familyId, categoryId: c.id, emoji: '🐈‍⬛' }).emoji).toBe('🐈‍⬛');
    expect(setCategoryEmoji(t.deps, f.members.member, { familyId: f.familyId, categoryId: c.id, emoji: '🇩🇪' }).emoji).toBe('🇩🇪');
    expect(() => setCategoryEmoji(t.deps, f.owner, { familyId: f.familyId, categoryId: c.id, emoji: 'ab' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => setCategoryEmoji(t.deps, f.owner, { familyId: f.familyId, categoryId: c.id, emoji: '🐶🐶' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createCategory(t.deps, f.members.viewer, { familyId: f.familyId, kind: 'expense', name: 'X' })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    archiveCategory(t.deps, f.members.member, { familyId: f.familyId, categoryId: c.id });
    expect(listCategories(t.deps, f.owner, f.familyId).some((x) => x.id === c.id)).toBe(false);
  });
});
