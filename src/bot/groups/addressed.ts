// Was a group message meant for the bot? A command for it (`/e 50 coffee`,
// `/e@thisbot …`), a mention (`@thisbot 50 coffee`) or a reply to one of its
// messages is; anything else is the family talking among themselves, which the
// bot only reads (with privacy mode off) to pick up entries, never to answer.
import type { Context } from 'grammy';

export type Addressing =
  | { kind: 'command'; command: string; args: string }
  | { kind: 'mention'; text: string }
  | { kind: 'reply'; text: string }
  | { kind: 'plain'; text: string };

export function addressing(ctx: Context): Addressing | undefined {
  const message = ctx.message ?? ctx.editedMessage;
  const text = message?.text;
  if (!message || text === undefined) return undefined;
  const me = ctx.me.username.toLowerCase();
  const entities = message.entities ?? [];
  const first = entities[0];
  if (first?.type === 'bot_command' && first.offset === 0) {
    const [name = '', target] = text.slice(1, first.length).toLowerCase().split('@');
    if (target !== undefined && target !== me) return { kind: 'plain', text };
    return { kind: 'command', command: name, args: text.slice(first.length).trim() };
  }
  const mention = entities.find((e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me}`);
  if (mention) {
    const rest = `${text.slice(0, mention.offset)} ${text.slice(mention.offset + mention.length)}`.replace(/\s+/g, ' ').trim();
    return { kind: 'mention', text: rest };
  }
  if (message.reply_to_message?.from?.id === ctx.me.id) return { kind: 'reply', text };
  return { kind: 'plain', text };
}

/** Lets the text handlers downstream (quick entry) read the entry without the command or the mention. */
export function replaceText(ctx: Context, text: string): void {
  const message = ctx.message ?? ctx.editedMessage;
  if (!message) return;
  message.text = text;
  delete message.entities;
}
