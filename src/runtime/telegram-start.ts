// Reaching Telegram at start. grammY's first call (getMe) waits for the HTTP
// client's timeout on a network that drops packets, with nothing in the log.
// Instead: say at once where we connect, try getMe with a short timeout, and
// retry with exponential backoff (1 s … 60 s) while Telegram is unreachable; a
// token Telegram refuses (401/404) is a configuration mistake: one sentence,
// no stack trace, no retry.
import type { Api, Bot, Context, GrammyError } from 'grammy';
import type { Logger } from '../logger.js';

export class TelegramTokenError extends Error {
  override name = 'TelegramTokenError';
}

/**
 * Telegram ended the bot's polling for good while it ran: the token was revoked (401/404) or another
 * program takes this bot's updates (409). The process stops, saying so in one sentence (exit 78).
 */
export function pollingRefusal(err: unknown): TelegramTokenError | undefined {
  if (!isGrammyError(err)) return undefined;
  const refused = tokenRefusal(err.error_code, err.description);
  if (refused) return refused;
  if (err.error_code === 409) {
    return new TelegramTokenError(
      `Telegram says another program receives this bot's updates (409 ${err.description}): another finance-bot, or another program ` +
        'with the same BOT_TOKEN, polls it or has set a webhook. Run one finance-bot per BOT_TOKEN (stop the other one, or give each its own bot).',
    );
  }
  return undefined;
}

/** A Bot API answer that refuses the token itself (401, or 404 for a token it does not know), said in one sentence. */
export function tokenRefusal(code: number, description: string): TelegramTokenError | undefined {
  if (code !== 401 && code !== 404) return undefined;
  return new TelegramTokenError(
    `Telegram refused BOT_TOKEN (${code} ${description}) while the bot was running: the token was revoked or replaced in @BotFather. ` +
      'Copy the current token from @BotFather (/mybots → your bot → API Token) into BOT_TOKEN and start again.',
  );
}

/** Telegram refused WEBHOOK_URL at setWebhook: a configuration problem, said in one sentence (exit 78). */
export class TelegramWebhookError extends Error {
  override name = 'TelegramWebhookError';
}

/**
 * What a failed setWebhook becomes: Telegram's refusal of the address (a 4xx answer: a host it cannot
 * resolve, a certificate it does not trust, a port it does not post to) names WEBHOOK_URL and the reason;
 * anything else (Telegram unreachable) stays as it was.
 */
export function webhookRefusal(url: string, err: unknown): unknown {
  if (!isGrammyError(err) || err.error_code < 400 || err.error_code >= 500 || err.error_code === 429) return err;
  return new TelegramWebhookError(
    `Telegram refused WEBHOOK_URL ${url} (${err.error_code} ${err.description}). It must be a public https:// address Telegram can reach, ` +
      'on port 443, 80, 88 or 8443, with a certificate from a trusted authority, whose path is the webhook route of this app.',
  );
}

export type TelegramStartOptions = {
  apiRoot: string;
  attemptTimeoutMs?: number;
  maxDelayMs?: number;
  /** Resolves when waiting should end early (the app is stopping). */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted when the app is stopping: the retries end (StartAborted) instead of waiting up to a minute. */
  signal?: AbortSignal;
};

/** The start was called off by a stop signal while Telegram was still being reached. */
export class StartAborted extends Error {
  constructor() {
    super('The start was stopped before Telegram answered');
    this.name = 'StartAborted';
  }
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * grammY's error for an answer with `ok: false`, known by its name and code:
 * this module is loaded in every role (cli.ts, app.ts) and must not load grammY.
 */
function isGrammyError(err: unknown): err is GrammyError {
  return err instanceof Error && err.name === 'GrammyError' && typeof (err as Partial<GrammyError>).error_code === 'number';
}

/** Sets bot.botInfo once Telegram answers getMe; throws TelegramTokenError for a refused token. */
export async function reachTelegram<C extends Context>(bot: Bot<C>, log: Logger, o: TelegramStartOptions): Promise<void> {
  const sleep = o.sleep ?? ((ms: number) => pause(ms, o.signal));
  const maxDelay = o.maxDelayMs ?? 60_000;
  log.info({ apiRoot: o.apiRoot }, 'connecting to Telegram');
  for (let attempt = 1, delay = 1000; ; attempt++, delay = Math.min(delay * 2, maxDelay)) {
    try {
      // grammY types its signal with the abort-controller polyfill's class; the platform's is what it uses.
      if (o.signal?.aborted) throw new StartAborted();
      const timeout = AbortSignal.timeout(o.attemptTimeoutMs ?? 10_000);
      const signal = (o.signal ? AbortSignal.any([timeout, o.signal]) : timeout) as unknown as Parameters<Api['getMe']>[0];
      bot.botInfo = await bot.api.getMe(signal);
      if (attempt > 1) log.info({ attempt }, 'Telegram reachable');
      return;
    } catch (err) {
      if (isGrammyError(err) && (err.error_code === 401 || err.error_code === 404)) {
        throw new TelegramTokenError(
          `Telegram refused BOT_TOKEN (${err.error_code} ${err.description}). Copy the token again from @BotFather (/mybots → your bot → API Token) into BOT_TOKEN.`,
        );
      }
      if (o.signal?.aborted) throw new StartAborted();
      const reason = err instanceof Error ? err.message : String(err);
      log.warn({ attempt, retryInMs: delay, reason, apiRoot: o.apiRoot }, 'Telegram is not reachable; retrying');
      await sleep(delay);
    }
  }
}
