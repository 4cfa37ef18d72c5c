// Settings: /settings (language; the family's currency, approval limit, time zone) and /link.
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { showLink } from './link.js';
import { registerSettings, settingsConversation, showSettings, SETTINGS_CONVERSATION } from './settings.js';

export { showSettings };

export const settingsConversations = [defineConversation(settingsConversation, SETTINGS_CONVERSATION)];

export const settingsFeature = conceptFeature(registerSettings, { settings: showSettings, link: showLink });
