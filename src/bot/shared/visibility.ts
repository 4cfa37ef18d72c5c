// Whether the chat an answer goes to may see wallet balances: a private chat
// always may; a group only when its family lets the group see balances and
// reports (the core's groupMaySeeBalances). Every text or button that can show
// a balance (the card, undo, a shortfall, wallet pickers) asks this first.
import { groupMaySeeBalances, readGroupSettings } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import type { CardTexts } from './transaction-text.js';

export function balancesVisible(ctx: BotContext): boolean {
  const chat = ctx.chat;
  if (chat?.type === 'private') return true;
  // A group (or a chat we cannot tell): balances only when the group's family allows them.
  const familyId = ctx.app?.familyId ?? null;
  if (!chat || familyId === null) return false;
  return groupMaySeeBalances(readGroupSettings(ctx.app.deps.db, familyId));
}

/**
 * Whether a view (/budgets, /goals, /history…) is read in the group itself: a group whose family lets it
 * see balances and reports. It is then read-only, its changes pointed to the private chat; otherwise
 * groups/commands.ts sends the view to the asker's private chat, where its buttons work as usual.
 */
export function viewInGroup(ctx: BotContext): boolean {
  return ctx.chat !== undefined && ctx.chat.type !== 'private' && balancesVisible(ctx);
}

/** The card renderer's texts for this chat: the reader's language, and balances only where the chat may see them. */
export function cardTexts(ctx: BotContext): CardTexts {
  return { t: ctx.t, locale: ctx.app.locale, balances: balancesVisible(ctx) };
}
