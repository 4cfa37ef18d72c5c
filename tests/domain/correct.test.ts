// Correcting an entry by edit (amount, note, category, wallet): a reversal and
// a corrected copy that keeps the original author; what a member may not
// change; and the predicates the bot uses for its buttons agreeing with the
// core's answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRECTION_WINDOW_MS,
  approveTransaction,
  canCorrect,
  canReverse,
  canWithdraw,
  correctTransaction,
  getTransaction,
  mayUseOthersCard,
  rejectTransaction,
  reverseTransaction,
  transactionActions,
  withdrawTransaction,
  type CoreDeps,
  type Role,
  type Transaction,
} from '../../src/domain/index.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { domainError, eventsFor, outboxRows, outcomeOf, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
const { expense, categoryNamed } = useLedgerFixture((s) => ({ t, deps, f } = s));

describe('correctTransaction by edit', () => {
  it('a new amount and note: reversal + corrected copy, the author stays the author, the change is audited', () => {
    fund(deps, f, f.cashId, USD(1000));
    const tx = expense(f.members.member, USD(12), { description: 'bus' }).transaction;
    const r = correctTransaction(deps, f.members.member, { transactionId: tx.id, amountMinor: USD(21), description: 'taxi' });
    expect(r.original).toMatchObject({ status: 'reversed', reason: 'amount, note changed' });
    expect(r.corrected).toMatchObject({ status: 'executed', amountMinor: USD(21), description: 'taxi', createdBy: f.members.member, correctionOf: tx.id, categoryId: tx.categoryId });
    expect(balanceOf(deps, f.cashId)).toBe(USD(1000 - 21));
    const [ev] = eventsFor(deps, 'transaction', tx.id).filter((e) => e.action === 'transaction.corrected');
    expect(JSON.parse(ev!.payload)).toMatchObject({ correctedId: r.corrected.id, authorId: f.members.member, from: { amountMinor: USD(12) }, to: { amountMinor: USD(21) } });
    expect(outboxRows(deps, 'transaction.corrected').map((o) => o.data)).toEqual([
      { originalId: tx.id, correctedId: r.corrected.id, reversalId: r.reversal?.id, familyId: f.familyId, actorId: f.members.member, authorId: f.members.member },
    ]);
    // The author is told by the card, not by a "reversed" notice.
    expect(outboxRows(deps, 'transaction.reversed')).toEqual([]);
  });

  it('an owner corrects a member’s entry: the member stays the author, the copy executes', () => {
    fund(deps, f, f.cashId, USD(1000));
    const tx = expense(f.members.member, USD(40)).transaction;
    const r = correctTransaction(deps, f.owner, { transactionId: tx.id, amountMinor: USD(400), categoryId: categoryNamed('Cafes') });
    expect(r.corrected).toMatchObject({ createdBy: f.members.member, status: 'executed', amountMinor: USD(400) });
    expect(r.reversal?.createdBy).toBe(f.owner);
  });

  it('a member who raises an amount above the threshold waits for approval; lowering it never waits', () => {
    fund(deps, f, f.cashId, USD(2000));
    const tx = expense(f.members.member, USD(100)).transaction;
    const up = correctTransaction(deps, f.members.member, { transactionId: tx.id, amountMinor: USD(700) });
    expect(up.corrected.status).toBe('pending_approval');
    expect(balanceOf(deps, f.cashId)).toBe(USD(2000));
    const big = expense(f.members.member, USD(450)).transaction;
    expect(correctTransaction(deps, f.members.member, { transactionId: big.id, amountMinor: USD(300) }).corrected.status).toBe('executed');
  });

  it('a waiting request corrected by its author is withdrawn and asked again', () => {
    fund(deps, f, f.cashId, USD(2000));
    const req = expense(f.members.member, USD(600)).transaction;
    const r = correctTransaction(deps, f.members.member, { transactionId: req.id, amountMinor: USD(650) });
    expect(r.reversal).toBeNull();
    expect(r.original.status).toBe('withdrawn');
    expect(r.corrected).toMatchObject({ status: 'pending_approval', amountMinor: USD(650), correctionOf: req.id });
    expect(outboxRows(deps, 'approval.withdrawn').map((o) => o.data['cause'])).toEqual(['corrected']);
    expect(outboxRows(deps, 'approval.requested').map((o) => o.data['transactionId'])).toEqual([req.id, r.corrected.id]);
  });

  it('refuses an entry older than 48 h or approved by someone else for a member, with typed reasons; owners may', () => {
    fund(deps, f, f.cashId, USD(2000));
    const old = expense(f.members.member, USD(10)).transaction;
    t.clock.advance(CORRECTION_WINDOW_MS + 1);
    const before = snapshot(deps);
    const e = domainError(() => correctTransaction(deps, f.members.member, { transactionId: old.id, amountMinor: USD(11) }));
    expect(e.code).toBe('invalid_state');
    expect(e.why).toEqual({ type: 'correction_window_passed', createdAt: old.createdAt, windowMs: CORRECTION_WINDOW_MS });
    expect(snapshot(deps)).toBe(before);
    expect(correctTransaction(deps, f.members.admin, { transactionId: old.id, amountMinor: USD(11) }).corrected.createdBy).toBe(f.members.member);
    // Reversed already: nothing more to correct.
    expect(domainError(() => correctTransaction(deps, f.owner, { transactionId: old.id, amountMinor: USD(12) })).why).toEqual({ type: 'not_executed', status: 'reversed' });
  });

  // The group card's gate (bot/groups/gate.ts) asks this of someone pressing another person's card.
  it("someone else's card answers whoever the core lets act on it, once its author may no longer change it", () => {
    fund(deps, f, f.cashId, USD(2000));
    const own = expense(f.members.member, USD(10)).transaction;
    // Its author may still change it: the card is theirs alone, even for the owner.
    expect(mayUseOthersCard(deps, f.owner, own.id)).toBe(false);
    const req = expense(f.members.member, USD(600)).transaction;
    expect(req.status).toBe('pending_approval');
    approveTransaction(deps, f.owner, req.id);
    // Approved by the owner: the member may not correct it any more, the owner and the admin may.
    expect(mayUseOthersCard(deps, f.owner, req.id)).toBe(true);
    expect(mayUseOthersCard(deps, f.members.admin, req.id)).toBe(true);
    // A viewer may change nothing; a stranger to the family does not see the entry.
    expect(mayUseOthersCard(deps, f.members.viewer, req.id)).toBe(false);
    expect(mayUseOthersCard(deps, makeFamily(deps).owner, req.id)).toBe(false);
  });

  it('balance entries and reversals are not corrected by edit', () => {
    fund(deps, f, f.cashId, USD(100));
    const tx = expense(f.owner, USD(10)).transaction;
    const { reversal } = reverseTransaction(deps, f.owner, { transactionId: tx.id, reason: 'oops' });
    expect(domainError(() => correctTransaction(deps, f.owner, { transactionId: reversal.id, amountMinor: 1 })).why).toEqual({ type: 'is_reversal' });
  });
});

