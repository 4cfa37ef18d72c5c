// Categories: /categories (add, rename, emoji, archive).
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { categoryConversation, CATEGORY_CONVERSATION } from './category-edit.js';
import { registerCategories, showCategories } from './categories.js';

export const categoriesConversations = [createConversation<BotContext, ConversationContext>(categoryConversation, { id: CATEGORY_CONVERSATION })];

export const categoriesFeature = conceptFeature(registerCategories, { categories: showCategories });
