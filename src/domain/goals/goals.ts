// Savings goals: a target amount in a savings wallet, with an optional date.
// Progress is the wallet's balance, so a goal is funded by transfers into that
// wallet or by deposits (incomes) to it. When a posting first lifts the wallet
// to the target, the goal is marked reached and a `goal.reached` outbox row is
// written in the same transaction: the family hears about it once, if the
// wallet still holds the target when the notice goes out (goalReachStands).
import { and, eq, isNull } from 'drizzle-orm';
import { goals, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { dayText, parseDay } from '../dates/calendar.js';
import { archivedReference, missingReference, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { localDate } from '../recurring/dates.js';
import { familyTimezone } from '../recurring/rules.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { wholePercent } from '../money/ratio.js';
import { enqueueOutbox } from '../outbox/outbox.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { connectionOf, perConnection, rawQuery } from '../prepared.js';
import { monthAt } from '../reports/months.js';
import { walletOfFamily, type Wallet } from '../wallets/wallets.js';
import { cleanText, TEXT_RULES } from '../text/text.js';

export type Goal = typeof goals.$inferSelect;
export type GoalProgress = Goal & {
  savedMinor: number;
  remainingMinor: number;
  /** Whole percent of the target saved, at most 100. */
  percent: number;
  reached: boolean;
  /** Calendar months left until the date, this month included (null without a date; 0 once it passed). */
  monthsLeft: number | null;
  /** What to put aside each month to reach the target by the date (null without a date or when reached). */
  monthlyNeededMinor: number | null;
};

function checkDeadline(deadline: string | null | undefined): string | null {
  if (!deadline) return null;
  // The one reader of a day: a real one from 1970-01-01 to 9999-12-31 (validation naming deadline otherwise).
  return dayText(parseDay(deadline, 'deadline'));
}

export function createGoal(
  deps: CoreDeps,
  actorId: number,
  // requestKey: the request that asks for it (the bot's last answer); asked again, the goal made first is answered (request-keys.ts).
  input: { familyId: number; name: string; targetMinor: number; currency?: string; walletId: number; deadline?: string | null; requestKey?: string },
): Goal {
  const name = cleanText(input.name, TEXT_RULES.goalName);
  if (!Number.isSafeInteger(input.targetMinor) || input.targetMinor <= 0 || input.targetMinor > MAX_AMOUNT_MINOR) throw validation('target', 'The target must be a positive amount');
  const deadline = checkDeadline(input.deadline);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const made = madeFor(tx, 'goal', input.requestKey);
    if (made !== undefined) {
      const before = tx.select().from(goals).where(and(eq(goals.id, made), eq(goals.familyId, input.familyId))).get();
      if (before) return before;
    }
    if (typeof input.walletId !== 'number') throw validation('wallet_id', 'A goal is saved in a wallet');
    const wallet = walletOfFamily(tx, input.familyId, input.walletId, 'wallet_id');
    if (wallet.archivedAt) throw archivedReference('wallet', wallet.id, `The wallet "${wallet.name}" is archived`, 'wallet_id');
    if (input.currency !== undefined && input.currency !== wallet.currency) throw validation('wallet_id', `The wallet must be in ${input.currency}`);
    // Today in the family's calendar (a UTC day is a day ahead of Honolulu's evening, behind Kiritimati's morning).
    if (deadline && deadline < localDate(at, familyTimezone(tx, input.familyId))) throw validation('deadline', 'The date has already passed');
    // A goal the wallet already covers is reached from the start (and announced by nobody).
    const reached = wallet.balanceMinor >= input.targetMinor;
    const g = tx
      .insert(goals)
      .values({ familyId: input.familyId, name, targetMinor: input.targetMinor, currency: wallet.currency, walletId: wallet.id, deadline, createdBy: actorId, achievedAt: reached ? at : null, createdAt: at })
      .returning()
      .get();
    rememberMade(tx, 'goal', input.requestKey, g.id, at);
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'goal.created', entityType: 'goal', entityId: g.id, payload: { name, targetMinor: g.targetMinor, currency: g.currency, walletId: wallet.id, deadline }, at });
    return g;
  });
}

