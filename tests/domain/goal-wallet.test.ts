// A goal's progress is its wallet's balance, so the wallet of a goal that is
// still open is not archived: the core names the goals, and a goal is moved to
// another wallet of its currency (or closed) first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveGoal, archiveWallet, createGoal, createTransaction, DomainError, goalMoveTargets, listGoals, moveGoal } from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

describe('a goal and its wallet', () => {
  let t: TestDb;
  let f: FamilyFixture;
  let savings: number;

  beforeEach(() => {
    t = createTestDb();
    f = makeFamily(t.deps);
    savings = addWallet(t.deps, f);
    fund(t.deps, f, f.cashId, 1_000_00);
  });
  afterEach(() => t.cleanup());

  const refusal = (walletId: number): DomainError => {
    try {
      archiveWallet(t.deps, f.owner, { familyId: f.familyId, walletId });
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('archived');
  };

  it('archiving the wallet of open goals is refused with the goals named; closed or moved, it archives', () => {
    const bike = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: savings });
    const trip = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Trip', targetMinor: 900_00, walletId: savings });
    const e = refusal(savings);
    expect(e.code).toBe('invalid_state');
    expect(e.details['reason']).toBe('wallet_has_goals');
    expect(e.why).toEqual({ type: 'wallet_has_goals', walletId: savings, goals: [{ id: bike.id, name: 'Bike' }, { id: trip.id, name: 'Trip' }] });

    archiveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: bike.id });
    expect(refusal(savings).why).toMatchObject({ goals: [{ id: trip.id, name: 'Trip' }] });

    const other = addWallet(t.deps, f);
    addWallet(t.deps, f, 'EUR');
    expect(goalMoveTargets(t.deps, f.owner, { familyId: f.familyId, goalId: trip.id }).map((w) => w.id)).toEqual([f.cashId, other]);
    moveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: trip.id, walletId: other });
    expect(archiveWallet(t.deps, f.owner, { familyId: f.familyId, walletId: savings }).archivedAt).not.toBeNull();
    createTransaction(t.deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: other, amountMinor: 300_00 });
    expect(listGoals(t.deps, f.owner, f.familyId)).toEqual([expect.objectContaining({ id: trip.id, walletId: other, savedMinor: 300_00 })]);
  });

  it('a goal moves only to an active wallet of its currency, by those who manage goals; one already holding the target makes it reached', () => {
    const g = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: savings });
    const euros = addWallet(t.deps, f, 'EUR');
    expect(() => moveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: g.id, walletId: euros })).toThrow(expect.objectContaining({ code: 'validation', details: expect.objectContaining({ reason: 'goal_currency' }) }));
    expect(() => moveGoal(t.deps, f.members.member, { familyId: f.familyId, goalId: g.id, walletId: f.cashId })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const moved = moveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: g.id, walletId: f.cashId });
    expect(moved.achievedAt).not.toBeNull();
    expect(listGoals(t.deps, f.owner, f.familyId)[0]).toMatchObject({ reached: true, savedMinor: 1_000_00 });
  });
});
