// Budgets: /budgets (this month's budgets; add, change, remove).
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { budgetConversation, BUDGET_CONVERSATION } from './budget-edit.js';
import { registerBudgets, showBudgets } from './budgets.js';

export { showBudgets };

export const budgetsConversations = [defineConversation(budgetConversation, BUDGET_CONVERSATION)];

export const budgetsFeature = conceptFeature(registerBudgets, { budgets: showBudgets });
