// The one card of an entry, whoever or whatever recorded it (quick entry, the
// conversation; the API and recurring rules through their notifications): the
// entry's text and, for the person who may act on it, its buttons:
//   executed            [🏷 Change category] [👛 Change wallet] [↩️ Undo]
//   own, waiting        [✋ Withdraw]
// A card read by one person (their private chat, /history) shows an executed
// entry's buttons as far as the core lets that reader act (`may`): a member's
// entry someone else approved, or one past the 48 hours, keeps ↩️ Undo only. A
// card in a group keeps all three: an owner or admin may use the author's card.
// Callback data `q:<action>:<transaction>` (callbackData.card), handled by the
// bot's src/bot/transactions/card-buttons.ts whoever sent the card.
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Transaction } from '../domain/index.js';
import { callbackData, callbackPatterns } from './callback-data.js';
import type { Translate } from './transaction-text.js';

/** What the card's reader may do to the entry (the core's transactionActions), when the card is theirs alone. */
export type CardReader = { correct: boolean; reverse: boolean; withdraw: boolean };

/** Nothing: a reader who can no longer see the entry. */
export const READS_ONLY: CardReader = { correct: false, reverse: false, withdraw: false };

export function cardKeyboard(t: Translate, tx: Pick<Transaction, 'id' | 'status' | 'reversalOf' | 'kind'>, may?: CardReader): InlineKeyboard | undefined {
  if (tx.status === 'pending_approval') return may?.withdraw === false ? undefined : new InlineKeyboard().text(t('card-withdraw'), callbackData.card.withdraw(tx.id));
  if (tx.status !== 'executed' || tx.reversalOf !== null || (tx.kind !== 'expense' && tx.kind !== 'income' && tx.kind !== 'transfer')) return undefined;
  const correct = may?.correct ?? true;
  const reverse = may?.reverse ?? true;
  if (!correct && !reverse) return undefined;
  const keyboard = new InlineKeyboard();
  if (correct) keyboard.text(t('quick-change-category'), callbackData.card.category(tx.id)).text(t('quick-change-wallet'), callbackData.card.wallet(tx.id));
  if (correct && reverse) keyboard.row();
  if (reverse) keyboard.text(t('quick-undo'), callbackData.card.undo(tx.id));
  return keyboard;
}

/** reply/edit options carrying the card's keyboard, when it has one. */
export function cardMarkup(t: Translate, tx: Pick<Transaction, 'id' | 'status' | 'reversalOf' | 'kind'>, may?: CardReader): { reply_markup?: InlineKeyboard } {
  const keyboard = cardKeyboard(t, tx, may);
  return keyboard ? { reply_markup: keyboard } : {};
}

/**
 * Whether a message is a card of an entry, told by its buttons: every card with
 * something to act on carries them, whoever sent it (quick entry, the
 * conversation, /history, a notification, an approval request), and Telegram
 * sends them along with a replied-to message. A card left without buttons
 * (undone, withdrawn, rejected) shows an entry that no longer counts.
 */
export function isEntryCard(message: { reply_markup?: InlineKeyboardMarkup } | undefined): boolean {
  const rows = message?.reply_markup?.inline_keyboard ?? [];
  return rows.some((row) => row.some((b) => 'callback_data' in b && typeof b.callback_data === 'string' && callbackPatterns.entryCard.test(b.callback_data)));
}

/**
 * What an entry card's buttons let the person do, so a reply under it is told
 * the right way to act on it: `executed` (🏷 👛 ↩️), `waiting` (the author's
 * ✋ Withdraw), `request` (✅/❌ on one approval request), `digest` (✅/❌ rows of
 * several requests); undefined when the message is no entry card.
 */
export type EntryCardKind = 'executed' | 'waiting' | 'request' | 'digest';

export function entryCardKind(message: { reply_markup?: InlineKeyboardMarkup } | undefined): EntryCardKind | undefined {
  const data = (message?.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ('callback_data' in b && typeof b.callback_data === 'string' ? [b.callback_data] : []));
  const requests = new Set(data.flatMap((d) => /^appr:(\d+):/.exec(d)?.[1] ?? []));
  if (requests.size > 1) return 'digest';
  if (requests.size === 1) return 'request';
  if (data.some((d) => /^q:[cwu]:/.test(d))) return 'executed';
  if (data.some((d) => callbackPatterns.card.withdraw.test(d))) return 'waiting';
  return data.some((d) => callbackPatterns.entryCard.test(d)) ? 'executed' : undefined;
}
