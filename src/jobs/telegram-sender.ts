// The Bot API client jobs send through. grammY's Api alone (no Bot: jobs
// never receive updates) with auto-retry for 429 retry_after, plus a small
// semaphore so a fan-out to a large family goes out a few messages at a time
// instead of as a burst (Telegram's own advice over blind throttling).
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError } from 'grammy';
import { createGroupThrottle } from '../runtime/group-throttle.js';
import { telegramFetch } from '../runtime/telegram-http.js';
import { pollingRefusal } from '../runtime/telegram-start.js';

export type TelegramSender = {
  /** Runs one Bot API call; at most `concurrency` calls are in flight per process. */
  call<T>(fn: (api: Api) => Promise<T>): Promise<T>;
};

export type SenderOptions = {
  /** Calls in flight at once (default 3). */
  concurrency?: number;
  /** auto-retry: retries per call (default 3) and the longest retry_after honoured (default 60 s). */
  maxRetryAttempts?: number;
  maxDelaySeconds?: number;
  /**
   * Telegram refused BOT_TOKEN (401/404: revoked in @BotFather while running). Every later call
   * would be refused too: the process stops (see cli.ts) instead of failing each notification.
   */
  onTokenRefused?: (err: Error) => void;
};

/** A client for the bot's token (BOT_TOKEN) against Telegram's Bot API at `apiRoot`. */
export function createTelegramSender(token: string, apiRoot: string, options: SenderOptions = {}): TelegramSender {
  const api = new Api(token, { apiRoot, fetch: telegramFetch() });
  // Finite limits: a job that cannot send within about a minute fails and the
  // outbox retries it later with backoff, instead of blocking the worker. Network
  // errors are not retried here for the same reason.
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 3,
      maxDelaySeconds: options.maxDelaySeconds ?? 60,
      rethrowHttpErrors: true,
    }),
  );
  // Outermost: approval cards to a family group stay within ~20 new messages a minute per group.
  api.config.use(createGroupThrottle().transformer);
  const limit = semaphore(options.concurrency ?? 3);
  return {
    call: async (fn) => {
      try {
        return await limit(() => fn(api));
      } catch (err) {
        const refusal = err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404) ? pollingRefusal(err) : undefined;
        if (refusal) options.onTokenRefused?.(refusal);
        throw err;
      }
    },
  };
}

export function semaphore(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    // A finished call hands its slot straight to the next waiter, so a newcomer can never slip in between.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Errors that no retry can fix for this recipient: the person blocked the bot,
 * the chat is gone, the message to edit was deleted or already says the same.
 * The job records them and moves on to the next recipient.
 */
export function permanentTelegramError(err: unknown): string | undefined {
  if (!(err instanceof GrammyError)) return undefined;
  const d = err.description.toLowerCase();
  if (err.error_code === 403) return `403 ${err.description}`;
  if (err.error_code === 400) {
    const known = [
      'chat not found',
      'message is not modified',
      'message to edit not found',
      "message can't be edited",
      'message to be replied not found',
      'peer_id_invalid',
      'user is deactivated',
    ];
    if (known.some((k) => d.includes(k))) return `400 ${err.description}`;
  }
  return undefined;
}

export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.description.toLowerCase().includes('message is not modified');
}
