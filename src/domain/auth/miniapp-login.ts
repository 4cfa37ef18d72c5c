// Logging in from the Telegram Mini App: signed initData proves which
// Telegram user opened the app; that user's account (the one the bot made or
// the one the chat was bound to) gets a short session that ends when the
// initData would go stale. No account is created here: someone Telegram vouches
// for but who never talked to the bot is told to start the bot first.
import type { CoreDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import { findUserByChat } from '../users/users.js';
import { validateInitData, type InitDataUser } from './init-data.js';
import { startShortSession, type SessionMeta } from './sessions.js';

export type MiniAppLoginInput = {
  initData: string;
  botToken: string;
  /** How old initData may be (seconds); the session ends when it would be older. */
  maxAgeS: number;
  meta?: SessionMeta;
};

export type MiniAppLogin = {
  userId: number;
  sessionId: string;
  /** Epoch ms when the session ends (auth_date + maxAgeS). */
  sessionExpiresAt: number;
  telegramUser: InitDataUser;
  /** The account's language, else Telegram's, else null. */
  locale: string | null;
};

export function loginWithInitData(deps: CoreDeps, input: MiniAppLoginInput): MiniAppLogin {
  const data = validateInitData(input.initData, input.botToken, { nowMs: deps.clock(), maxAgeS: input.maxAgeS });
  // A private chat's id is its user's id: the bot's accounts are keyed by it.
  const user = findUserByChat(deps, data.user.id);
  if (!user) {
    throw new DomainError('unauthorized', 'Open the bot and send /start first, then open the app again', { field: 'init_data', reason: 'unknown_telegram_user' });
  }
  const session = startShortSession(deps, user.id, { expiresAt: (data.authDate + input.maxAgeS) * 1000, via: 'miniapp', ...(input.meta ? { meta: input.meta } : {}) });
  return { userId: user.id, sessionId: session.sessionId, sessionExpiresAt: session.expiresAt, telegramUser: data.user, locale: user.locale ?? data.user.languageCode };
}
