// The one card of an entry lives in src/presentation (the notifications send it too).
export * from '../../presentation/card.js';
