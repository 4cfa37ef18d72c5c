// Wallets: the list with balances, one wallet's recent transactions with
// paging, and (for those the core lets manage wallets) add, rename, archive.
import { InlineKeyboard } from 'grammy';
import {
  WALLET_TYPES,
  archiveWallet,
  can,
  createWallet,
  getFamily,
  getWallet,
  isDomainError,
  listTransactions,
  listWallets,
  renameWallet,
  type WalletType,
} from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { domainErrorText, notAllowedText } from '../shared/replies.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, transactionLine } from '../shared/transaction-line.js';
import { ask, clearQuestion, questionState, setQuestion, type ManageRouter } from '../shared/button-router.js';
import { say, show, type View } from '../shared/view.js';

const PAGE = 8;
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB'];

export async function showWallets(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, walletList(ctx, scope));
}

function walletList(ctx: BotContext, scope: FamilyScope): View {
  const wallets = listWallets(ctx.app.deps, scope.userId, scope.familyId);
  const lines = wallets.map((w) => ctx.t('manage-wallets-line', { name: w.name, balance: money(ctx, w.balanceMinor, w.currency) }));
  const keyboard = new InlineKeyboard();
  for (const w of wallets) keyboard.text(w.name, cb('w', 'o', w.id)).row();
  if (can(scope.role, 'manage_wallets')) keyboard.text(ctx.t('manage-wallets-add'), cb('w', 'add'));
  const text = [ctx.t('manage-wallets-title'), '', ...(lines.length ? lines : [ctx.t('manage-wallets-empty')])].join('\n');
  return { text, keyboard };
}

async function walletView(ctx: BotContext, scope: FamilyScope, walletId: number, beforeId?: number): Promise<void> {
  const deps = ctx.app.deps;
  const wallet = getWallet(deps, scope.userId, scope.familyId, walletId);
  const page = listTransactions(deps, scope.userId, { familyId: scope.familyId, walletId, limit: PAGE, ...(beforeId ? { beforeId } : {}) });
  const names = loadNames(ctx, scope);
  const header = ctx.t('manage-wallet-header', {
    name: wallet.name,
    type: wallet.type,
    currency: wallet.currency,
    balance: money(ctx, wallet.balanceMinor, wallet.currency),
  });
  const body = page.items.length ? page.items.map((t) => transactionLine(ctx, t, names)) : [ctx.t(beforeId ? 'manage-history-no-more' : 'manage-wallet-no-transactions')];
  const keyboard = new InlineKeyboard();
  if (beforeId) keyboard.text(ctx.t('manage-page-newest'), cb('w', 'o', walletId));
  if (page.nextBeforeId) keyboard.text(ctx.t('manage-page-older'), cb('w', 'o', walletId, page.nextBeforeId));
  keyboard.row();
  if (can(scope.role, 'manage_wallets') && !wallet.archivedAt) {
    keyboard.text(ctx.t('manage-wallet-rename'), cb('w', 'rn', walletId)).text(ctx.t('manage-wallet-archive'), cb('w', 'ar', walletId)).row();
  }
  keyboard.text(ctx.t('manage-back-wallets'), cb('w', 'l'));
  const archived = wallet.archivedAt ? ['', ctx.t('manage-wallet-archived')] : [];
  await show(ctx, { text: [header, ...archived, '', ...body].join('\n'), keyboard });
}

function walletTypeKeyboard(ctx: BotContext): InlineKeyboard {
  const k = new InlineKeyboard();
  WALLET_TYPES.forEach((type, i) => {
    k.text(ctx.t('manage-wallet-type', { type }), cb('w', 't', type));
    if (i % 2 === 1) k.row();
  });
  return k.row().text(ctx.t('manage-cancel'), cb('x', 'cancel'));
}

function currencyKeyboard(ctx: BotContext, base: string): InlineKeyboard {
  const k = new InlineKeyboard();
  for (const c of [base, ...COMMON_CURRENCIES.filter((c) => c !== base)]) k.text(c, cb('w', 'c', c));
  return k.row().text(ctx.t('manage-cancel'), cb('x', 'cancel'));
}

