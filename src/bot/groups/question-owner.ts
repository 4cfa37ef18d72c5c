// Whose question is this? In a group each person has their own conversation
// (keys.ts), and the bot's question answers their message. Telegram shows the
// message a reply quotes, but not what that one answered, so a reply under
// Mia's "How much did you spend?" does not say it is Mia's question: the
// question remembers whom it asks when it is sent (shared/ask.ts), and the gate
// tells anyone else who replies to it that it is not theirs (it is neither
// their answer nor their entry).
import type { CoreDeps } from '../../domain/index.js';
import { messageStore } from '../runtime/storage.js';

export type QuestionOwner = { userId: number; name: string };

/** Questions asked in groups, by the bot's message (key `askedof:<chat>:<message>`). */
export function questionOwners(deps: CoreDeps) {
  return messageStore<QuestionOwner>(deps, 'askedof');
}
