// /undo: reverse my last transaction (never delete it), after a confirmation; a request still waiting
// for approval is withdrawn instead.
//   callbackData.undo(tx, 'y') reverses it, (tx, 'n') keeps it (shared/callback-data.ts)
import { InlineKeyboard } from 'grammy';
import { isDomainError, lastUndoableEntry, reverseTransaction } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily } from '../runtime/guards.js';
import { callbackData, callbackPatterns } from '../shared/callback-data.js';
import { summaryVars, undoneText } from '../shared/transaction-text.js';
import { cardTexts } from '../shared/visibility.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { requestKeyOf } from '../shared/request-key.js';

export const undoFeature = new FlatComposer<BotContext>();

undoFeature.command('undo', async (ctx) => {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const { deps, locale } = ctx.app;
  const last = lastUndoableEntry(deps, scope.userId, scope.familyId);
  if (!last) {
    await ctx.reply(ctx.t('undo-nothing'));
    return;
  }
  const summary = ctx.t('tx-summary', summaryVars(deps, last, locale));
  if (last.status === 'pending_approval') {
    // The newest thing they did is a request: taking it back is its card's ✋ Withdraw (the same button and handler).
    await ctx.reply(ctx.t('undo-confirm-withdraw', { summary }), {
      reply_markup: new InlineKeyboard().text(ctx.t('card-withdraw'), callbackData.card.withdraw(last.id)).text(ctx.t('undo-no'), callbackData.undo(last.id, 'n')),
    });
    return;
  }
  await ctx.reply(ctx.t('undo-confirm', { summary }), {
    reply_markup: new InlineKeyboard().text(ctx.t('undo-yes'), callbackData.undo(last.id, 'y')).text(ctx.t('undo-no'), callbackData.undo(last.id, 'n')),
  });
});

undoFeature.callbackQuery(callbackPatterns.undo, async (ctx) => {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  if (ctx.match[1] === 'n') {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('undo-kept'));
    return;
  }
  const { deps } = ctx.app;
  try {
    const { original } = reverseTransaction(deps, scope.userId, { transactionId: Number(ctx.match[2]), reason: 'undo', requestKey: requestKeyOf(ctx) });
    await ctx.answerCallbackQuery({ text: ctx.t('quick-undone-short') });
    await ctx.editMessageText(undoneText(deps, original, cardTexts(ctx)));
  } catch (e) {
    if (isDomainError(e) && e.code === 'invalid_state') {
      await ctx.answerCallbackQuery({ text: ctx.t('quick-already-changed'), show_alert: true });
      return;
    }
    throw e;
  }
});
