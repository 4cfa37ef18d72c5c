// Transactions: recording (quick entry, the expense/income/transfer
// conversation), the card under a recorded entry, and /undo.
import type { BotContext } from '../context.js';
import { startTransaction } from '../menu/main-menu.js';
import { requireFamily } from '../runtime/guards.js';
import { quickButtonsFeature } from './card-buttons.js';
import { TX_KINDS, type TxKind } from './conversation.js';
import { undoFeature } from './undo.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export { quickEntryFeature } from './quick-entry.js';
export { isClearQuickEntry, parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';
export { transactionConversation, TX_CONVERSATION, type TxKind } from './conversation.js';

/** Undo and the card's buttons; quick entry is registered separately, last among text handlers. */
export const transactionsFeature = new FlatComposer<BotContext>();
transactionsFeature.use(undoFeature);
// /expense, /income, /transfer: the guided flow in one message (the menu's buttons take two steps).
// In a group these are the group's own (groups/commands.ts: a conversation of the sender's).
transactionsFeature.chatType('private').command([...TX_KINDS], async (ctx) => {
  if (!(await requireFamily(ctx))) return;
  await startTransaction(ctx, ctx.msg.text.slice(1).split(/[@\s]/)[0] as TxKind);
});
transactionsFeature.use(quickButtonsFeature);