describe('the button predicates agree with the core', () => {
  type Step = { action: 'withdraw' | 'reverse' | 'correct' | 'approve' | 'reject'; who: Role; pick: number; age: number };
  const step = fc.record({
    action: fc.constantFrom('withdraw', 'reverse', 'correct', 'approve', 'reject') as fc.Arbitrary<Step['action']>,
    who: fc.constantFrom('owner', 'admin', 'member', 'viewer') as fc.Arbitrary<Role>,
    pick: fc.nat(),
    age: fc.constantFrom(0, 0, 60 * 60 * 1000, CORRECTION_WINDOW_MS),
  });

  it('for every action shown as possible the core agrees, and for every one hidden it refuses', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 15 }), (steps) => {
        fund(deps, f, f.cashId, USD(100_000));
        const ids: number[] = [];
        for (const who of ['member', 'owner'] as const) {
          const actor = who === 'owner' ? f.owner : f.members.member;
          ids.push(expense(actor, USD(20)).transaction.id, expense(actor, USD(600)).transaction.id);
        }
        for (const s of steps) {
          t.clock.advance(s.age);
          const actor = s.who === 'owner' ? f.owner : f.members[s.who];
          const id = ids[s.pick % ids.length]!;
          const tx: Transaction = getTransaction(deps, f.owner, id);
          const me = { userId: actor, role: s.who };
          const shown = transactionActions(me, tx, deps.clock())[s.action];
          if (s.action === 'withdraw') expect(shown).toBe(canWithdraw(me, tx));
          if (s.action === 'reverse') expect(shown).toBe(canReverse(me, tx));
          if (s.action === 'correct') expect(shown).toBe(canCorrect(me, tx, deps.clock()));
          const before = snapshot(deps);
          const outcome = outcomeOf(() => {
            if (s.action === 'withdraw') withdrawTransaction(deps, actor, id);
            if (s.action === 'reverse') ids.push(reverseTransaction(deps, actor, { transactionId: id, reason: 'r' }).reversal.id);
            if (s.action === 'correct') ids.push(correctTransaction(deps, actor, { transactionId: id, description: `edit ${s.pick}` }).corrected.id);
            if (s.action === 'approve') approveTransaction(deps, actor, id);
            if (s.action === 'reject') rejectTransaction(deps, actor, id, 'no');
          });
          // Funds are the one thing a button cannot know in advance.
          if (outcome === 'insufficient_funds') continue;
          expect(outcome === 'ok', `${s.who} ${s.action} #${id} (${tx.status}): shown ${String(shown)}, core ${outcome}`).toBe(shown);
          if (outcome !== 'ok') expect(snapshot(deps)).toBe(before);
        }
      }),
      { numRuns: 10 },
    );
  });
});
