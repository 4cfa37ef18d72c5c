// A wallet that savings goals are saved in is not archived (the core refuses,
// naming the goals): the refusal offers the way out, each goal moved to another
// wallet of its currency or closed, then the archive asked again.
import { InlineKeyboard } from 'grammy';
import { archiveGoal, getWallet, goalMoveTargets, listGoals, moveGoal, type Wallet } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { cb, idArg } from '../shared/callback-data.js';
import { walletName } from '../shared/transaction-text.js';
import { show, type View } from '../shared/view.js';

type SavedGoal = { id: number; name: string };

/** The archive refused: which goals keep the wallet open, with Move and Close for each. */
export function walletHoldsGoalsView(ctx: BotContext, wallet: Wallet, goals: readonly SavedGoal[]): View {
  const keyboard = new InlineKeyboard();
  for (const g of goals) {
    keyboard.text(ctx.t('manage-wallet-goal-move', { name: g.name }), cb('w', 'gm', wallet.id, g.id, familyArg(wallet.familyId))).text(ctx.t('manage-wallet-goal-close', { name: g.name }), cb('w', 'gc', wallet.id, g.id, familyArg(wallet.familyId))).row();
  }
  keyboard.text(ctx.t('manage-cancel'), cb('w', 'o', wallet.id, familyArg(wallet.familyId)));
  const text = ctx.t('manage-wallet-has-goals', { name: walletName(wallet, ctx.app.locale), count: goals.length, goals: goals.map((g) => g.name).join(', ') });
  return { text, keyboard };
}

/** Archive “…”? — asked again once a goal moved or closed (the core says if another goal still holds the wallet). */
export function archiveConfirmView(ctx: BotContext, wallet: Wallet): View {
  const keyboard = new InlineKeyboard().text(ctx.t('manage-confirm-archive'), cb('w', 'arok', wallet.id, familyArg(wallet.familyId))).text(ctx.t('manage-cancel'), cb('w', 'o', wallet.id, familyArg(wallet.familyId)));
  return { text: ctx.t('manage-wallet-archive-confirm', { name: walletName(wallet, ctx.app.locale) }), keyboard };
}

function ids(args: string[]): number[] | undefined {
  const parsed = args.map(idArg);
  return parsed.every((x): x is number => x !== undefined) ? parsed : undefined;
}

export function registerWalletGoals(router: ButtonRouter): void {
  // ↪ Move: the family's other active wallets in the goal's currency.
  router.button('w', 'gm', async (ctx, scope, args) => {
    const [walletId, goalId] = ids(args.slice(0, 2)) ?? [];
    if (!walletId || !goalId) return ctx.t('manage-stale-button');
    const deps = ctx.app.deps;
    // Closed or moved meanwhile (another admin, another chat): the button is stale.
    const goal = listGoals(deps, scope.userId, scope.familyId).find((g) => g.id === goalId);
    if (!goal) return ctx.t('manage-stale-button');
    const targets = goalMoveTargets(deps, scope.userId, { familyId: scope.familyId, goalId });
    const keyboard = new InlineKeyboard();
    for (const w of targets) keyboard.text(walletName(w, ctx.app.locale), cb('w', 'gmw', walletId, goalId, w.id, familyArg(scope.familyId))).row();
    if (targets.length === 0) keyboard.text(ctx.t('manage-wallet-goal-close', { name: goal.name }), cb('w', 'gc', walletId, goalId, familyArg(scope.familyId))).row();
    keyboard.text(ctx.t('manage-cancel'), cb('w', 'o', walletId, familyArg(scope.familyId)));
    const wallet = getWallet(deps, scope.userId, scope.familyId, walletId);
    const text = targets.length ? ctx.t('manage-wallet-goal-pick', { name: goal.name }) : ctx.t('manage-wallet-goal-no-target', { name: goal.name, currency: wallet.currency });
    await show(ctx, { text, keyboard });
  });
  router.button('w', 'gmw', async (ctx, scope, args) => {
    const [walletId, goalId, targetId] = ids(args.slice(0, 3)) ?? [];
    if (!walletId || !goalId || !targetId) return ctx.t('manage-stale-button');
    const deps = ctx.app.deps;
    const goal = moveGoal(deps, scope.userId, { familyId: scope.familyId, goalId, walletId: targetId });
    const target = getWallet(deps, scope.userId, scope.familyId, targetId);
    await show(ctx, archiveConfirmView(ctx, getWallet(deps, scope.userId, scope.familyId, walletId)));
    return ctx.t('manage-wallet-goal-moved', { goal: goal.name, wallet: walletName(target, ctx.app.locale) });
  });
  router.button('w', 'gc', async (ctx, scope, args) => {
    const [walletId, goalId] = ids(args.slice(0, 2)) ?? [];
    if (!walletId || !goalId) return ctx.t('manage-stale-button');
    const deps = ctx.app.deps;
    const goal = archiveGoal(deps, scope.userId, { familyId: scope.familyId, goalId });
    await show(ctx, archiveConfirmView(ctx, getWallet(deps, scope.userId, scope.familyId, walletId)));
    return ctx.t('manage-wallet-goal-closed', { goal: goal.name });
  });
}
