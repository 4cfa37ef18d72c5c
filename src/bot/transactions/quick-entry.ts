// Quick entry: "50 coffee", "1 234,50 groceries", "+3000 salary" records at
// once from the person's default wallet. A plus sign or an income word makes
// it an income; the category is guessed from the words and the person's
// history, else "Other". The reply carries [Change category] [Change wallet]
// [Undo] (handled in quick-entry-buttons.ts).
import { Composer, InlineKeyboard } from 'grammy';
import type { TranslateFunction } from '@grammyjs/i18n';
import { AmountError, createTransaction, defaultWallet, guessCategory, listCategories, parseHumanAmount } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { amountErrorText } from '../runtime/errors.js';
import { requireFamily } from '../runtime/guards.js';
import { fallbackCategory, resultText } from '../shared/transaction-text.js';
import { parseQuickEntry } from './quick-entry-grammar.js';

export { parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';

export function quickKeyboard(t: TranslateFunction, transactionId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('quick-change-category'), `q:c:${transactionId}`)
    .text(t('quick-change-wallet'), `q:w:${transactionId}`)
    .row()
    .text(t('quick-undo'), `q:u:${transactionId}`);
}

export const quickEntryFeature = new Composer<BotContext>();

quickEntryFeature.on('message:text', async (ctx, next) => {
  const entry = parseQuickEntry(ctx.message.text);
  if (!entry) return next();
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const { deps, locale } = ctx.app;
  const wallet = defaultWallet(deps, scope.userId, scope.familyId);
  if (!wallet) {
    await ctx.reply(ctx.t('tx-no-wallets'));
    return;
  }
  let amount: number;
  try {
    amount = parseHumanAmount(entry.amountText, wallet.currency);
  } catch (e) {
    if (!(e instanceof AmountError)) throw e;
    const tr = amountErrorText(e, entry.amountText);
    await ctx.reply(`${ctx.t(tr.key, tr.vars)}\n${ctx.t('quick-hint')}`);
    return;
  }
  const kind = entry.income ? 'income' : 'expense';
  const category =
    (entry.note ? guessCategory(deps, scope.userId, scope.familyId, kind, entry.note) : undefined) ??
    fallbackCategory(listCategories(deps, scope.userId, scope.familyId, { kind }), kind);
  // Keyed by the Telegram message: a redelivered update finds this transaction instead of adding another.
  const { transaction } = createTransaction(deps, scope.userId, {
    familyId: scope.familyId,
    fromWalletId: kind === 'expense' ? wallet.id : null,
    toWalletId: kind === 'income' ? wallet.id : null,
    amountMinor: amount,
    categoryId: category?.id ?? null,
    description: entry.note || null,
    idempotencyKey: `tg:msg:${ctx.chat.id}:${ctx.message.message_id}`,
    source: 'quick',
  });
  const text = resultText(deps, transaction, { t: ctx.t, locale });
  await ctx.reply(text, transaction.status === 'executed' ? { reply_markup: quickKeyboard(ctx.t, transaction.id) } : {});
});
