// The role matrix: every core function that reads or changes family data, called
// by each role and by an outsider. The expected outcome of every cell is written
// out below by hand (from the permission matrix in families/permissions.ts), not
// computed from can(), so a change in the rules or a missing check fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveTransaction,
  archiveBudget,
  archiveCategory,
  archiveWallet,
  changeMemberRole,
  correctQuickEntry,
  correctTransaction,
  createBudget,
  createCategory,
  createGoal,
  createInvite,
  createTransaction,
  recordQuickEntry,
  createWallet,
  defaultWallet,
  getFamily,
  getTransaction,
  getWallet,
  guessCategory,
  joinFamily,
  lastUndoableEntry,
  leaveFamily,
  listBudgets,
  listCategories,
  listEvents,
  listGoals,
  listMembers,
  listThresholds,
  listTransactions,
  listWallets,
  monthlySummary,
  pendingTransactions,
  rejectTransaction,
  removeMember,
  renameCategory,
  renameWallet,
  reverseTransaction,
  setActiveFamily,
  setApprovalThreshold,
  setDefaultWallet,
  summarize,
  transferOwnership,
  updateFamilySettings,
  adjustWalletBalance,
  createRecurringRule,
  localDate,
  setWalletCredit,
  skipRecurringOccurrence,
  withdrawTransaction,
  type CoreDeps,
  type DomainErrorCode,
} from '../../src/domain/index.js';
import { addWallet, fund, makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, outcomeOf, snapshot } from './support/inspect.js';

const ACTORS = ['owner', 'admin', 'member', 'viewer', 'outsider'] as const;
type Actor = (typeof ACTORS)[number];
type Outcome = 'ok' | DomainErrorCode;

/** A family with something of everything for the call under test to act on. */
type Scene = FamilyFixture & {
  actor: number;
  member2: number;
  bankId: number;
  categoryId: number;
  budgetId: number;
  /** A 600.00 expense by member2, waiting for approval. */
  pendingId: number;
  /** A small executed expense by member2. */
  othersId: number;
  /** A small executed expense recorded by the actor (viewer: while still a member; outsider: before being removed). */
  ownId: number;
  /**
   * A 600.00 request by the actor, waiting (admin and viewer: made while a
   * member; outsider: withdrawn when removed). The owner's requests never
   * wait, so for the owner this is member2's request.
   */
  ownPendingId: number;
  /** member2's monthly rule, due today. */
  ruleId: number;
  today: string;
};

function buildScene(deps: CoreDeps, actor: Actor): Scene {
  const f = makeFamily(deps);
  const member2 = makeUser(deps, 'member2');
  joinFamily(deps, member2, createInvite(deps, f.owner, { familyId: f.familyId, role: 'member' }).code);
  fund(deps, f, f.cashId, 100_000);
  const bankId = addWallet(deps, f);
  const categoryId = createCategory(deps, f.owner, { familyId: f.familyId, kind: 'expense', name: 'Pets' }).id;
  const budgetId = createBudget(deps, f.owner, { familyId: f.familyId, amountMinor: 10_000, currency: 'USD' }).id;
  const spend = (who: number, amountMinor: number) =>
    createTransaction(deps, who, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId }).transaction.id;
  const pendingId = spend(member2, 60_000);
  const othersId = spend(member2, 500);
  const actorId = actor === 'owner' ? f.owner : actor === 'outsider' ? f.outsider : f.members[actor];
  let ownId: number;
  let ownPendingId = pendingId;
  if (actor === 'viewer' || actor === 'admin') {
    changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: actorId, role: 'member' });
    ownId = spend(actorId, 300);
    ownPendingId = spend(actorId, 60_000);
    changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: actorId, role: actor });
  } else if (actor === 'outsider') {
    joinFamily(deps, actorId, createInvite(deps, f.owner, { familyId: f.familyId, role: 'member' }).code);
    ownId = spend(actorId, 300);
    ownPendingId = spend(actorId, 60_000);
    removeMember(deps, f.owner, { familyId: f.familyId, userId: actorId });
  } else {
    ownId = spend(actorId, 300);
    if (actor === 'member') ownPendingId = spend(actorId, 60_000);
  }
  const today = localDate(deps.clock(), 'UTC');
  const ruleId = createRecurringRule(deps, member2, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 100, frequency: 'monthly', startDate: today }).id;
  return { ...f, actor: actorId, member2, bankId, categoryId, budgetId, pendingId, othersId, ownId, ownPendingId, ruleId, today };
}

