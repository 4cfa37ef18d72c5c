// Budgets: /budgets (this month's budgets; add, change, remove).
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { budgetConversation, BUDGET_CONVERSATION } from './budget-edit.js';
import { registerBudgets, showBudgets } from './budgets.js';

export { showBudgets };

export const budgetsConversations = [createConversation<BotContext, ConversationContext>(budgetConversation, { id: BUDGET_CONVERSATION })];

export const budgetsFeature = conceptFeature(registerBudgets, { budgets: showBudgets });
