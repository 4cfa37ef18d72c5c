// A change to the value a thing already has (the bot's answer handled again
// after a crash, the same value typed again, an API client retrying) writes
// nothing: no audit event "from X to X", no history row. The result is the
// thing as it stands, so every caller answers it as a success. A removal done
// already stays done, quietly (a press handled twice). Decisions: the same
// request (its key) gets back the decision it made, and a join request's
// decider making the same decision again is told it is theirs; another
// decision or another person is still refused or told who decided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveTransaction,
  archiveGoal,
  createGoal,
  createTransaction,
  createWallet,
  decideJoinRequest,
  linkGroup,
  rejectTransaction,
  renameCategory,
  renameWallet,
  requestToJoin,
  setApprovalThreshold,
  setCategoryEmoji,
  setWalletCredit,
  updateFamilySettings,
  type CoreDeps,
} from '../../src/domain/index.js';
import { fund, makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { domainError, rows } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
beforeAll(() => {
  t = createTestDb();
  deps = t.deps;
});
afterAll(() => t.cleanup());

const events = (familyId: number, action: string): number =>
  rows<{ n: number }>(deps, 'SELECT count(*) AS n FROM event_log WHERE family_id = ? AND action = ?', familyId, action)[0]!.n;

describe('a change to the value it already has', () => {
  it('writes one event for the change and none for the same value again, for every kind of change', () => {
    const f = makeFamily(deps);
    const card = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD' });
    const twice = (action: string, change: () => unknown) => {
      change();
      change();
      expect.soft(events(f.familyId, action), action).toBe(1);
    };
    twice('wallet.renamed', () => renameWallet(deps, f.owner, { familyId: f.familyId, walletId: card.id, name: 'Visa' }));
    twice('wallet.credit_changed', () => setWalletCredit(deps, f.owner, { familyId: f.familyId, walletId: card.id, creditLimitMinor: 500_00 }));
    twice('category.renamed', () => renameCategory(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, name: 'Food' }));
    twice('category.emoji_set', () => setCategoryEmoji(deps, f.owner, { familyId: f.familyId, categoryId: f.expenseCategoryId, emoji: '🍎' }));
    twice('family.settings_changed', () => updateFamilySettings(deps, f.owner, { familyId: f.familyId, timezone: 'Asia/Tokyo' }));
    twice('family.threshold_changed', () => setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: 20_00 }));
    // Of several settings at once, only those that differ are written.
    updateFamilySettings(deps, f.owner, { familyId: f.familyId, timezone: 'Asia/Tokyo', name: 'Ours' });
    const last = rows<{ payload: string }>(deps, "SELECT payload FROM event_log WHERE family_id = ? AND action = 'family.settings_changed' ORDER BY id DESC LIMIT 1", f.familyId)[0]!;
    expect(Object.keys(JSON.parse(last.payload) as object)).toEqual(['name']);
  });

  it('a goal removed already stays removed, without a second event', () => {
    const f = makeFamily(deps);
    const goal = createGoal(deps, f.owner, { familyId: f.familyId, name: 'Trip', targetMinor: 100_00, walletId: f.cashId });
    archiveGoal(deps, f.owner, { familyId: f.familyId, goalId: goal.id });
    expect(archiveGoal(deps, f.owner, { familyId: f.familyId, goalId: goal.id }).archivedAt).not.toBeNull();
    expect(events(f.familyId, 'goal.archived')).toBe(1);
  });
});

describe('the same decision again', () => {
  it('the same request (its key) gets the decision it made; a new request, another person or the other decision is refused', () => {
    const f = makeFamily(deps);
    fund(deps, f, f.cashId, 10_000_00);
    const ask = () => createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 900_00, categoryId: f.expenseCategoryId }).transaction;
    const a = ask();
    expect(a.status).toBe('pending_approval');
    approveTransaction(deps, f.owner, a.id, 'tg:cb:1');
    expect(approveTransaction(deps, f.owner, a.id, 'tg:cb:1')).toMatchObject({ id: a.id, status: 'executed', approvedBy: f.owner });
    expect(domainError(() => approveTransaction(deps, f.owner, a.id, 'tg:cb:2')).code).toBe('invalid_state');
    expect(domainError(() => approveTransaction(deps, f.owner, a.id)).code).toBe('invalid_state');
    expect(domainError(() => approveTransaction(deps, f.members.admin, a.id, 'tg:cb:1')).code).toBe('invalid_state');
    expect(events(f.familyId, 'transaction.approved')).toBe(1);

    const r = ask();
    rejectTransaction(deps, f.owner, r.id, null, 'tg:cb:3');
    expect(rejectTransaction(deps, f.owner, r.id, null, 'tg:cb:3')).toMatchObject({ id: r.id, status: 'rejected' });
    expect(domainError(() => approveTransaction(deps, f.owner, r.id, 'tg:cb:4')).code).toBe('invalid_state');
    expect(events(f.familyId, 'transaction.rejected')).toBe(1);
  });

  it('a join request: the same person’s same decision is theirs (mine), another’s is not', () => {
    const f = makeFamily(deps);
    linkGroup(deps, f.owner, { familyId: f.familyId, chatId: -777, title: 'Ours' });
    const { request } = requestToJoin(deps, f.outsider, { chatId: -777 });
    expect(decideJoinRequest(deps, f.members.admin, { requestId: request.id, decision: 'approved' })).toMatchObject({ changed: true, mine: true });
    expect(decideJoinRequest(deps, f.members.admin, { requestId: request.id, decision: 'approved' })).toMatchObject({ changed: false, mine: true });
    expect(decideJoinRequest(deps, f.owner, { requestId: request.id, decision: 'approved' })).toMatchObject({ changed: false, mine: false });
    expect(decideJoinRequest(deps, f.members.admin, { requestId: request.id, decision: 'declined' })).toMatchObject({ changed: false, mine: false });
  });
});
