/**
 * A fake Telegram Bot API server for end-to-end tests (node:http only).
 *
 *   const tg = await startFakeTelegram();
 *   const bot = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
 *   const alice = tg.user({ id: 1001, first_name: 'Alice' });
 *   alice.send('/start');
 *   await alice.waitForMessage(/Welcome/);
 *   const q = alice.press('Yes');
 *   await tg.waitForCallbackAnswer(q);
 *   ...
 *   await tg.close();
 */
import { FakeTelegram } from './fake-telegram/server.js';
import type { StartFakeTelegramOptions } from './fake-telegram/types.js';

export { DEFAULT_TOKEN, FakeTelegram } from './fake-telegram/server.js';
export { FakeUser } from './fake-telegram/user.js';
export { ApiError } from './fake-telegram/errors.js';
export { FakeGroups } from './fake-telegram/groups.js';
export type { ChatLimits, MemberStatus } from './fake-telegram/groups.js';
export { formatText } from './fake-telegram/format.js';
export type { StoredFile } from './fake-telegram/store.js';
export type { CallbackQueryRecord } from './fake-telegram/methods.js';
export type {
  ApiCall, ApiErrorBody, ApiParams, ApiResponse, FakeGroupInit, FakeTelegramEvents, FakeUserInit, MessageMatcher,
  ResponseParameters, StartFakeTelegramOptions, UploadedFile, UploadRef, WaitOptions, WebhookDelivery,
} from './fake-telegram/types.js';

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export function startFakeTelegram(options: StartFakeTelegramOptions = {}): Promise<FakeTelegram> {
  return FakeTelegram.start(options);
}

/** A 429 error body as Telegram sends it, for `failNext`. */
export function tooManyRequests(retryAfter = 1): { error_code: number; description: string; parameters: { retry_after: number } } {
  return { error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } };
}
