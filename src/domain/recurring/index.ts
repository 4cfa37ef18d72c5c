// Scheduled work of the core: recurring rules and approval reminders.
export * from './dates.js';
export * from './rules.js';
export * from './run.js';
export * from './reminders.js';
export * from './unpaid.js';
