// Savings goals: a target amount, optionally tied to a wallet whose balance is the progress.
import { and, eq, isNull } from 'drizzle-orm';
import { goals, wallets } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { checkCurrency } from '../families/families.js';
import { MAX_AMOUNT_MINOR } from '../money/money.js';
import { walletOfFamily } from '../wallets/wallets.js';

export type Goal = typeof goals.$inferSelect;
export type GoalProgress = Goal & { savedMinor: number; percent: number };

export function createGoal(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; name: string; targetMinor: number; currency: string; walletId?: number | null; deadline?: string | null },
): Goal {
  const name = input.name.trim();
  if (!name || name.length > 64) throw validation('name', 'A goal name is 1-64 characters');
  if (!Number.isSafeInteger(input.targetMinor) || input.targetMinor <= 0 || input.targetMinor > MAX_AMOUNT_MINOR) throw validation('target', 'The target must be a positive amount');
  const currency = checkCurrency(input.currency);
  if (input.deadline && !/^\d{4}-\d{2}-\d{2}$/.test(input.deadline)) throw validation('deadline', 'The deadline is a date like 2027-06-30');
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_budgets');
    if (input.walletId != null && walletOfFamily(tx, input.familyId, input.walletId).currency !== currency) throw validation('wallet_id', `The wallet must be in ${currency}`);
    const g = tx
      .insert(goals)
      .values({ familyId: input.familyId, name, targetMinor: input.targetMinor, currency, walletId: input.walletId ?? null, deadline: input.deadline ?? null, createdBy: actorId, createdAt: at })
      .returning()
      .get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'goal.created', entityType: 'goal', entityId: g.id, payload: { name, targetMinor: g.targetMinor, currency }, at });
    return g;
  });
}

export function listGoals(deps: CoreDeps, actorId: number, familyId: number): GoalProgress[] {
  requireMember(deps.db, familyId, actorId, 'view');
  return deps.db
    .select({ g: goals, balance: wallets.balanceMinor })
    .from(goals)
    .leftJoin(wallets, eq(wallets.id, goals.walletId))
    .where(and(eq(goals.familyId, familyId), isNull(goals.archivedAt)))
    .all()
    .map(({ g, balance }) => {
      const saved = Math.max(balance ?? 0, 0);
      return { ...g, savedMinor: saved, percent: Math.min(100, Math.floor((saved * 100) / g.targetMinor)) };
    });
}