/** read: never writes; pref: a personal preference (writes, no audit event); write: writes with an audit event. */
type Op = { kind: 'read' | 'pref' | 'write'; run: (deps: CoreDeps, s: Scene) => unknown };

const OPS: Record<string, Op> = {
  getFamily: { kind: 'read', run: (d, s) => getFamily(d, s.actor, s.familyId) },
  listMembers: { kind: 'read', run: (d, s) => listMembers(d, s.actor, s.familyId) },
  listThresholds: { kind: 'read', run: (d, s) => listThresholds(d, s.actor, s.familyId) },
  listWallets: { kind: 'read', run: (d, s) => listWallets(d, s.actor, s.familyId) },
  getWallet: { kind: 'read', run: (d, s) => getWallet(d, s.actor, s.familyId, s.cashId) },
  defaultWallet: { kind: 'read', run: (d, s) => defaultWallet(d, s.actor, s.familyId) },
  listCategories: { kind: 'read', run: (d, s) => listCategories(d, s.actor, s.familyId, { usageBy: s.actor }) },
  guessCategory: { kind: 'read', run: (d, s) => guessCategory(d, s.actor, s.familyId, 'expense', 'coffee') },
  getTransaction: { kind: 'read', run: (d, s) => getTransaction(d, s.actor, s.othersId) },
  listTransactions: { kind: 'read', run: (d, s) => listTransactions(d, s.actor, { familyId: s.familyId }) },
  pendingTransactions: { kind: 'read', run: (d, s) => pendingTransactions(d, s.actor, s.familyId) },
  lastUndoableEntry: { kind: 'read', run: (d, s) => lastUndoableEntry(d, s.actor, s.familyId) },
  summarize: { kind: 'read', run: (d, s) => summarize(d, s.actor, { familyId: s.familyId, from: 0, to: d.clock() + 1 }) },
  monthlySummary: { kind: 'read', run: (d, s) => monthlySummary(d, s.actor, s.familyId) },
  listBudgets: { kind: 'read', run: (d, s) => listBudgets(d, s.actor, s.familyId) },
  listGoals: { kind: 'read', run: (d, s) => listGoals(d, s.actor, s.familyId) },
  listEvents: { kind: 'read', run: (d, s) => listEvents(d, s.actor, { familyId: s.familyId }) },
  setActiveFamily: { kind: 'pref', run: (d, s) => setActiveFamily(d, s.actor, s.familyId) },
  setDefaultWallet: { kind: 'pref', run: (d, s) => setDefaultWallet(d, s.actor, { familyId: s.familyId, walletId: s.bankId }) },
  updateFamilySettings: { kind: 'write', run: (d, s) => updateFamilySettings(d, s.actor, { familyId: s.familyId, name: 'Renamed' }) },
  setApprovalThreshold: { kind: 'write', run: (d, s) => setApprovalThreshold(d, s.actor, { familyId: s.familyId, currency: 'USD', amountMinor: 1 }) },
  'createInvite(member)': { kind: 'write', run: (d, s) => createInvite(d, s.actor, { familyId: s.familyId, role: 'member' }) },
  'createInvite(admin)': { kind: 'write', run: (d, s) => createInvite(d, s.actor, { familyId: s.familyId, role: 'admin' }) },
  changeMemberRole: { kind: 'write', run: (d, s) => changeMemberRole(d, s.actor, { familyId: s.familyId, userId: s.member2, role: 'viewer' }) },
  removeMember: { kind: 'write', run: (d, s) => removeMember(d, s.actor, { familyId: s.familyId, userId: s.member2 }) },
  transferOwnership: { kind: 'write', run: (d, s) => transferOwnership(d, s.actor, { familyId: s.familyId, userId: s.member2 }) },
  leaveFamily: { kind: 'write', run: (d, s) => leaveFamily(d, s.actor, s.familyId) },
  createWallet: { kind: 'write', run: (d, s) => createWallet(d, s.actor, { familyId: s.familyId, name: 'Card', type: 'card', currency: 'EUR' }) },
  renameWallet: { kind: 'write', run: (d, s) => renameWallet(d, s.actor, { familyId: s.familyId, walletId: s.bankId, name: 'Main bank' }) },
  archiveWallet: { kind: 'write', run: (d, s) => archiveWallet(d, s.actor, { familyId: s.familyId, walletId: s.bankId }) },
  createCategory: { kind: 'write', run: (d, s) => createCategory(d, s.actor, { familyId: s.familyId, kind: 'income', name: 'Lottery' }) },
  renameCategory: { kind: 'write', run: (d, s) => renameCategory(d, s.actor, { familyId: s.familyId, categoryId: s.categoryId, name: 'Pet food' }) },
  archiveCategory: { kind: 'write', run: (d, s) => archiveCategory(d, s.actor, { familyId: s.familyId, categoryId: s.categoryId }) },
  createTransaction: {
    kind: 'write',
    run: (d, s) => createTransaction(d, s.actor, { familyId: s.familyId, fromWalletId: s.cashId, amountMinor: 100, categoryId: s.expenseCategoryId }),
  },
  recordQuickEntry: {
    kind: 'write',
    run: (d, s) => recordQuickEntry(d, s.actor, { familyId: s.familyId, entry: { income: false, amountText: '1', note: 'coffee' }, idempotencyKey: 'tg:msg:1:1' }),
  },
  "correctQuickEntry(someone else's)": { kind: 'write', run: (d, s) => correctQuickEntry(d, s.actor, { transactionId: s.othersId, entry: { income: false, amountText: '2', note: 'lunch' } }) },
  'correctQuickEntry(own)': { kind: 'write', run: (d, s) => correctQuickEntry(d, s.actor, { transactionId: s.ownId, entry: { income: false, amountText: '2', note: 'lunch' } }) },
  approveTransaction: { kind: 'write', run: (d, s) => approveTransaction(d, s.actor, s.pendingId) },
  rejectTransaction: { kind: 'write', run: (d, s) => rejectTransaction(d, s.actor, s.pendingId, 'no') },
  "reverseTransaction(someone else's)": { kind: 'write', run: (d, s) => reverseTransaction(d, s.actor, { transactionId: s.othersId, reason: 'mistake' }) },
  'reverseTransaction(own)': { kind: 'write', run: (d, s) => reverseTransaction(d, s.actor, { transactionId: s.ownId, reason: 'mistake' }) },
  "correctTransaction(someone else's)": { kind: 'write', run: (d, s) => correctTransaction(d, s.actor, { transactionId: s.othersId, categoryId: s.categoryId }) },
  'correctTransaction(own)': { kind: 'write', run: (d, s) => correctTransaction(d, s.actor, { transactionId: s.ownId, categoryId: s.categoryId }) },
  'withdrawTransaction(own)': { kind: 'write', run: (d, s) => withdrawTransaction(d, s.actor, s.ownPendingId) },
  "withdrawTransaction(someone else's)": { kind: 'write', run: (d, s) => withdrawTransaction(d, s.actor, s.pendingId) },
  'correctTransaction(own, amount)': { kind: 'write', run: (d, s) => correctTransaction(d, s.actor, { transactionId: s.ownId, amountMinor: 250, description: 'fixed' }) },
  'createWallet(opening balance)': {
    kind: 'write',
    run: (d, s) => createWallet(d, s.actor, { familyId: s.familyId, name: 'Visa', type: 'card', currency: 'USD', creditLimitMinor: 50_000, openingBalanceMinor: -10_000 }),
  },
  adjustWalletBalance: { kind: 'write', run: (d, s) => adjustWalletBalance(d, s.actor, { familyId: s.familyId, walletId: s.cashId, balanceMinor: 1 }) },
  setWalletCredit: { kind: 'write', run: (d, s) => setWalletCredit(d, s.actor, { familyId: s.familyId, walletId: s.bankId, allowNegative: true }) },
  "skipRecurringOccurrence(someone else's rule)": { kind: 'write', run: (d, s) => skipRecurringOccurrence(d, s.actor, { familyId: s.familyId, ruleId: s.ruleId, date: s.today }) },
  'updateFamilySettings(incomes wait)': { kind: 'write', run: (d, s) => updateFamilySettings(d, s.actor, { familyId: s.familyId, incomesNeedApproval: true }) },
  createBudget: { kind: 'write', run: (d, s) => createBudget(d, s.actor, { familyId: s.familyId, amountMinor: 5000, currency: 'USD', categoryId: s.categoryId }) },
  archiveBudget: { kind: 'write', run: (d, s) => archiveBudget(d, s.actor, { familyId: s.familyId, budgetId: s.budgetId }) },
  createGoal: { kind: 'write', run: (d, s) => createGoal(d, s.actor, { familyId: s.familyId, name: 'Holiday', targetMinor: 100_000, currency: 'USD', walletId: s.bankId }) },
};

