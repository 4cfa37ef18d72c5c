// Wallets: the list with balances, one wallet's recent transactions with
// paging, the person's default wallet for quick entry (★, chosen on a
// wallet's page), and (for those the core lets manage wallets) add and rename
// (conversations, add-wallet.ts) and archive (a wallet goals are saved in: wallet-goals.ts).
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { archiveWallet, can, defaultWallet, displayName, getWallet, isDomainError, listTransactions, listWallets, setDefaultWallet, type Wallet } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, transactionLine } from '../shared/transaction-line.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { walletName } from '../shared/transaction-text.js';
import { show, type View } from '../shared/view.js';
import { ADD_WALLET_CONVERSATION, RENAME_WALLET_CONVERSATION } from './add-wallet.js';
import { archiveConfirmView, registerWalletGoals, walletHoldsGoalsView } from './wallet-goals.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

const PAGE = 8;

/** In family `named` (a main menu's: the presser's scope there), else in the active one. */
export async function showWallets(ctx: BotContext, named?: FamilyScope): Promise<void> {
  const scope = named ?? (await requireFamily(ctx));
  if (scope) await show(ctx, walletList(ctx, scope));
}

/** A default wallet matters to those who record entries, and only an active wallet can be one. */
function mayBeDefault(scope: FamilyScope, wallet: Wallet): boolean {
  return !wallet.archivedAt && can(scope.role, 'create_transaction');
}

function walletList(ctx: BotContext, scope: FamilyScope): View {
  const wallets = listWallets(ctx.app.deps, scope.userId, scope.familyId);
  // The wallet quick entry uses now: the person's choice, else the family's first.
  const current = can(scope.role, 'create_transaction') ? defaultWallet(ctx.app.deps, scope.userId, scope.familyId)?.id : undefined;
  const lines = wallets.map((w) =>
    ctx.t(w.id === current ? 'manage-wallets-line-default' : 'manage-wallets-line', { name: walletName(w, ctx.app.locale), balance: money(ctx, w.balanceMinor, w.currency) }),
  );
  const keyboard = new InlineKeyboard();
  for (const w of wallets) keyboard.text(walletName(w, ctx.app.locale), cb('w', 'o', w.id, familyArg(scope.familyId))).row();
  if (can(scope.role, 'manage_wallets')) keyboard.text(ctx.t('manage-wallets-add'), cb('w', 'add', familyArg(scope.familyId)));
  const hint = current !== undefined && wallets.length > 0 ? ['', ctx.t('manage-wallets-default-hint')] : [];
  const text = [ctx.t('manage-wallets-title'), '', ...(lines.length ? lines : [ctx.t('manage-wallets-empty')]), ...hint].join('\n');
  return { text, keyboard };
}

async function walletView(ctx: BotContext, scope: FamilyScope, walletId: number, beforeId?: number): Promise<void> {
  const deps = ctx.app.deps;
  const wallet = getWallet(deps, scope.userId, scope.familyId, walletId);
  const page = listTransactions(deps, scope.userId, { familyId: scope.familyId, walletId, limit: PAGE, ...(beforeId ? { beforeId } : {}) });
  const names = loadNames(ctx, scope);
  const header = ctx.t('manage-wallet-header', {
    name: walletName(wallet, ctx.app.locale),
    type: wallet.type,
    currency: wallet.currency,
    balance: money(ctx, wallet.balanceMinor, wallet.currency),
  });
  const body = page.items.length ? page.items.map((t) => transactionLine(ctx, t, names)) : [ctx.t(beforeId ? 'manage-history-no-more' : 'manage-wallet-no-transactions')];
  const keyboard = new InlineKeyboard();
  if (beforeId) keyboard.text(ctx.t('manage-page-newest'), cb('w', 'o', walletId, familyArg(scope.familyId)));
  if (page.nextBeforeId) keyboard.text(ctx.t('manage-page-older'), cb('w', 'o', walletId, page.nextBeforeId, familyArg(scope.familyId)));
  nextRow(keyboard);
  const isDefault = mayBeDefault(scope, wallet) && defaultWallet(deps, scope.userId, scope.familyId)?.id === wallet.id;
  if (mayBeDefault(scope, wallet)) keyboard.text(ctx.t(isDefault ? 'manage-wallet-is-default' : 'manage-wallet-make-default'), cb('w', 'def', walletId, familyArg(scope.familyId))).row();
  if (can(scope.role, 'manage_wallets') && !wallet.archivedAt) {
    keyboard.text(ctx.t('manage-wallet-rename'), cb('w', 'rn', walletId, familyArg(scope.familyId))).text(ctx.t('manage-wallet-archive'), cb('w', 'ar', walletId, familyArg(scope.familyId))).row();
  }
  keyboard.text(ctx.t('manage-back-wallets'), cb('w', 'l', familyArg(scope.familyId)));
  const archived = wallet.archivedAt ? ['', ctx.t('manage-wallet-archived')] : [];
  const note = isDefault ? [ctx.t('manage-wallet-default-note')] : [];
  await show(ctx, { text: [header, ...note, ...archived, '', ...body].join('\n'), keyboard });
}

