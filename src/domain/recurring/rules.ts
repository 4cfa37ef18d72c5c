// Recurring rules: "rent on the 1st, monthly". A rule is a template; the
// scheduler (run.ts) turns each due date into one ordinary transaction.
import { cleanOptionalText, TEXT_RULES } from '../text/text.js';
import { and, asc, eq } from 'drizzle-orm';
import { families, recurringRules } from '../../db/schema.js';
import { categoryOfFamily } from '../categories/categories.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { archivedReference, DomainError, missingReference, notFound, reasoned, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { can, type Role } from '../families/permissions.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { walletOfFamily } from '../wallets/wallets.js';
import { addDays, checkCalendarDate, FREQUENCIES, localDate, type Frequency } from './dates.js';

export type RecurringRule = typeof recurringRules.$inferSelect;

export type CreateRecurringRuleInput = {
  familyId: number;
  kind: 'expense' | 'income';
  /** The wallet the money leaves (expense) or enters (income). */
  walletId: number;
  categoryId?: number | null;
  amountMinor: number;
  description?: string | null;
  frequency: Frequency;
  /** First occurrence, YYYY-MM-DD in the family's time zone; today or later. */
  startDate: string;
  /** The request that asks for it (the bot's last answer): asked again, the rule made first is answered (request-keys.ts). */
  requestKey?: string;
};

/** How far ahead a first occurrence may be planned. */
const MAX_START_AHEAD_DAYS = 366 * 2;

export function familyTimezone(q: Q, familyId: number): string {
  const f = q.select({ tz: families.timezone }).from(families).where(eq(families.id, familyId)).get();
  if (!f) throw notFound('Family', { familyId });
  return f.tz;
}

/** Occurrences are created as the rule's creator, so creating a rule needs the right to create transactions. */
export function createRecurringRule(deps: CoreDeps, actorId: number, input: CreateRecurringRuleInput): RecurringRule {
  if (input.kind !== 'expense' && input.kind !== 'income') throw validation('kind', 'kind must be expense or income');
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency)) {
    throw validation('frequency', `frequency must be one of ${FREQUENCIES.join(', ')}`);
  }
  const amount = input.amountMinor;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw validation('amount', 'The amount must be a whole number of minor units above zero');
  if (amount > MAX_AMOUNT_MINOR) throw validation('amount', 'The amount is too large');
  const description = cleanOptionalText(input.description, TEXT_RULES.recurringDescription);
  const startDate = checkCalendarDate(input.startDate, 'start_date');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'create_transaction');
    const made = madeFor(tx, 'recurring_rule', input.requestKey);
    if (made !== undefined) {
      const before = tx.select().from(recurringRules).where(and(eq(recurringRules.id, made), eq(recurringRules.familyId, input.familyId))).get();
      if (before) return before;
    }
    const today = localDate(at, familyTimezone(tx, input.familyId));
    if (startDate < today) throw validation('start_date', 'The first date cannot be in the past', { today });
    const last = addDays(today, MAX_START_AHEAD_DAYS);
    // The answer names the last day it takes: "today or later" alone did not say why 9999-12-31 was refused.
    if (startDate > last) throw reasoned('validation', `The first date is too far ahead: ${last} at the latest`, { type: 'date_too_far', last }, { field: 'start_date', last });
    const wallet = walletOfFamily(tx, input.familyId, input.walletId, 'wallet_id');
    if (wallet.archivedAt) throw archivedReference('wallet', wallet.id, `The wallet "${wallet.name}" is archived`, 'wallet_id');
    let categoryId: number | null = null;
    if (input.categoryId !== undefined && input.categoryId !== null) {
      const c = categoryOfFamily(tx, input.familyId, input.categoryId, 'category_id');
      if (c.kind !== input.kind) throw validation('category_id', `"${c.name}" is an ${c.kind} category`);
      if (c.archivedAt) throw archivedReference('category', c.id, `The category "${c.name}" is archived`, 'category_id');
      categoryId = c.id;
    }
    const rule = tx
      .insert(recurringRules)
      .values({
        familyId: input.familyId,
        kind: input.kind,
        walletId: wallet.id,
        categoryId,
        amountMinor: amount,
        currency: wallet.currency,
        description,
        frequency: input.frequency,
        startDate,
        nextDate: startDate,
        createdBy: actorId,
        active: true,
        createdAt: at,
      })
      .returning()
      .get();
    rememberMade(tx, 'recurring_rule', input.requestKey, rule.id, at);
    recordEvent(tx, {
      familyId: input.familyId,
      actorUserId: actorId,
      action: 'recurring.created',
      entityType: 'recurring_rule',
      entityId: rule.id,
      payload: { kind: rule.kind, amountMinor: amount, currency: rule.currency, frequency: rule.frequency, startDate, walletId: wallet.id, categoryId },
      at,
    });
    return rule;
  });
}

