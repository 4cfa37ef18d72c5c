// A family's Telegram group (#13): link, settings, join requests, who is writing.
export * from './links.js';
export * from './settings.js';
export * from './join-requests.js';
export * from './actor.js';
export * from './summary.js';
export * from './summary-day.js';
