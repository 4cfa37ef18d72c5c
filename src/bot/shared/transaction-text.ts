// The one transaction renderer lives in src/presentation (the notifications render with it too).
export * from '../../presentation/transaction-text.js';
