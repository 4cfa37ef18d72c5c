// How this feature puts a screen in front of the person: a button of ours
// edits the message it sits on (menus stay in one place), anything else
// (a command, the main menu) sends a new message. A new message sent for a
// press (the main menu's 👛 📜 ⏳ 📊 ⚙️, /pending's cards) is that press's
// effect: a double tap is answered with a toast, not sent again (press-repeat.ts).
import { GrammyError, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { CB_PREFIX } from './callback-data.js';
import { rowsOf } from '../../presentation/keyboard.js';
import { pressTaken } from '../runtime/press-repeat.js';

export type View = { text: string; keyboard?: InlineKeyboard };

// Telegram refuses messages over 4096 characters; long lists are cut with a marker.
const MAX_TEXT = 4000;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

export function fromOwnButton(ctx: BotContext): boolean {
  return Boolean(ctx.callbackQuery?.message && ctx.callbackQuery.data?.startsWith(`${CB_PREFIX}:`));
}

export async function show(ctx: BotContext, view: View): Promise<void> {
  await showChanged(ctx, view);
}

/** As show; false when the pressed message already showed exactly this view (Telegram: "not modified"). */
export async function showChanged(ctx: BotContext, view: View): Promise<boolean> {
  const text = clip(view.text);
  const pressed = ctx.callbackQuery?.message;
  if (pressed && fromOwnButton(ctx)) {
    try {
      await ctx.editMessageText(text, { reply_markup: new InlineKeyboard(view.keyboard ? rowsOf(view.keyboard) : []) });
    } catch (e) {
      // A second press on the same button re-renders the same screen.
      if (!(e instanceof GrammyError && e.description.includes('message is not modified'))) throw e;
      return false;
    }
    return true;
  }
  await say(ctx, text, view.keyboard);
  return true;
}

/** Always a new message (prompts, results that should stay in the chat history). */
export async function say(ctx: BotContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  // Without empty rows: a list laid out in a loop may leave its last row open and empty.
  await ctx.reply(clip(text), keyboard ? { reply_markup: { inline_keyboard: rowsOf(keyboard) } } : {});
  if (ctx.callbackQuery) pressTaken(ctx, 'view-shown-twice');
}
