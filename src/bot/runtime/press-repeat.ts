// A button pressed twice: a double tap reaches the bot as two callback queries on
// the same message before the first answer changed the screen. The first press
// starts a flow (the menu's ➖ Expense, Add wallet, Rename, a setting) or answers a
// question (up to the last ✅ Save); the second one would start the flow again
// (a second question and "The draft was dropped") or, the first having taken the
// prompt's buttons away, be told "This button is out of date" right after the
// entry was saved. So a press that a conversation took, or that started one
// (shared/leave-flows.ts marks it), is remembered in the chat's session for a short while; the very next update,
// when it is the same button of the same message pressed by the same person within
// PRESS_REPEAT_WINDOW_MS, is its repeat: a quiet toast answers it and nothing
// else sees it. Any other update forgets the press, so pressing the button again
// on purpose later works as before. A redelivered query (the same id) is no repeat.
//
// Installed before the conversations (a waiting one would answer an older
// prompt's button "out of date"); conversation-taken.ts tells what they consumed.
// A button that acts at once with an effect a second tap must not repeat (the
// export's file, a chart, a screen sent as a new message: shared/view.ts's say)
// calls pressTaken() with its own words for the second tap. Other buttons that
// act without a question (confirmations, cards) have their own answers for a
// second press (e.g. "already stopped").
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';
import { takenByConversation } from './conversation-taken.js';

/** How soon after a press the same press counts as its repeat. */
export const PRESS_REPEAT_WINDOW_MS = 10_000;

/** Updates that started a flow (shared/leave-flows.ts, the one way a button starts one). */
const started = new WeakSet<BotContext>();

/** This update starts a flow: a second tap on the same button asks nothing again. */
export function flowStarting(ctx: BotContext): void {
  started.add(ctx);
}

/** Presses whose handler asked for their repeat to be recognised, with the toast's message key. */
const taken = new WeakMap<BotContext, string>();

/** This press had its effect (a file sent): a second tap on the same button is answered with message `key`. */
export function pressTaken(ctx: BotContext, key: string): void {
  taken.set(ctx, key);
}

export function pressRepeats(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.chat) return next();
    const last = ctx.session.press;
    if (last) delete ctx.session.press;
    const query = ctx.callbackQuery;
    const messageId = query?.message?.message_id;
    const data = query?.data;
    if (!query || messageId === undefined || data === undefined) return next();
    const now = ctx.app.deps.clock();
    if (last && last.id !== query.id && last.from === query.from.id && last.messageId === messageId && last.data === data && now - last.at <= PRESS_REPEAT_WINDOW_MS) {
      await ctx.answerCallbackQuery({ text: ctx.t(last.say ?? 'conv-press-repeated') }).catch(() => undefined);
      return;
    }
    await next();
    const consumed = takenByConversation(ctx);
    const say = taken.get(ctx);
    if (say !== undefined) ctx.session.press = { id: query.id, from: query.from.id, messageId, data, at: now, say };
    else if (consumed || started.has(ctx)) ctx.session.press = { id: query.id, from: query.from.id, messageId, data, at: now };
  };
}
