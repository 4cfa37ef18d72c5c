// The one card of an entry, whoever or whatever recorded it (quick entry, the
// conversation; the API and recurring rules through their notifications): the
// entry's text and, for the person who may act on it, its buttons:
//   executed            [🏷 Change category] [👛 Change wallet] [↩️ Undo]
//   own, waiting        [✋ Withdraw]
// Callback data `q:<action>:<transaction>` (card-buttons.ts).
import type { TranslateFunction } from '@grammyjs/i18n';
import { InlineKeyboard } from 'grammy';
import type { Transaction } from '../../domain/index.js';

export function cardKeyboard(t: TranslateFunction, tx: Pick<Transaction, 'id' | 'status' | 'reversalOf' | 'kind'>): InlineKeyboard | undefined {
  if (tx.status === 'pending_approval') return new InlineKeyboard().text(t('card-withdraw'), `q:x:${tx.id}`);
  if (tx.status !== 'executed' || tx.reversalOf !== null || (tx.kind !== 'expense' && tx.kind !== 'income' && tx.kind !== 'transfer')) return undefined;
  return new InlineKeyboard()
    .text(t('quick-change-category'), `q:c:${tx.id}`)
    .text(t('quick-change-wallet'), `q:w:${tx.id}`)
    .row()
    .text(t('quick-undo'), `q:u:${tx.id}`);
}

/** reply/edit options carrying the card's keyboard, when it has one. */
export function cardMarkup(t: TranslateFunction, tx: Pick<Transaction, 'id' | 'status' | 'reversalOf' | 'kind'>): { reply_markup?: InlineKeyboard } {
  const keyboard = cardKeyboard(t, tx);
  return keyboard ? { reply_markup: keyboard } : {};
}
