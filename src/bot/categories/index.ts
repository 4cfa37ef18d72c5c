// Categories: /categories (add, rename, emoji, archive).
import { defineConversation } from '../runtime/conversation-registry.js';
import { conceptFeature } from '../shared/concept-feature.js';
import { categoryConversation, CATEGORY_CONVERSATION } from './category-edit.js';
import { registerCategories, showCategories } from './categories.js';

export const categoriesConversations = [defineConversation(categoryConversation, CATEGORY_CONVERSATION)];

export const categoriesFeature = conceptFeature(registerCategories, { categories: showCategories });
