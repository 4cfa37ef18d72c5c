// The storage and ordering key of an update. In a private chat it is the chat;
// in a group it is the chat and the person writing, so two people entering at
// once in one group each have their own session and conversation and never
// answer each other's questions.
import type { Context } from 'grammy';

export function chatScopeKey(ctx: Pick<Context, 'chat' | 'from'>): string | undefined {
  const chat = ctx.chat;
  if (chat && chat.type !== 'private' && ctx.from) return `${chat.id}:${ctx.from.id}`;
  return (chat?.id ?? ctx.from?.id)?.toString();
}