/** The wallet list as text and keyboard rows (what a conversation's external() can return). */
export function walletListRows(ctx: BotContext, scope: FamilyScope): { text: string; rows: InlineKeyboardButton[][] } {
  const view = walletList(ctx, scope);
  return { text: view.text, rows: (view.keyboard ? rowsOf(view.keyboard) : []) };
}

export function registerWallets(router: ButtonRouter): void {
  registerWalletGoals(router);
  router.button('w', 'l', (ctx, scope) => show(ctx, walletList(ctx, scope)));
  router.button('w', 'o', async (ctx, scope, [id, before]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    await walletView(ctx, scope, walletId, idArg(before));
  });

  // ★ Default wallet: the core refuses an archived or foreign wallet; pressing the current one just says so.
  router.button('w', 'def', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    const deps = ctx.app.deps;
    const wallet = getWallet(deps, scope.userId, scope.familyId, walletId);
    const name = walletName(wallet, ctx.app.locale);
    if (defaultWallet(deps, scope.userId, scope.familyId)?.id === wallet.id) return ctx.t('manage-wallet-default-already', { name });
    setDefaultWallet(deps, scope.userId, { familyId: scope.familyId, walletId });
    await walletView(ctx, scope, walletId);
    return ctx.t('manage-wallet-default-set', { name });
  });

  // Adding and renaming ask questions: conversations (add-wallet.ts), in the family the list or card was about.
  router.button('w', 'add', async (ctx, scope) => {
    if (!can(scope.role, 'manage_wallets')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(ADD_WALLET_CONVERSATION, scope.familyId);
  });
  router.button('w', 'rn', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    if (!can(scope.role, 'manage_wallets')) return { alert: notAllowedText(ctx, scope.role) };
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(RENAME_WALLET_CONVERSATION, walletId, scope.familyId);
  });

  router.button('w', 'ar', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    await show(ctx, archiveConfirmView(ctx, getWallet(ctx.app.deps, scope.userId, scope.familyId, walletId)));
  });
  router.button('w', 'arok', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    let wallet: Wallet;
    try {
      wallet = archiveWallet(ctx.app.deps, scope.userId, { familyId: scope.familyId, walletId });
    } catch (e) {
      // Goals are saved in it: say which, with the way out (wallet-goals.ts); other refusals are answered as usual.
      if (!isDomainError(e) || e.why?.type !== 'wallet_has_goals') throw e;
      await show(ctx, walletHoldsGoalsView(ctx, getWallet(ctx.app.deps, scope.userId, scope.familyId, walletId), e.why.goals));
      return;
    }
    await show(ctx, { text: ctx.t('manage-wallet-archived-done', { name: displayName(wallet, ctx.app.locale) }), keyboard: new InlineKeyboard().text(ctx.t('manage-back-wallets'), cb('w', 'l', familyArg(scope.familyId))) });
  });
}
