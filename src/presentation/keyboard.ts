// grammY's InlineKeyboard starts with one empty row and .row() always opens another, so a keyboard whose
// buttons are laid out in a loop (`if (i % 2 === 1) kb.row()`) and then given a last row went out with an
// empty row: [[], [Cancel]] for a prompt with no other buttons, or a gap after a full last row.
import type { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';

/** Opens a new row after the buttons so far; does nothing while the current row is still empty. */
export function nextRow(kb: InlineKeyboard): InlineKeyboard {
  return (kb.inline_keyboard.at(-1)?.length ?? 0) > 0 ? kb.row() : kb;
}

/** The keyboard's rows as sent: without empty ones (a row opened last with nothing put in it). */
export function rowsOf(kb: InlineKeyboard | InlineKeyboardButton[][]): InlineKeyboardButton[][] {
  return (Array.isArray(kb) ? kb : kb.inline_keyboard).filter((row) => row.length > 0);
}
