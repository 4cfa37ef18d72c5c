import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import { badRequest, isRecord } from './errors.js';
import type { ApiParams } from './types.js';

export type ParsedMarkup =
  | { kind: 'none' }
  | { kind: 'inline'; markup: InlineKeyboardMarkup | undefined }
  | { kind: 'keyboard'; markup: ReplyKeyboardMarkup }
  | { kind: 'remove' }
  | { kind: 'force_reply' };

const INLINE_ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

/** Validates `reply_markup` like Telegram does (64-byte callback_data, one action per button). */
export function parseReplyMarkup(params: ApiParams): ParsedMarkup {
  const raw = params['reply_markup'];
  if (raw === undefined || raw === null) return { kind: 'none' };
  if (!isRecord(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in raw) {
    const rows = raw['inline_keyboard'];
    if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    const keyboard: InlineKeyboardButton[][] = [];
    for (const row of rows) {
      if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      const buttons: InlineKeyboardButton[] = [];
      for (const button of row) buttons.push(validateInlineButton(button));
      if (buttons.length > 0) keyboard.push(buttons);
    }
    return { kind: 'inline', markup: keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined };
  }
  if ('keyboard' in raw) {
    const rows = raw['keyboard'];
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r))) {
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    }
    return { kind: 'keyboard', markup: raw as unknown as ReplyKeyboardMarkup };
  }
  if (raw['remove_keyboard'] === true) return { kind: 'remove' };
  if (raw['force_reply'] === true) return { kind: 'force_reply' };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function validateInlineButton(button: unknown): InlineKeyboardButton {
  if (!isRecord(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const text = button['text'];
  if (typeof text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  const actions = INLINE_ACTIONS.filter((a) => button[a] !== undefined);
  if (actions.length === 0) throw badRequest('text buttons are unallowed in the inline keyboard');
  const data = button['callback_data'];
  if (data !== undefined) {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  const url = button['url'];
  if (url !== undefined && (typeof url !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(url))) {
    throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
  }
  return button as unknown as InlineKeyboardButton;
}

/** JSON with sorted keys, for "message is not modified" comparisons. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  ) ?? 'undefined';
}

/** Flat list of the inline buttons of a markup. */
export function inlineButtons(markup: InlineKeyboardMarkup | undefined): InlineKeyboardButton[] {
  return markup?.inline_keyboard.flat() ?? [];
}
