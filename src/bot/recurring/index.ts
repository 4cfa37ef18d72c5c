// Recurring rules: /recurring (list, add, stop).
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { addRuleConversation, ADD_RULE_CONVERSATION } from './add-rule.js';
import { registerRecurring, showRecurring } from './recurring.js';

export const recurringConversations = [createConversation<BotContext, ConversationContext>(addRuleConversation, { id: ADD_RULE_CONVERSATION })];

export const recurringFeature = conceptFeature(registerRecurring, { recurring: showRecurring });
