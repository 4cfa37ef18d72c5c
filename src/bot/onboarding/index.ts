// Onboarding: /start (new person, invite deep link, returning person) and the family setup conversation.
export { createOnboardingFeature, onboardingConversation, ONBOARDING_CONVERSATION } from './onboarding.js';