export function archiveGoal(deps: CoreDeps, actorId: number, input: { familyId: number; goalId: number }): Goal {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const g = tx.select().from(goals).where(and(eq(goals.id, input.goalId), eq(goals.familyId, input.familyId))).get();
    if (!g) throw missingReference('goal', input.goalId, { goalId: input.goalId });
    // Removed already (a press handled twice): as it is, no second event.
    if (g.archivedAt !== null) return g;
    tx.update(goals).set({ archivedAt: at }).where(eq(goals.id, g.id)).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'goal.archived', entityType: 'goal', entityId: g.id, at });
    return { ...g, archivedAt: at };
  });
}

function activeGoal(q: Q, familyId: number, goalId: number): Goal {
  const g = q.select().from(goals).where(and(eq(goals.id, goalId), eq(goals.familyId, familyId), isNull(goals.archivedAt))).get();
  if (!g) throw missingReference('goal', goalId, { goalId });
  return g;
}

/** The goals (not removed) saved in a wallet, by id: what keeps it from being archived. */
export function goalsSavedIn(q: Q, walletId: number): Array<{ id: number; name: string }> {
  return q.select({ id: goals.id, name: goals.name }).from(goals).where(and(eq(goals.walletId, walletId), isNull(goals.archivedAt))).orderBy(goals.id).all();
}

/** The wallets a goal may move to: the family's other active wallets in the goal's currency (a goal's target is in its wallet's currency). */
export function goalMoveTargets(deps: CoreDeps, actorId: number, input: { familyId: number; goalId: number }): Wallet[] {
  requireMember(deps.db, input.familyId, actorId, 'view');
  const g = activeGoal(deps.db, input.familyId, input.goalId);
  return deps.db
    .select()
    .from(wallets)
    .where(and(eq(wallets.familyId, input.familyId), eq(wallets.currency, g.currency), isNull(wallets.archivedAt)))
    .orderBy(wallets.id)
    .all()
    .filter((w) => w.id !== g.walletId);
}

/**
 * Moves a goal to another active wallet of its currency (say, before its
 * wallet is archived): from now on its progress is that wallet's balance. A
 * wallet that already holds the target makes it reached, announced by nobody
 * (as a new goal is); a reached goal stays reached.
 */
export function moveGoal(deps: CoreDeps, actorId: number, input: { familyId: number; goalId: number; walletId: number }): Goal {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    const before = activeGoal(tx, input.familyId, input.goalId);
    const wallet = walletOfFamily(tx, input.familyId, input.walletId, 'wallet_id');
    if (wallet.archivedAt) throw archivedReference('wallet', wallet.id, `The wallet "${wallet.name}" is archived`, 'wallet_id');
    if (wallet.currency !== before.currency) throw validation('wallet_id', `The wallet must be in ${before.currency}`, { reason: 'goal_currency' });
    if (wallet.id === before.walletId) return before;
    const achievedAt = before.achievedAt ?? (wallet.balanceMinor >= before.targetMinor ? at : null);
    const g = tx.update(goals).set({ walletId: wallet.id, achievedAt }).where(eq(goals.id, before.id)).returning().get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'goal.moved', entityType: 'goal', entityId: g.id, payload: { from: before.walletId, to: wallet.id }, at });
    return g;
  });
}

function monthIndex(label: string): number {
  const [y, m] = label.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
}

