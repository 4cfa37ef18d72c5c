// Recurring rules in the core: dates, catch-up after downtime (each missed
// occurrence once), the normal approval rules, roles, and rules that can no
// longer run.
import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, recurringRules, transactions } from '../../src/db/schema.js';
import { approveTransaction, createBudget, listBudgets, removeMember, setApprovalThreshold, updateFamilySettings } from '../../src/domain/index.js';
import { localDate } from '../../src/domain/recurring/dates.js';
import {
  createRecurringRule,
  deactivateRecurringRule,
  listRecurringRules,
  nextOccurrence,
  runDueRecurring,
} from '../../src/domain/recurring/index.js';
import { balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

const DAY = 24 * 3600 * 1000;
let t: TestDb;
let f: FamilyFixture;

beforeEach(() => {
  t = createTestDb();
  t.clock.set(Date.UTC(2026, 0, 20, 9, 0));
  f = makeFamily(t.deps);
});
afterEach(() => t.cleanup());

function occurrences(ruleId: number) {
  return t.deps.db
    .select()
    .from(transactions)
    .where(like(transactions.idempotencyKey, `recurring:${ruleId}:%`))
    .all()
    .map((x) => ({ key: x.idempotencyKey, status: x.status, amount: x.amountMinor, executedAt: x.executedAt }));
}

describe('recurring dates', () => {
  it('keeps a month-end rule on the last day of every month and back on the 31st after short months', () => {
    const dates = ['2026-01-31'];
    for (let i = 0; i < 13; i++) dates.push(nextOccurrence(dates.at(-1)!, 'monthly', '2026-01-31'));
    expect(dates).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31',
      '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28',
    ]);
    expect(nextOccurrence('2028-01-31', 'monthly', '2027-12-31')).toBe('2028-02-29');
    expect(nextOccurrence('2028-02-29', 'yearly', '2028-02-29')).toBe('2029-02-28');
    expect(nextOccurrence('2031-02-28', 'yearly', '2028-02-29')).toBe('2032-02-29');
    expect(nextOccurrence('2026-12-29', 'weekly', '2026-12-29')).toBe('2027-01-05');
    expect(nextOccurrence('2026-12-31', 'daily', '2026-12-31')).toBe('2027-01-01');
  });
});

