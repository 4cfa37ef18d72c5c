// Recurring rules: /recurring (list, add, stop), and paying or skipping an entry that could not be paid.
import type { BotContext } from '../context.js';
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { addRuleConversation, ADD_RULE_CONVERSATION } from './add-rule.js';
import { registerRecurring, showRecurring } from './recurring.js';
import { unpaidRecurringFeature } from './unpaid.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export const recurringConversations = [defineConversation(addRuleConversation, ADD_RULE_CONVERSATION)];

export const recurringFeature = new FlatComposer<BotContext>();
recurringFeature.use(conceptFeature(registerRecurring, { recurring: showRecurring }));
recurringFeature.use(unpaidRecurringFeature);