export function listGoals(deps: CoreDeps, actorId: number, familyId: number): GoalProgress[] {
  requireMember(deps.db, familyId, actorId, 'view');
  const tz = familyTimezone(deps.db, familyId);
  const now = monthAt(deps.clock(), tz);
  const thisMonth = now.year * 12 + now.month - 1;
  return deps.db
    .select({ g: goals, balance: wallets.balanceMinor })
    .from(goals)
    .leftJoin(wallets, eq(wallets.id, goals.walletId))
    .where(and(eq(goals.familyId, familyId), isNull(goals.archivedAt)))
    .orderBy(goals.id)
    .all()
    .map(({ g, balance }) => {
      const saved = Math.max(balance ?? 0, 0);
      const remaining = Math.max(g.targetMinor - saved, 0);
      const monthsLeft = g.deadline ? Math.max(monthIndex(g.deadline.slice(0, 7)) - thisMonth + 1, 0) : null;
      const monthlyNeededMinor = monthsLeft === null || remaining === 0 ? null : monthsLeft === 0 ? remaining : Math.ceil(remaining / monthsLeft);
      return {
        ...g,
        savedMinor: saved,
        remainingMinor: remaining,
        percent: Math.min(100, wholePercent(saved, g.targetMinor)),
        reached: g.achievedAt !== null || remaining === 0,
        monthsLeft,
        monthlyNeededMinor,
      };
    });
}

// Run after every posting (almost always finding nothing): prepared once per connection.
const statements = perConnection((q) => ({
  reachedIn: rawQuery<[number], { id: number; familyId: number; balance: number }>(
    connectionOf(q),
    `SELECT g.id, g.family_id, w.balance_minor FROM goals g JOIN wallets w ON w.id = g.wallet_id
     WHERE g.wallet_id = ? AND g.achieved_at IS NULL AND g.archived_at IS NULL AND g.target_minor <= w.balance_minor`,
    (v) => ({ id: v[0] as number, familyId: v[1] as number, balance: v[2] as number }),
  ),
}));

/**
 * Called by the ledger after it moved money in or out of wallets, inside the
 * same transaction: a goal whose wallet now holds its target is marked
 * reached and announced, once (falling below again does not re-arm it).
 */
export function checkGoalsReached(q: Q, walletIds: readonly number[], at: number): void {
  const s = statements(q);
  for (const walletId of new Set(walletIds)) {
    for (const h of s.reachedIn.all(walletId)) {
      q.update(goals).set({ achievedAt: at }).where(eq(goals.id, h.id)).run();
      recordEvent(q, { familyId: h.familyId, actorUserId: null, action: 'goal.reached', entityType: 'goal', entityId: h.id, payload: { savedMinor: h.balance }, at });
      enqueueOutbox(q, { topic: 'goal.reached', payload: { goalId: h.id, familyId: h.familyId } }, at);
    }
  }
}

/**
 * Read by the job that announces a reached goal, against the books as they are
 * when it is sent: the goal (not removed) whose wallet still holds its target.
 * When the wallet no longer does (the transfer that reached it was undone or
 * corrected before the notice went out), the goal is not reached after all:
 * its mark is taken back in one commit, so the transfer that really reaches it
 * is announced. Undefined: drop the notice.
 */
export function goalReachStands(deps: CoreDeps, input: { goalId: number; familyId: number }): Goal | undefined {
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    const row = tx
      .select({ g: goals, balance: wallets.balanceMinor })
      .from(goals)
      .leftJoin(wallets, eq(wallets.id, goals.walletId))
      .where(and(eq(goals.id, input.goalId), eq(goals.familyId, input.familyId)))
      .get();
    if (!row || row.g.archivedAt !== null || row.g.achievedAt === null) return undefined;
    if ((row.balance ?? 0) >= row.g.targetMinor) return row.g;
    tx.update(goals).set({ achievedAt: null }).where(eq(goals.id, row.g.id)).run();
    recordEvent(tx, { familyId: row.g.familyId, actorUserId: null, action: 'goal.reach_undone', entityType: 'goal', entityId: row.g.id, payload: { savedMinor: row.balance ?? 0 }, at });
    return undefined;
  });
}