describe('runDueRecurring', () => {
  it('after three months of downtime creates each missed occurrence exactly once, and a second run creates nothing', () => {
    fund(t.deps, f, f.cashId, 1_000_000);
    const rent = createRecurringRule(t.deps, f.owner, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, categoryId: f.expenseCategoryId,
      amountMinor: 50_000, description: 'Rent', frequency: 'monthly', startDate: '2026-01-31',
    });
    const weekly = createRecurringRule(t.deps, f.owner, {
      familyId: f.familyId, kind: 'income', walletId: f.cashId, amountMinor: 1_000, frequency: 'weekly', startDate: '2026-01-21',
    });

    // The scheduler was down from Jan 20 until May 5.
    t.clock.set(Date.UTC(2026, 4, 5, 10, 0));
    const first = runDueRecurring(t.deps);
    expect(occurrences(rent.id).map((o) => o.key)).toEqual([
      `recurring:${rent.id}:2026-01-31`, `recurring:${rent.id}:2026-02-28`, `recurring:${rent.id}:2026-03-31`, `recurring:${rent.id}:2026-04-30`,
    ]);
    // Each counts on its own day (the family is in UTC here), not on the day it was caught up:
    // January's rent in January's report and budgets.
    expect(occurrences(rent.id).map((o) => new Date(o.executedAt!).toISOString())).toEqual([
      '2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z', '2026-04-30T12:00:00.000Z',
    ]);
    expect(occurrences(weekly.id)).toHaveLength(15); // Jan 21 … Apr 29, every 7 days
    expect(first.created).toHaveLength(4 + 15);
    expect(occurrences(rent.id).every((o) => o.status === 'executed')).toBe(true);
    expect(balanceOf(t.deps, f.cashId)).toBe(1_000_000 - 4 * 50_000 + 15 * 1_000);

    const again = runDueRecurring(t.deps);
    expect(again.created).toEqual([]);
    expect(occurrences(rent.id)).toHaveLength(4);
    const stored = t.deps.db.select().from(recurringRules).where(eq(recurringRules.id, rent.id)).get()!;
    expect(stored.nextDate).toBe('2026-05-31');

    // Each rule's run tells the family once, of all it caught up, in the same commit as the entries.
    const notes = t.deps.db.select().from(outbox).where(eq(outbox.topic, 'recurring.created')).all();
    expect(notes.map((n) => (JSON.parse(n.payload) as { transactionIds?: number[] }).transactionIds?.length)).toEqual([15, 4]); // the weekly rule is due first (Jan 21)

    // The clock moves on a day at a time through June: exactly one more rent, on May 31.
    for (let day = 0; day < 30; day++) {
      t.clock.advance(DAY);
      runDueRecurring(t.deps);
    }
    expect(occurrences(rent.id).map((o) => o.key).at(-1)).toBe(`recurring:${rent.id}:2026-05-31`);
    expect(occurrences(rent.id)).toHaveLength(5);
  });

  it('a second scheduler on another connection (another process) finds nothing left to create', () => {
    const rule = createRecurringRule(t.deps, f.owner, {
      familyId: f.familyId, kind: 'income', walletId: f.cashId, amountMinor: 700, frequency: 'daily', startDate: '2026-01-20',
    });
    t.clock.set(Date.UTC(2026, 1, 10, 12, 0));
    const other = { db: t.open().db, clock: t.clock };
    const a = runDueRecurring(t.deps);
    const b = runDueRecurring(other);
    expect(a.created.length + b.created.length).toBe(22);
    expect(occurrences(rule.id)).toHaveLength(22);
    expect(new Set(occurrences(rule.id).map((o) => o.key)).size).toBe(22);
  });

  it('creates occurrences as the rule creator, so a member above the threshold waits for approval', () => {
    fund(t.deps, f, f.cashId, 20_000);
    setApprovalThreshold(t.deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: 10_000 });
    const rule = createRecurringRule(t.deps, f.members.member, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 20_000, frequency: 'monthly', startDate: '2026-01-25',
    });
    t.clock.set(Date.UTC(2026, 2, 1, 8, 0));
    runDueRecurring(t.deps);
    const made = t.deps.db.select().from(transactions).where(like(transactions.idempotencyKey, `recurring:${rule.id}:%`)).all();
    expect(made.map((x) => [x.status, x.createdBy, x.source])).toEqual([
      ['pending_approval', f.members.member, 'recurring'],
      ['pending_approval', f.members.member, 'recurring'],
    ]);
    const requests = t.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.requested')).all();
    expect(requests.map((r) => JSON.parse(r.payload).transactionId).sort()).toEqual(made.map((x) => x.id).sort());
  });

  it('uses the family time zone for "today"', () => {
    // 23:30 UTC on Jan 24 is already Jan 25 in Tokyo.
    const tokyo = makeFamily(t.deps);
    t.deps.db.run(`update families set timezone = 'Asia/Tokyo' where id = ${tokyo.familyId}`);
    const rule = createRecurringRule(t.deps, tokyo.owner, {
      familyId: tokyo.familyId, kind: 'income', walletId: tokyo.cashId, amountMinor: 100, frequency: 'monthly', startDate: '2026-01-25',
    });
    t.clock.set(Date.UTC(2026, 0, 24, 14, 59));
    expect(runDueRecurring(t.deps).created).toEqual([]);
    t.clock.set(Date.UTC(2026, 0, 24, 15, 0));
    expect(runDueRecurring(t.deps).created.map((c) => c.ruleId)).toEqual([rule.id]);
    // Recorded on its day: at the moment of the run.
    expect(occurrences(rule.id)[0]!.executedAt).toBe(Date.UTC(2026, 0, 24, 15, 0));
  });

  it('an occurrence caught up days later counts on its due day in the family\'s zone (noon there)', () => {
    const honolulu = makeFamily(t.deps);
    t.deps.db.run(`update families set timezone = 'Pacific/Honolulu' where id = ${honolulu.familyId}`);
    fund(t.deps, honolulu, honolulu.cashId, 10_000);
    const rule = createRecurringRule(t.deps, honolulu.owner, {
      familyId: honolulu.familyId, kind: 'expense', walletId: honolulu.cashId, categoryId: honolulu.expenseCategoryId,
      amountMinor: 100, frequency: 'monthly', startDate: '2026-01-31',
    });
    // Down until 2 February, 08:00 in Honolulu (UTC-10).
    t.clock.set(Date.UTC(2026, 1, 2, 18, 0));
    runDueRecurring(t.deps);
    // 31 January 12:00 in Honolulu is 22:00 UTC: January there (and in UTC).
    expect(occurrences(rule.id).map((o) => o.executedAt)).toEqual([Date.UTC(2026, 0, 31, 22, 0)]);
  });

  it("an occurrence that waited for approval past its day counts on its due day in the family's zone when approved", () => {
    const la = makeFamily(t.deps);
    t.deps.db.run(`update families set timezone = 'America/Los_Angeles' where id = ${la.familyId}`);
    fund(t.deps, la, la.cashId, 100_000);
    setApprovalThreshold(t.deps, la.owner, { familyId: la.familyId, currency: 'USD', amountMinor: 10_000 });
    createBudget(t.deps, la.owner, { familyId: la.familyId, amountMinor: 50_000 });
    const rule = createRecurringRule(t.deps, la.members.member, {
      familyId: la.familyId, kind: 'expense', walletId: la.cashId, categoryId: la.expenseCategoryId,
      amountMinor: 20_000, frequency: 'monthly', startDate: '2026-01-31',
    });
    // Made on its day, 31 January at 23:30 in Los Angeles (UTC-8): it waits for the owner.
    t.clock.set(Date.UTC(2026, 1, 1, 7, 30));
    runDueRecurring(t.deps);
    const [made] = t.deps.db.select().from(transactions).where(like(transactions.idempotencyKey, `recurring:${rule.id}:%`)).all();
    expect(made!.status).toBe('pending_approval');
    // Approved the next morning, 1 February at 09:00 there: January's rent stays January's.
    t.clock.set(Date.UTC(2026, 1, 1, 17, 0));
    const approved = approveTransaction(t.deps, la.owner, made!.id);
    expect(approved.executedAt).toBe(Date.UTC(2026, 0, 31, 20, 0));
    expect(listBudgets(t.deps, la.owner, la.familyId, { month: '2026-01' })[0]!.spentMinor).toBe(20_000n);
    expect(listBudgets(t.deps, la.owner, la.familyId, { month: '2026-02' })[0]!.spentMinor).toBe(0n);

    // Approved on its own day, it is made then, as an entry approved the day it was asked.
    t.clock.set(Date.UTC(2026, 2, 1, 7, 30)); // 28 February, 23:30 there
    runDueRecurring(t.deps);
    t.clock.set(Date.UTC(2026, 2, 1, 7, 45));
    const feb = t.deps.db.select().from(transactions).where(eq(transactions.idempotencyKey, `recurring:${rule.id}:2026-02-28`)).get();
    expect(approveTransaction(t.deps, la.owner, feb!.id).executedAt).toBe(Date.UTC(2026, 2, 1, 7, 45));
  });

  it("a change of the family's time zone neither repeats nor skips a date, either way across the date line", () => {
    for (const [from, to] of [['Pacific/Auckland', 'America/Los_Angeles'], ['America/Los_Angeles', 'Pacific/Auckland']] as const) {
      const fam = makeFamily(t.deps);
      updateFamilySettings(t.deps, fam.owner, { familyId: fam.familyId, timezone: from });
      fund(t.deps, fam, fam.cashId, 100_000);
      t.clock.set(Date.UTC(2026, 10, 25, 12));
      const rule = createRecurringRule(t.deps, fam.owner, {
        familyId: fam.familyId, kind: 'expense', walletId: fam.cashId, amountMinor: 100, frequency: 'daily', startDate: localDate(t.clock(), from),
      });
      // The scheduler every half hour for five days; the zone changes on the third, 05:00 UTC.
      for (let at = t.clock(); at < Date.UTC(2026, 10, 30, 12); at += 30 * 60_000) {
        t.clock.set(at);
        runDueRecurring(t.deps);
        if (at === Date.UTC(2026, 10, 28, 5)) updateFamilySettings(t.deps, fam.owner, { familyId: fam.familyId, timezone: to });
      }
      const dates = occurrences(rule.id).map((o) => o.key!.split(':')[2]!);
      const expected = [dates[0]!];
      while (expected.length < dates.length) expected.push(nextOccurrence(expected.at(-1)!, 'daily', dates[0]!));
      expect(dates).toEqual(expected);
      expect(dates.at(-1)).toBe(localDate(t.clock(), to));
    }
  });

  it('waits for money: not enough funds leaves the occurrence for the next run', () => {
    const rule = createRecurringRule(t.deps, f.owner, {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 5_000, frequency: 'monthly', startDate: '2026-01-20',
    });
    const r1 = runDueRecurring(t.deps);
    expect(r1.failed).toEqual([{ ruleId: rule.id, date: '2026-01-20', code: 'insufficient_funds', message: expect.any(String) }]);
    expect(occurrences(rule.id)).toEqual([]);
    fund(t.deps, f, f.cashId, 10_000);
    expect(runDueRecurring(t.deps).created).toHaveLength(1);
    expect(balanceOf(t.deps, f.cashId)).toBe(5_000);
  });

  it('stops a rule whose creator left the family, and says why in the audit log', () => {
    const rule = createRecurringRule(t.deps, f.members.member, {
      familyId: f.familyId, kind: 'income', walletId: f.cashId, amountMinor: 100, frequency: 'daily', startDate: '2026-01-21',
    });
    removeMember(t.deps, f.owner, { familyId: f.familyId, userId: f.members.member });
    t.clock.advance(3 * DAY);
    const r = runDueRecurring(t.deps);
    expect(r.stopped).toEqual([{ ruleId: rule.id, date: '2026-01-21', code: 'not_found' }]);
    expect(listRecurringRules(t.deps, f.owner, f.familyId)).toEqual([]);
    expect(listRecurringRules(t.deps, f.owner, f.familyId, { includeInactive: true })[0]?.active).toBe(false);
    expect(runDueRecurring(t.deps).created).toEqual([]);
  });
});

