// Starting a flow from a button (the menu's ➖ Expense, a wallet's ➕ Add, a
// budget, a setting) or a file leaves the flow already open, as a command
// does, and says so: a draft is never dropped without a word.
// It also marks the press as starting a flow, so a double tap asks once (runtime/press-repeat.ts).
import type { BotContext } from '../context.js';
import { flowStarting } from '../runtime/press-repeat.js';

export async function leaveOpenFlows(ctx: BotContext): Promise<void> {
  flowStarting(ctx);
  const open = Object.keys(ctx.conversation.active()).length > 0;
  await ctx.conversation.exitAll();
  if (open) await ctx.reply(ctx.t('conv-left'));
}