export function listRecurringRules(
  deps: CoreDeps,
  actorId: number,
  familyId: number,
  opts: { includeInactive?: boolean } = {},
): RecurringRule[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const where = opts.includeInactive
    ? eq(recurringRules.familyId, familyId)
    : and(eq(recurringRules.familyId, familyId), eq(recurringRules.active, true));
  return deps.db.select().from(recurringRules).where(where).orderBy(asc(recurringRules.nextDate), asc(recurringRules.id)).all();
}

/** Stops a rule. Its creator may stop it; so may anyone who manages the family's budgets (owner, admin). */
/** Who may stop a rule or decide about its unpaid dates: its creator (while they may record entries) or someone who manages budgets. */
export function canDecideRule(role: Role, actorId: number, rule: Pick<RecurringRule, 'createdBy'>): boolean {
  return (rule.createdBy === actorId && can(role, 'create_transaction')) || can(role, 'manage_budgets');
}

/** Stops a rule; the same request (`requestKey`, a press handled again) finds it stopped by itself and returns it. */
export function deactivateRecurringRule(deps: CoreDeps, actorId: number, input: { familyId: number; ruleId: number; requestKey?: string }): RecurringRule {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const member = requireMember(tx, input.familyId, actorId, 'view');
    const rule = tx
      .select()
      .from(recurringRules)
      .where(and(eq(recurringRules.id, input.ruleId), eq(recurringRules.familyId, input.familyId)))
      .get();
    if (!rule) throw missingReference('recurring_rule', input.ruleId, { ruleId: input.ruleId });
    if (!canDecideRule(member.role, actorId, rule)) {
      throw new DomainError('forbidden', 'Your role does not allow stopping this recurring rule', { role: member.role });
    }
    if (!rule.active && madeFor(tx, 'rule_stop', input.requestKey) === rule.id) return rule;
    // Stopped already (pressed again, by someone else, or with its wallet): the reason says so.
    const stopped = () => reasoned('invalid_state', 'This recurring rule is already stopped', { type: 'rule_stopped', ruleId: rule.id });
    if (!rule.active) throw stopped();
    const changed = stopRule(tx, rule.id, { actorId, at, reason: 'stopped' });
    if (!changed) throw stopped();
    // Its notices still offering [Pay from…]/[Skip] lose them (jobs: recurring.deactivated), in this commit.
    enqueueOutbox(tx, { topic: 'recurring.deactivated', payload: { ruleId: rule.id, familyId: rule.familyId } }, at);
    rememberMade(tx, 'rule_stop', input.requestKey, rule.id, at);
    return changed;
  });
}

/** Conditional stop (only an active rule changes) with its audit event. */
export function stopRule(q: Q, ruleId: number, e: { actorId: number | null; at: number; reason: string; details?: Record<string, unknown> }): RecurringRule | undefined {
  const changed = q
    .update(recurringRules)
    .set({ active: false })
    .where(and(eq(recurringRules.id, ruleId), eq(recurringRules.active, true)))
    .returning()
    .get();
  if (changed) {
    recordEvent(q, {
      familyId: changed.familyId,
      actorUserId: e.actorId,
      action: 'recurring.stopped',
      entityType: 'recurring_rule',
      entityId: ruleId,
      payload: { reason: e.reason, ...e.details },
      at: e.at,
    });
  }
  return changed;
}