describe('recurring rules and roles', () => {
  const input = () => ({ familyId: f.familyId, kind: 'expense' as const, walletId: f.cashId, amountMinor: 100, frequency: 'monthly' as const, startDate: '2026-02-01' });

  it('a viewer cannot create a rule; an outsider sees no family', () => {
    expect(() => createRecurringRule(t.deps, f.members.viewer, input())).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => createRecurringRule(t.deps, f.outsider, input())).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => listRecurringRules(t.deps, f.outsider, f.familyId)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('validates dates, amounts and categories', () => {
    expect(() => createRecurringRule(t.deps, f.owner, { ...input(), startDate: '2026-01-19' })).toThrow(expect.objectContaining({ code: 'validation', details: expect.objectContaining({ field: 'start_date' }) }));
    expect(() => createRecurringRule(t.deps, f.owner, { ...input(), startDate: '2026-02-30' })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createRecurringRule(t.deps, f.owner, { ...input(), amountMinor: 0 })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createRecurringRule(t.deps, f.owner, { ...input(), categoryId: f.incomeCategoryId })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => createRecurringRule(t.deps, f.owner, { ...input(), frequency: 'hourly' as never })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('the creator or an admin may stop a rule; another member may not; stopping twice is invalid_state', () => {
    const mine = createRecurringRule(t.deps, f.members.member, input());
    const owners = createRecurringRule(t.deps, f.owner, input());
    expect(() => deactivateRecurringRule(t.deps, f.members.member, { familyId: f.familyId, ruleId: owners.id })).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(deactivateRecurringRule(t.deps, f.members.member, { familyId: f.familyId, ruleId: mine.id }).active).toBe(false);
    expect(deactivateRecurringRule(t.deps, f.members.admin, { familyId: f.familyId, ruleId: owners.id }).active).toBe(false);
    expect(() => deactivateRecurringRule(t.deps, f.owner, { familyId: f.familyId, ruleId: owners.id })).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    const other = makeFamily(t.deps);
    expect(() => deactivateRecurringRule(t.deps, other.owner, { familyId: other.familyId, ruleId: mine.id })).toThrow(expect.objectContaining({ code: 'not_found' }));
    t.clock.set(Date.UTC(2026, 3, 1));
    expect(runDueRecurring(t.deps).created).toEqual([]);
    expect(t.deps.db.select().from(transactions).where(and(eq(transactions.source, 'recurring'))).all()).toEqual([]);
  });
});
