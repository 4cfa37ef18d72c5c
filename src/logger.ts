// Structured logs with pino. Secrets are redacted by path so that a token or a
// password that reaches a log call by accident never reaches the output.
import { pino, type DestinationStream, type Logger } from 'pino';

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
  'code',
  '*.code',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-signature"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'config.secrets',
  'config.bot.token',
];

export function createLogger(options: { level: string; destination?: DestinationStream } = { level: 'info' }): Logger {
  const opts = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'finance-bot' },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}
