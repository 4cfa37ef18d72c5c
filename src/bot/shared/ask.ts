// Asking one question inside a conversation: send a prompt with buttons, then
// wait for the answer. Shared by the onboarding and transaction conversations.
//
// - A press on this prompt's buttons (callback data `<prefix>:…`) is the answer;
//   the prompt loses its keyboard so old buttons cannot be pressed again.
// - A press on an older prompt of the same conversation is answered "outdated".
// - Any other button (main menu, approvals, quick-entry buttons) is skipped with
//   `next`, so it keeps working outside the conversation while this one waits.
// - /cancel is an answer; any other command leaves the conversation (after
//   saying so) and then runs as usual.
import type { Conversation } from '@grammyjs/conversations';
import type { InlineKeyboard } from 'grammy';
import type { BotContext, ConversationContext } from '../context.js';

export type Convo = Conversation<BotContext, ConversationContext>;

export type Answer =
  | { type: 'button'; action: string; arg: string; ctx: ConversationContext }
  | { type: 'text'; text: string; ctx: ConversationContext }
  | { type: 'cancel'; ctx: ConversationContext };

export type Prompt = { text: string; keyboard?: InlineKeyboard };

async function dropKeyboard(ctx: ConversationContext, chatId: number, messageId: number): Promise<void> {
  // A failed cleanup (message too old, already edited) must not end the conversation.
  await ctx.api.editMessageReplyMarkup(chatId, messageId).catch(() => undefined);
}

export async function ask(conversation: Convo, ctx: ConversationContext, prefix: string, prompt: Prompt): Promise<Answer> {
  const sent = await ctx.reply(prompt.text, prompt.keyboard ? { reply_markup: prompt.keyboard } : {});
  const chatId = sent.chat.id;
  for (;;) {
    const next = await conversation.wait();
    const query = next.callbackQuery;
    if (query) {
      const data = query.data ?? '';
      if (!data.startsWith(`${prefix}:`)) await conversation.skip({ next: true });
      if (query.message?.message_id !== sent.message_id) {
        await next.answerCallbackQuery({ text: next.t('conv-outdated') });
        continue;
      }
      await next.answerCallbackQuery();
      await dropKeyboard(next, chatId, sent.message_id);
      const [, action = '', ...rest] = data.split(':');
      if (action === 'x') return { type: 'cancel', ctx: next };
      return { type: 'button', action, arg: rest.join(':'), ctx: next };
    }
    const text = next.message?.text;
    if (text === undefined) {
      await next.reply(next.t('conv-use-text-or-buttons'));
      continue;
    }
    if (text.startsWith('/')) {
      await dropKeyboard(next, chatId, sent.message_id);
      if (/^\/cancel(@\w+)?\b/.test(text)) return { type: 'cancel', ctx: next };
      // Another command: the draft is dropped and the command runs as usual.
      await next.reply(next.t('conv-left'));
      await conversation.halt({ next: true });
    }
    if (prompt.keyboard) await dropKeyboard(next, chatId, sent.message_id);
    return { type: 'text', text, ctx: next };
  }
}

/** Back / Cancel (and optionally Skip) buttons under a prompt. */
export function navRow(kb: InlineKeyboard, t: ConversationContext['t'], prefix: string, opts: { back?: boolean; skip?: boolean } = {}): InlineKeyboard {
  kb.row();
  if (opts.skip) kb.text(t('conv-skip'), `${prefix}:s`);
  if (opts.back) kb.text(t('conv-back'), `${prefix}:b`);
  return kb.text(t('conv-cancel'), `${prefix}:x`);
}
