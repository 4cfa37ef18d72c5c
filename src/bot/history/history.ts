// /history: the family's recent transactions, newest first, keyset-paged.
import { InlineKeyboard } from 'grammy';
import { listTransactions } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, transactionLine } from '../shared/transaction-line.js';
import type { ButtonRouter } from '../shared/button-router.js';
import { show, type View } from '../shared/view.js';

export const HISTORY_PAGE = 10;

export async function showHistory(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, historyView(ctx, scope));
}

function historyView(ctx: BotContext, scope: FamilyScope, beforeId?: number): View {
  const page = listTransactions(ctx.app.deps, scope.userId, { familyId: scope.familyId, limit: HISTORY_PAGE, ...(beforeId ? { beforeId } : {}) });
  const names = loadNames(ctx, scope);
  const lines = page.items.map((t) => transactionLine(ctx, t, names));
  const empty = ctx.t(beforeId ? 'manage-history-no-more' : 'manage-history-empty');
  const keyboard = new InlineKeyboard();
  if (beforeId) keyboard.text(ctx.t('manage-page-newest'), cb('h', 'p'));
  if (page.nextBeforeId) keyboard.text(ctx.t('manage-page-older'), cb('h', 'p', page.nextBeforeId));
  return { text: [ctx.t('manage-history-title'), '', ...(lines.length ? lines : [empty])].join('\n'), keyboard };
}

export function registerHistory(router: ButtonRouter): void {
  router.button('h', 'p', (ctx, scope, [before]) => show(ctx, historyView(ctx, scope, idArg(before))));
}
