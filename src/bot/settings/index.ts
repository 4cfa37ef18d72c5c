// Settings: /settings (language; the family's currency, approval limit, time zone) and /link.
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { showLink } from './link.js';
import { registerSettings, settingsConversation, showSettings, SETTINGS_CONVERSATION } from './settings.js';

export { showSettings };

export const settingsConversations = [createConversation<BotContext, ConversationContext>(settingsConversation, { id: SETTINGS_CONVERSATION })];

export const settingsFeature = conceptFeature(registerSettings, { settings: showSettings, link: showLink });
