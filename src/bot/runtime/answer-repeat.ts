// A typed answer that arrives twice: the client sends the message again, or the
// person taps send twice. The first copy answers the question; the second would
// answer the next question, or (the flow being over) be recorded as a quick entry,
// a silent third thing. So the text a waiting conversation took as its answer is
// remembered in the chat's session for a short while, and the very next message,
// when it is the same text within ANSWER_REPEAT_WINDOW_MS, is its repeat: the bot
// says so briefly and nothing else sees it. Anything else (and the repeat itself)
// forgets the answer, so the same text sent on purpose once more is taken.
//
// It watches from outside the conversations, so their replay logs stay as they
// were (no CONVERSATION_STATE_VERSION bump): installed before them, it asks
// afterwards whether one took the message (conversation-taken.ts).
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';
import { takenByConversation } from './conversation-taken.js';

/** How soon after an answer the same text counts as its repeat. */
export const ANSWER_REPEAT_WINDOW_MS = 10_000;

/** What the bot shows of the repeated text. */
const SHOWN_CHARS = 40;

export function answerRepeats(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.chat) return next();
    const message = ctx.message;
    const text = message?.text;
    // Only a typed message of the person's own can repeat an answer: commands and forwards never do, and
    // anything in between (a press, a photo, an edit) makes the same text afterwards a message of its own.
    if (!message || text === undefined || message.forward_origin !== undefined || text.startsWith('/')) {
      if (ctx.session.answer) delete ctx.session.answer;
      return next();
    }
    const last = ctx.session.answer;
    const now = ctx.app.deps.clock();
    if (last) {
      delete ctx.session.answer;
      // The same message handled again (redelivered) is not its own repeat.
      if (last.text === text && last.messageId !== message.message_id && now - last.at <= ANSWER_REPEAT_WINDOW_MS) {
        const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
        await ctx.reply(ctx.t('conv-answer-repeated', { text: shown }), { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });
        return;
      }
    }
    const waiting = Object.keys(ctx.conversation.active()).length > 0;
    await next();
    if (waiting && takenByConversation(ctx)) ctx.session.answer = { text, at: now, messageId: message.message_id };
  };
}