async function finishAddWallet(ctx: BotContext, scope: FamilyScope, name: string, type: WalletType, currency: string): Promise<void> {
  let wallet;
  try {
    wallet = createWallet(ctx.app.deps, scope.userId, { familyId: scope.familyId, name, type, currency });
  } catch (e) {
    // The core judges names only now, at the end: a refused name is asked for again.
    if (!(isDomainError(e) && e.code === 'validation' && e.details['field'] === 'name')) throw e;
    await ask(ctx, 'wallet-name', `${domainErrorText(ctx, e)}\n${ctx.t('manage-wallet-ask-name')}`);
    return;
  }
  clearQuestion(ctx);
  const list = walletList(ctx, scope);
  await say(ctx, `${ctx.t('manage-wallet-created', { name: wallet.name, currency: wallet.currency })}\n\n${list.text}`, list.keyboard);
}

export function registerWallets(router: ManageRouter): void {
  router.button('w', 'l', (ctx, scope) => show(ctx, walletList(ctx, scope)));
  router.button('w', 'o', async (ctx, scope, [id, before]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    await walletView(ctx, scope, walletId, idArg(before));
  });

  // Add: name (typed) → type (buttons) → currency (buttons or typed ISO code).
  router.button('w', 'add', async (ctx, scope) => {
    if (!can(scope.role, 'manage_wallets')) return { alert: notAllowedText(ctx, scope.role) };
    await ask(ctx, 'wallet-name', ctx.t('manage-wallet-ask-name'));
  });
  router.input('wallet-name', async (ctx, _scope, text) => {
    setQuestion(ctx, 'wallet-type', { name: text });
    await say(ctx, ctx.t('manage-wallet-ask-type', { name: text }), walletTypeKeyboard(ctx));
  });
  router.input('wallet-type', async (ctx) => {
    await say(ctx, ctx.t('manage-use-buttons'), walletTypeKeyboard(ctx));
  });
  router.button('w', 't', async (ctx, scope, [type]) => {
    const m = questionState(ctx);
    if (m['q'] !== 'wallet-type' || typeof m['name'] !== 'string') return ctx.t('manage-stale-button');
    if (!(WALLET_TYPES as readonly string[]).includes(type ?? '')) return ctx.t('manage-stale-button');
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    setQuestion(ctx, 'wallet-currency', { type: type as string });
    await show(ctx, { text: ctx.t('manage-wallet-ask-currency', { name: m['name'] }), keyboard: currencyKeyboard(ctx, family.baseCurrency) });
  });
  router.button('w', 'c', async (ctx, scope, [currency]) => {
    const m = questionState(ctx);
    if (m['q'] !== 'wallet-currency' || typeof m['name'] !== 'string' || typeof m['type'] !== 'string' || !currency) return ctx.t('manage-stale-button');
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
    await finishAddWallet(ctx, scope, m['name'], m['type'] as WalletType, currency);
  });
  router.input('wallet-currency', async (ctx, scope, text, state) => {
    if (typeof state['name'] !== 'string' || typeof state['type'] !== 'string') return clearQuestion(ctx);
    await finishAddWallet(ctx, scope, state['name'], state['type'] as WalletType, text);
  });

  router.button('w', 'rn', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    if (!can(scope.role, 'manage_wallets')) return { alert: notAllowedText(ctx, scope.role) };
    const wallet = getWallet(ctx.app.deps, scope.userId, scope.familyId, walletId);
    await ask(ctx, 'wallet-rename', ctx.t('manage-wallet-ask-rename', { name: wallet.name }), { walletId });
  });
  router.input('wallet-rename', async (ctx, scope, text, state) => {
    const walletId = typeof state['walletId'] === 'number' ? state['walletId'] : undefined;
    if (!walletId) return clearQuestion(ctx);
    const wallet = renameWallet(ctx.app.deps, scope.userId, { familyId: scope.familyId, walletId, name: text });
    clearQuestion(ctx);
    await say(ctx, ctx.t('manage-wallet-renamed', { name: wallet.name }));
  });

  router.button('w', 'ar', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    const wallet = getWallet(ctx.app.deps, scope.userId, scope.familyId, walletId);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('manage-confirm-archive'), cb('w', 'arok', walletId))
      .text(ctx.t('manage-cancel'), cb('w', 'o', walletId));
    await show(ctx, { text: ctx.t('manage-wallet-archive-confirm', { name: wallet.name }), keyboard });
  });
  router.button('w', 'arok', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (!walletId) return ctx.t('manage-stale-button');
    const wallet = archiveWallet(ctx.app.deps, scope.userId, { familyId: scope.familyId, walletId });
    await show(ctx, { text: ctx.t('manage-wallet-archived-done', { name: wallet.name }), keyboard: new InlineKeyboard().text(ctx.t('manage-back-wallets'), cb('w', 'l')) });
  });
}
