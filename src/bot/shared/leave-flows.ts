// Starting a flow from a button (the menu's ➖ Expense, a wallet's ➕ Add, a
// budget, a setting) or a file leaves the flow already open, as a command
// does, and says so: a draft is never dropped without a word.
import type { BotContext } from '../context.js';

export async function leaveOpenFlows(ctx: BotContext): Promise<void> {
  const open = Object.keys(ctx.conversation.active()).length > 0;
  await ctx.conversation.exitAll();
  if (open) await ctx.reply(ctx.t('conv-left'));
}
