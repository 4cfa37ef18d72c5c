// Which bot message is the card of which entry, per chat: an edited quick
// entry (`edited_message`) finds its card to edit it. Kept in bot_sessions
// (key `card:<chat>:<person's message id>`) through the bot's key/value adapter.
import type { CoreDeps } from '../../domain/index.js';
import { messageStore } from '../runtime/storage.js';

export type CardRef = { transactionId: number; cardMessageId: number };

export function cardStore(deps: CoreDeps) {
  return messageStore<CardRef>(deps, 'card');
}
