// Goals: /goals (progress, monthly amount needed; add, remove).
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { goalConversation, GOAL_CONVERSATION } from './goal-add.js';
import { registerGoals, showGoals } from './goals.js';

export const goalsConversations = [createConversation<BotContext, ConversationContext>(goalConversation, { id: GOAL_CONVERSATION })];

export const goalsFeature = conceptFeature(registerGoals, { goals: showGoals });
