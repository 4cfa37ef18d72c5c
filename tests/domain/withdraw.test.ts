// Withdrawing a request: by its author, and for them when they leave or are
// removed. One conditional update, its event and its outbox row together.
import { describe, expect, it } from 'vitest';
import {
  approveTransaction,
  canApprove,
  canWithdraw,
  createInvite,
  joinFamily,
  leaveFamily,
  rejectTransaction,
  removeMember,
  withdrawTransaction,
  type CoreDeps,
} from '../../src/domain/index.js';
import { balanceOf, fund, makeUser, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { domainError, eventsFor, outboxRows, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const { expense } = useLedgerFixture((s) => ({ t, deps, f } = s));

describe('withdrawTransaction', () => {
  it('the author withdraws a waiting request: it never executes, the approvers are told, approving it then says withdrawn', () => {
    void t;
    fund(deps, f, f.cashId, USD(1000));
    const req = expense(f.members.member, USD(600)).transaction;
    const member = { userId: f.members.member, role: 'member' as const };
    const owner = { userId: f.owner, role: 'owner' as const };
    expect(canWithdraw(member, req)).toBe(true);
    expect(canWithdraw(owner, req)).toBe(false);

    const w = withdrawTransaction(deps, f.members.member, req.id);
    expect(w).toMatchObject({ id: req.id, status: 'withdrawn', executedAt: null });
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000));
    expect(eventsFor(deps, 'transaction', req.id).map((e) => e.action)).toEqual(['transaction.requested', 'transaction.withdrawn']);
    expect(outboxRows(deps, 'approval.withdrawn').map((o) => o.data)).toEqual([{ transactionId: req.id, familyId: f.familyId, actorId: f.members.member, cause: 'author' }]);
    expect(canApprove(owner, w)).toBe(false);

    const before = snapshot(deps);
    const late = domainError(() => approveTransaction(deps, f.owner, req.id));
    expect(late.code).toBe('invalid_state');
    expect(late.why).toEqual({ type: 'not_pending', status: 'withdrawn', decidedBy: null });
    expect(domainError(() => withdrawTransaction(deps, f.members.member, req.id)).why?.type).toBe('not_pending');
    expect(snapshot(deps)).toBe(before);
  });

  it('only the author may withdraw, and only while it waits; a decided request names its decider', () => {
    fund(deps, f, f.cashId, USD(1000));
    const req = expense(f.members.member, USD(600)).transaction;
    const before = snapshot(deps);
    expect(domainError(() => withdrawTransaction(deps, f.owner, req.id)).why).toEqual({ type: 'not_author' });
    expect(domainError(() => withdrawTransaction(deps, f.members.admin, req.id)).code).toBe('forbidden');
    expect(domainError(() => withdrawTransaction(deps, f.outsider, req.id)).code).toBe('not_found');
    expect(snapshot(deps)).toBe(before);
    rejectTransaction(deps, f.members.admin, req.id, 'no');
    const e = domainError(() => withdrawTransaction(deps, f.members.member, req.id));
    expect(e.why).toEqual({ type: 'not_pending', status: 'rejected', decidedBy: f.members.admin });
    const executed = expense(f.members.member, USD(5)).transaction;
    expect(domainError(() => withdrawTransaction(deps, f.members.member, executed.id)).why).toMatchObject({ type: 'not_pending', status: 'executed' });
  });

  it('removing a member withdraws their waiting requests in the same commit; others stay', () => {
    fund(deps, f, f.cashId, USD(5000));
    const mine = [expense(f.members.member, USD(600)).transaction.id, expense(f.members.member, USD(700)).transaction.id];
    const other = makeUser(deps, 'Other');
    joinFamily(deps, other, createInvite(deps, f.owner, { familyId: f.familyId, role: 'member' }).code);
    const theirs = expense(other, USD(800)).transaction.id;
    removeMember(deps, f.owner, { familyId: f.familyId, userId: f.members.member });
    for (const id of mine) expect(eventsFor(deps, 'transaction', id).at(-1)?.action).toBe('transaction.withdrawn');
    expect(outboxRows(deps, 'approval.withdrawn').map((o) => [o.data['transactionId'], o.data['cause'], o.data['actorId']])).toEqual([
      [mine[0], 'member_removed', f.owner],
      [mine[1], 'member_removed', f.owner],
    ]);
    expect(eventsFor(deps, 'user', f.members.member).at(-1)).toMatchObject({ action: 'member.removed' });
    expect(JSON.parse(eventsFor(deps, 'user', f.members.member).at(-1)!.payload)).toMatchObject({ withdrawn: mine });
    // The other member's request still waits and can be approved.
    expect(approveTransaction(deps, f.owner, theirs).status).toBe('executed');
  });

  it('leaving the family withdraws one’s waiting requests too', () => {
    fund(deps, f, f.cashId, USD(1000));
    const req = expense(f.members.member, USD(600)).transaction.id;
    leaveFamily(deps, f.members.member, f.familyId);
    expect(outboxRows(deps, 'approval.withdrawn').map((o) => o.data)).toEqual([{ transactionId: req, familyId: f.familyId, actorId: f.members.member, cause: 'member_left' }]);
  });

  it('a removal that fails (not allowed) withdraws nothing', () => {
    fund(deps, f, f.cashId, USD(1000));
    expense(f.members.member, USD(600));
    const before = snapshot(deps);
    expect(domainError(() => removeMember(deps, f.members.member, { familyId: f.familyId, userId: f.members.admin })).code).toBe('forbidden');
    expect(snapshot(deps)).toBe(before);
  });
});
