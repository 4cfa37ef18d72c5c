// /pending: transactions waiting for approval. Approvers get one message per
// transaction with the same [Approve] [Reject] buttons the approval requests
// carry (callbackData.approval, handled by approvals/decide.ts).
import { InlineKeyboard } from 'grammy';
import { can, pendingTransactions } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { callbackData } from '../shared/callback-data.js';
import { loadNames, transactionLine } from '../shared/transaction-line.js';
import { say } from '../shared/view.js';
import { inFamilyLanguage } from '../groups/family-language.js';
import { groupScope } from '../groups/scope.js';

// Telegram allows about one message a second per chat: list the rest in the header.
const MAX_CARDS = 10;

/** In family `named` (a main menu's: the presser's scope there), else in the active one. */
export async function showPending(ctx: BotContext, named?: FamilyScope): Promise<void> {
  const scope = named ?? (await requireFamily(ctx));
  if (!scope) return;
  const pending = pendingTransactions(ctx.app.deps, scope.userId, scope.familyId);
  if (pending.length === 0) {
    await say(ctx, ctx.t('manage-pending-empty'));
    return;
  }
  const names = loadNames(ctx, scope);
  const approver = can(scope.role, 'approve_transaction');
  if (!approver) {
    const lines = pending.map((t) => transactionLine(ctx, t, names));
    await say(ctx, [ctx.t('manage-pending-title', { count: pending.length }), '', ...lines].join('\n'));
    return;
  }
  const cards = pending.slice(0, MAX_CARDS);
  const rest = pending.slice(MAX_CARDS).map((t) => transactionLine(ctx, t, names));
  await say(ctx, [ctx.t('manage-pending-title', { count: pending.length }), ...(rest.length ? ['', ctx.t('manage-pending-more'), ...rest] : [])].join('\n'));
  // In a group a request with [Approve] [Reject] is the whole group's (any approver may press it, and its
  // outcome is added in the family's language): written in the family's language too (family-language.ts).
  const group = groupScope(ctx);
  const shared = group ? inFamilyLanguage(ctx, group.actor.familyLocale) : ctx;
  const sharedNames = group ? loadNames(shared, scope) : names;
  for (const t of cards) {
    // The core refuses a decision on one's own transaction; no buttons for it.
    if (t.createdBy === scope.userId) {
      await say(ctx, `${transactionLine(ctx, t, names)}\n${ctx.t('manage-pending-own')}`);
      continue;
    }
    const keyboard = new InlineKeyboard().text(shared.t('manage-approve'), callbackData.approval(t.id, 'a')).text(shared.t('manage-reject'), callbackData.approval(t.id, 'r'));
    await say(ctx, transactionLine(shared, t, sharedNames), keyboard);
  }
}
