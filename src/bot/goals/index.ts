// Goals: /goals (progress, monthly amount needed; add, remove).
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { goalConversation, GOAL_CONVERSATION } from './goal-add.js';
import { registerGoals, showGoals } from './goals.js';

export const goalsConversations = [defineConversation(goalConversation, GOAL_CONVERSATION)];

export const goalsFeature = conceptFeature(registerGoals, { goals: showGoals });
