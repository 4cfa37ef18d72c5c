// The one callback-data codec lives in src/presentation (the jobs encode their buttons with it too).
export * from '../../presentation/callback-data.js';
