// Web logins beside the bot: sessions with rotating refresh tokens, one-time
// codes that bind a Telegram chat to a login, and merging the two accounts.
export * from './sessions.js';
export * from './binding.js';
export { disconnectLogin, type Disconnect } from './connections.js';
export { recordFailedLogin, type FailedLogin } from './login-audit.js';
export * from './init-data.js';
export * from './miniapp-login.js';
export { mergeAccountsIn, type MergeDirection } from './merge.js';
export { normalizeCode, purposeKey, sha256Hex } from './secrets.js';