const ok = 'ok';
const F = 'forbidden';
const NF = 'not_found';
// Columns: owner, admin, member, viewer, outsider. An outsider learns nothing: not_found everywhere.
const EXPECTED: Record<keyof typeof OPS, [Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  getFamily: [ok, ok, ok, ok, NF],
  listMembers: [ok, ok, ok, ok, NF],
  listThresholds: [ok, ok, ok, ok, NF],
  listWallets: [ok, ok, ok, ok, NF],
  getWallet: [ok, ok, ok, ok, NF],
  defaultWallet: [ok, ok, ok, ok, NF],
  listCategories: [ok, ok, ok, ok, NF],
  guessCategory: [ok, ok, ok, ok, NF],
  getTransaction: [ok, ok, ok, ok, NF],
  listTransactions: [ok, ok, ok, ok, NF],
  pendingTransactions: [ok, ok, ok, ok, NF],
  lastUndoableEntry: [ok, ok, ok, ok, NF],
  summarize: [ok, ok, ok, ok, NF],
  monthlySummary: [ok, ok, ok, ok, NF],
  listBudgets: [ok, ok, ok, ok, NF],
  listGoals: [ok, ok, ok, ok, NF],
  listEvents: [ok, ok, F, F, NF],
  setActiveFamily: [ok, ok, ok, ok, NF],
  setDefaultWallet: [ok, ok, ok, ok, NF],
  updateFamilySettings: [ok, ok, F, F, NF],
  setApprovalThreshold: [ok, ok, F, F, NF],
  'createInvite(member)': [ok, ok, F, F, NF],
  'createInvite(admin)': [ok, F, F, F, NF],
  changeMemberRole: [ok, ok, F, F, NF],
  removeMember: [ok, ok, F, F, NF],
  transferOwnership: [ok, F, F, F, NF],
  leaveFamily: ['invalid_state', ok, ok, ok, NF],
  createWallet: [ok, ok, F, F, NF],
  renameWallet: [ok, ok, F, F, NF],
  archiveWallet: [ok, ok, F, F, NF],
  createCategory: [ok, ok, ok, F, NF],
  renameCategory: [ok, ok, ok, F, NF],
  archiveCategory: [ok, ok, ok, F, NF],
  createTransaction: [ok, ok, ok, F, NF],
  recordQuickEntry: [ok, ok, ok, F, NF],
  "correctQuickEntry(someone else's)": [ok, ok, F, F, NF],
  'correctQuickEntry(own)': [ok, ok, ok, F, NF],
  approveTransaction: [ok, ok, F, F, NF],
  rejectTransaction: [ok, ok, F, F, NF],
  "reverseTransaction(someone else's)": [ok, ok, F, F, NF],
  // A viewer who recorded it while a member may no longer undo it; a former member is an outsider.
  'reverseTransaction(own)': [ok, ok, ok, F, NF],
  "correctTransaction(someone else's)": [ok, ok, F, F, NF],
  'correctTransaction(own)': [ok, ok, ok, F, NF],
  // The owner's requests never wait: for the owner "own" is member2's request, which only its author may withdraw.
  'withdrawTransaction(own)': [F, ok, ok, ok, NF],
  "withdrawTransaction(someone else's)": [F, F, F, F, NF],
  'correctTransaction(own, amount)': [ok, ok, ok, F, NF],
  'createWallet(opening balance)': [ok, ok, F, F, NF],
  adjustWalletBalance: [ok, ok, F, F, NF],
  setWalletCredit: [ok, ok, F, F, NF],
  "skipRecurringOccurrence(someone else's rule)": [ok, ok, F, F, NF],
  'updateFamilySettings(incomes wait)': [ok, ok, F, F, NF],
  createBudget: [ok, ok, F, F, NF],
  archiveBudget: [ok, ok, F, F, NF],
  createGoal: [ok, ok, F, F, NF],
};

it('the expectation table covers every operation, and only those', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(OPS).sort());
});

describe.each(Object.keys(OPS))('%s', (name) => {
  const op = OPS[name]!;
  const expected = EXPECTED[name]!;
  // One database per operation; each cell gets its own family in it.
  let t: TestDb;
  beforeAll(() => {
    t = createTestDb();
  });
  afterAll(() => t.cleanup());

  it.each(ACTORS.map((actor, i) => [actor, expected[i]!] as const))('%s → %s', (actor, outcome) => {
    const scene = buildScene(t.deps, actor);
    const before = snapshot(t.deps);
    const eventsBefore = count(t.deps, 'event_log');
    expect(outcomeOf(() => op.run(t.deps, scene))).toBe(outcome);
    if (outcome !== 'ok' || op.kind === 'read') {
      // Refused calls and reads leave the database exactly as it was.
      expect(snapshot(t.deps)).toBe(before);
    } else if (op.kind === 'write') {
      expect(count(t.deps, 'event_log')).toBeGreaterThan(eventsBefore);
    }
  });
});
