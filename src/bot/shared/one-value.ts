// A one-question conversation: ask for one value (typed, or one of the
// prompt's buttons `<prefix>:v:<value>`), give it to one core call, and either
// show the result or explain the refusal and ask again. Settings (currency,
// approval limit, time zone) and renaming a wallet are made of it. A question
// about a family ends, with a clear word, at an answer from someone no longer in it.
import type { InlineKeyboardButton } from 'grammy/types';
import { isDomainError } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { ask, askAbout, type Convo } from './ask.js';
import { errorText } from './replies.js';

export type Rows = InlineKeyboardButton[][];
/** `familyId`: the family the question is about; an answer from someone no longer in it ends the question (ask.ts's askAbout). */
export type Question = { prompt: string; keyboard?: Rows; familyId?: number } | { refused: string };
/** A refusal asks again, unless it is `final` (nothing left to ask: the person is no longer in the family). */
export type Outcome = { ok: true; text: string; keyboard?: Rows } | { ok: false; text: string; final?: boolean };

export type OneValue = {
  prefix: string;
  /** An amount is asked: "12 bus" answers it instead of being a quick entry. */
  amountStep?: boolean;
  /** The prompt (or why this person may not change it), read from the outer context. */
  question(outer: BotContext): Question;
  /** The core call; a DomainError it throws is explained and the question asked again. */
  apply(outer: BotContext, value: string): Outcome;
};

export function cancelRow(t: ConversationContext['t'], prefix: string): Rows {
  return [[{ text: t('manage-cancel'), callback_data: `${prefix}:x` }]];
}

export async function askOneValue(conversation: Convo, ctx: ConversationContext, o: OneValue): Promise<void> {
  const q = await conversation.external((outer) => o.question(outer));
  if ('refused' in q) {
    await ctx.reply(q.refused);
    return;
  }
  // Set on every replay, as the other flows do: an answer from someone removed (or gone) meanwhile is told so.
  if (q.familyId !== undefined) askAbout(conversation, q.familyId);
  let notice = '';
  for (;;) {
    const keyboard = [...(q.keyboard ?? []), ...cancelRow(ctx.t, o.prefix)];
    const answer = await ask(conversation, ctx, o.prefix, { text: notice ? `${notice}\n\n${q.prompt}` : q.prompt, keyboard }, { amountStep: o.amountStep ?? false });
    if (answer.type === 'cancel') {
      await ctx.reply(ctx.t('manage-cancelled'));
      return;
    }
    const value = answer.type === 'text' ? answer.text.trim() : answer.action === 'v' ? answer.arg : undefined;
    if (value === undefined) {
      notice = ctx.t('manage-use-buttons');
      continue;
    }
    const outcome = await conversation.external((outer): Outcome => {
      try {
        return o.apply(outer, value);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return { ok: false, text: errorText(outer, e, value) };
      }
    });
    if (outcome.ok) {
      await ctx.reply(outcome.text, outcome.keyboard ? { reply_markup: { inline_keyboard: outcome.keyboard } } : {});
      return;
    }
    if (outcome.final) {
      await ctx.reply(outcome.text);
      return;
    }
    notice = outcome.text;
  }
}
