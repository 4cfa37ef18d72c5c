// /history: the family's recent transactions, newest first, keyset-paged. A
// reversal is folded into its original's row ("↩️ reversed"), not shown as a
// row of its own. Each row opens (its number button): the entry's card, with
// the card's buttons for whoever the core lets change it (the author, owners
// and admins); in the family group the list only pages, and entries are opened
// in a private chat.
import { InlineKeyboard } from 'grammy';
import { getTransaction, listTransactions, transactionActions } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, transactionLine } from '../shared/transaction-line.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { resultText } from '../shared/transaction-text.js';
import { cardTexts, viewInGroup } from '../shared/visibility.js';
import { say, show, type View } from '../shared/view.js';
import { cardKeyboard } from '../transactions/card.js';
import { nextRow } from '../../presentation/keyboard.js';

export const HISTORY_PAGE = 10;

/** In family `named` (a main menu's: the presser's scope there), else in the active one. */
export async function showHistory(ctx: BotContext, named?: FamilyScope): Promise<void> {
  const scope = named ?? (await requireFamily(ctx));
  if (scope) await show(ctx, historyView(ctx, scope));
}

function historyView(ctx: BotContext, scope: FamilyScope, beforeId?: number): View {
  const page = listTransactions(ctx.app.deps, scope.userId, { familyId: scope.familyId, limit: HISTORY_PAGE, ...(beforeId ? { beforeId } : {}) });
  const names = loadNames(ctx, scope);
  const rows = page.items.filter((t) => t.reversalOf === null);
  const lines = rows.map((t, i) => `${i + 1}. ${transactionLine(ctx, t, names)}`);
  const empty = ctx.t(beforeId ? 'manage-history-no-more' : 'manage-history-empty');
  const keyboard = new InlineKeyboard();
  // Read in the group: the pages only; an entry is opened (and changed) in a private chat.
  const inGroup = viewInGroup(ctx);
  if (!inGroup) {
    rows.forEach((t, i) => {
      keyboard.text(String(i + 1), cb('h', 'o', t.id, familyArg(scope.familyId)));
      if (i % 5 === 4) nextRow(keyboard);
    });
  }
  nextRow(keyboard);
  if (beforeId) keyboard.text(ctx.t('manage-page-newest'), cb('h', 'p', familyArg(scope.familyId)));
  if (page.nextBeforeId) keyboard.text(ctx.t('manage-page-older'), cb('h', 'p', page.nextBeforeId, familyArg(scope.familyId)));
  const pointer = inGroup && rows.length > 0 ? ['', ctx.t('manage-history-open-privately', { bot: ctx.me.username })] : [];
  return { text: [ctx.t('manage-history-title'), '', ...(lines.length ? lines : [empty]), ...pointer].join('\n'), keyboard };
}

/** One entry opened from the list: its text and, for whoever may change it, the card's buttons. */
function entryView(ctx: BotContext, scope: FamilyScope, transactionId: number): View {
  const { deps } = ctx.app;
  const t = getTransaction(deps, scope.userId, transactionId);
  const names = loadNames(ctx, scope);
  const actions = transactionActions({ userId: scope.userId, role: scope.role }, t, deps.clock());
  const card = cardKeyboard(ctx.t, t, actions);
  const keyboard = card ?? new InlineKeyboard();
  nextRow(keyboard).text(ctx.t('manage-history-back'), cb('h', 'p', familyArg(scope.familyId)));
  return { text: `${resultText(deps, t, cardTexts(ctx))}\n${transactionLine(ctx, t, names)}`, keyboard };
}

export function registerHistory(router: ButtonRouter): void {
  // From a notice listing several entries (recurring ones caught up): the card comes as a new message and
  // the list stays, so every entry listed keeps its buttons within reach.
  router.button('h', 'n', async (ctx, scope, [id]) => {
    const transactionId = idArg(id);
    if (!transactionId) return ctx.t('manage-stale-button');
    const view = entryView(ctx, scope, transactionId);
    await say(ctx, view.text, view.keyboard);
  });
  router.button('h', 'p', (ctx, scope, [before]) => show(ctx, historyView(ctx, scope, idArg(before))), { inGroup: true });
  router.button('h', 'o', async (ctx, scope, [id]) => {
    const transactionId = idArg(id);
    if (!transactionId) return ctx.t('manage-stale-button');
    await show(ctx, entryView(ctx, scope, transactionId));
  });
}
