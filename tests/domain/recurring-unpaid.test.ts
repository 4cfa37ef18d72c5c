// A recurring entry its wallet cannot pay: the creator is told once per date
// with the wallets that could pay, and answers [Pay from another wallet] or
// [Skip this time]; both answers are idempotent.
import { describe, expect, it } from 'vitest';
import {
  createRecurringRule,
  createWallet,
  localDate,
  payRecurringFrom,
  runDueRecurring,
  skipRecurringOccurrence,
  type CoreDeps,
  type RecurringRule,
} from '../../src/domain/index.js';
import { balanceOf, fund, type FamilyFixture } from '../support/builders.js';
import type { TestDb } from '../support/db.js';
import { USD, useLedgerFixture } from './support/ledger-fixture.js';
import { domainError, eventsFor, outboxRows, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
let f: FamilyFixture;
useLedgerFixture((s) => ({ t, deps, f } = s));

function rentDueToday(): { rule: RecurringRule; date: string; bank: number } {
  const date = localDate(deps.clock(), 'UTC');
  const bank = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: USD(2000) }).id;
  const rule = createRecurringRule(deps, f.members.member, {
    familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: USD(300), description: 'Rent', frequency: 'monthly', startDate: date,
  });
  return { rule, date, bank };
}

describe('a recurring entry that cannot be paid', () => {
  it('tells its creator once per date, with the wallet, its balance and the wallets that could pay', () => {
    fund(deps, f, f.cashId, USD(50));
    const { rule, date, bank } = rentDueToday();
    const first = runDueRecurring(deps);
    expect(first.failed).toEqual([expect.objectContaining({ ruleId: rule.id, date, code: 'insufficient_funds' })]);
    runDueRecurring(deps); // retried, not told again
    const notices = outboxRows(deps, 'recurring.unpaid');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.data).toMatchObject({
      ruleId: rule.id, familyId: f.familyId, userId: f.members.member, date, amountMinor: USD(300), currency: 'USD', description: 'Rent',
      wallet: { walletId: f.cashId, balanceMinor: USD(50) },
      alternatives: [{ walletId: bank, balanceMinor: USD(2000), availableMinor: USD(2000) }],
    });
    expect(eventsFor(deps, 'recurring_rule', rule.id).map((e) => e.action)).toEqual(['recurring.created', 'recurring.unpaid']);
  });

  it('[Pay from another wallet] posts that date from the chosen wallet and moves the rule on; a second press says it is paid', () => {
    fund(deps, f, f.cashId, USD(50));
    const { rule, date, bank } = rentDueToday();
    runDueRecurring(deps);
    const paid = payRecurringFrom(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date, walletId: bank });
    expect(paid.outcome).toBe('paid');
    expect(paid.transaction).toMatchObject({ fromWalletId: bank, amountMinor: USD(300), createdBy: f.members.member, idempotencyKey: `recurring:${rule.id}:${date}`, status: 'executed' });
    expect(paid.rule.nextDate > date).toBe(true);
    expect(balanceOf(deps, bank)).toBe(USD(1700));
    expect(balanceOf(deps, f.cashId)).toBe(USD(50));
    const before = snapshot(deps);
    const again = payRecurringFrom(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date, walletId: bank });
    expect(again).toMatchObject({ outcome: 'already_paid', transaction: { id: paid.transaction!.id } });
    expect(skipRecurringOccurrence(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date }).outcome).toBe('already_paid');
    expect(snapshot(deps)).toBe(before);
    // The scheduler does not post it again either.
    expect(runDueRecurring(deps).created).toEqual([]);
  });

  it('[Skip this time] moves the rule past the date without an entry; idempotent', () => {
    fund(deps, f, f.cashId, USD(50));
    const { rule, date } = rentDueToday();
    runDueRecurring(deps);
    const skipped = skipRecurringOccurrence(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date });
    expect(skipped).toMatchObject({ outcome: 'skipped', transaction: null });
    expect(eventsFor(deps, 'recurring_rule', rule.id).at(-1)).toMatchObject({ action: 'recurring.skipped' });
    const before = snapshot(deps);
    expect(skipRecurringOccurrence(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date }).outcome).toBe('already_skipped');
    expect(snapshot(deps)).toBe(before);
    expect(runDueRecurring(deps)).toMatchObject({ created: [], failed: [] });
    expect(balanceOf(deps, f.cashId)).toBe(USD(50));
  });

  it('refuses a wallet in another currency, other people’s rules for members, and dates not yet due', () => {
    fund(deps, f, f.cashId, USD(50));
    const { rule, date } = rentDueToday();
    runDueRecurring(deps);
    const eur = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Euro', type: 'bank', currency: 'EUR', openingBalanceMinor: 100_000 }).id;
    const before = snapshot(deps);
    expect(domainError(() => payRecurringFrom(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date, walletId: eur })).details['field']).toBe('wallet_id');
    expect(domainError(() => skipRecurringOccurrence(deps, f.members.viewer, { familyId: f.familyId, ruleId: rule.id, date })).code).toBe('forbidden');
    expect(domainError(() => skipRecurringOccurrence(deps, f.outsider, { familyId: f.familyId, ruleId: rule.id, date })).code).toBe('not_found');
    expect(domainError(() => skipRecurringOccurrence(deps, f.members.member, { familyId: f.familyId, ruleId: rule.id, date: '2099-01-01' })).code).toBe('invalid_state');
    expect(snapshot(deps)).toBe(before);
    // An owner may decide for the family.
    expect(skipRecurringOccurrence(deps, f.owner, { familyId: f.familyId, ruleId: rule.id, date }).outcome).toBe('skipped');
    void t;
  });
});
