// Structured logs with pino. Secrets are redacted by path, and every log
// argument is scrubbed deeply (log-scrub.ts), so that a token, a password, a
// code or a cookie that reaches a log call by accident never reaches the output.
import { destination, pino, type DestinationStream, type Logger } from 'pino';
import { scrub } from './log-scrub.js';

export type { Logger };

export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'jwt_token',
  '*.jwt_token',
  // `code` is scrubbed by value in log-scrub.ts: a binding code goes, an error code (FST_ERR_…, not_found) stays.
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'ticket',
  '*.ticket',
  'req.headers["x-signature"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'config.secrets',
  'config.bot.token',
];

/**
 * Standard output, written synchronously (as console.log writes to a pipe or a
 * file). pino's default is an asynchronous buffer flushed when the process
 * exits, and that flush (sonic-boom's flushSync) retries a write that fails with
 * EPIPE every 100 ms for ever: with its log reader gone (a pipe whose reader
 * died, a closed socket) the app never exited, SIGTERM or not. A synchronous
 * write that fails with EPIPE makes pino drop later lines instead. The app logs
 * a few lines per minute, none per request or update, so a write per line
 * costs nothing measurable.
 */
export function createLogger(options: { level: string; destination?: DestinationStream } = { level: 'info' }): Logger {
  const opts = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'finance-bot' },
    // Paths cannot reach everything (an error carrying the request, a raw packet, a token inside a
    // message): every argument of every log call is scrubbed by key and by shape (see log-scrub.ts).
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        // A bare error keeps pino's convention of living under `err`.
        method.apply(this, args.map((a, i) => (i === 0 && a instanceof Error ? { err: scrub(a) } : scrub(a))));
      },
    },
  };
  return pino(opts, options.destination ?? destination({ dest: 1, sync: true }));
}

/**
 * `parent.child(bindings)`, made when it is first used. The bot gives every
 * update a logger carrying its update_id, and almost no update logs anything:
 * pino's child() serializes and redacts its bindings when it is made, which
 * cost ~1 % of a quick entry's CPU and ~10 KB of allocation, for a logger
 * that was then dropped unused.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const made = () => (child ??= parent.child(bindings));
  return new Proxy(parent, {
    get(_target, key) {
      const c = made();
      const value: unknown = Reflect.get(c, key, c);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(c) : value;
    },
    set(_target, key, value) {
      return Reflect.set(made(), key, value);
    },
    has(_target, key) {
      return Reflect.has(made(), key);
    },
  });
}
