// Transactions: recording (quick entry, the expense/income/transfer
// conversation), the card under a recorded entry, and /undo.
import type { BotContext } from '../context.js';
import { quickButtonsFeature } from './card-buttons.js';
import { undoFeature } from './undo.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export { quickEntryFeature } from './quick-entry.js';
export { isClearQuickEntry, parseQuickEntry, type QuickEntry } from './quick-entry-grammar.js';
export { transactionConversation, TX_CONVERSATION, type TxKind } from './conversation.js';

/** Undo and the card's buttons; quick entry is registered separately, last among text handlers. */
export const transactionsFeature = new FlatComposer<BotContext>();
transactionsFeature.use(undoFeature);
transactionsFeature.use(quickButtonsFeature);
