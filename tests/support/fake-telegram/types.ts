import type { Chat, Message, Update, User } from 'grammy/types';

/** Parameters of one Bot API call, after decoding JSON, form or multipart bodies. */
export type ApiParams = Record<string, unknown>;

/** A file part of a multipart upload, as recorded in `ApiCall.params` in place of `attach://…`. */
export interface UploadRef {
  filename: string;
  size: number;
}

/** A file part of a multipart upload with its content. */
export interface UploadedFile extends UploadRef {
  /** Name of the multipart field that carried the file. */
  field: string;
  /** Top-level API parameter that referenced this file (`document` for sendDocument), if any. */
  param?: string;
  contentType: string;
  data: Buffer;
}

/** One recorded Bot API call. */
export interface ApiCall {
  method: string;
  params: ApiParams;
  /** `Date.now()` when the request was handled. */
  at: number;
  /** Files uploaded with this call (multipart only), with their bytes. */
  uploads: UploadedFile[];
  /** HTTP method and transport the call arrived with. */
  via: 'json' | 'form' | 'multipart' | 'query' | 'webhook-reply';
  /** Set when the fake answered with an error (injected or validation). */
  error?: ApiErrorBody;
}

/** The `parameters` object of an error response. */
export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** An error as Telegram returns it. */
export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

export interface FakeUserInit {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
}

export interface FakeGroupInit {
  /** Negative id, e.g. -1001234567890 for a supergroup. */
  id: number;
  title: string;
  type?: 'group' | 'supergroup';
  /** The bot's status in it (default 'member'); 'left' for a group the bot is added to later with `tg.groups.addBot`. */
  bot?: 'member' | 'administrator' | 'left' | 'kicked';
}

export interface StartFakeTelegramOptions {
  token?: string;
  /** Default 0 (a free port). Always listens on 127.0.0.1. */
  port?: number;
  /** Bot user id, default 7000000001. */
  botId?: number;
  /** Webhook delivery: attempts per update before it is dropped (default 3). */
  webhookMaxAttempts?: number;
  /** Webhook delivery: delay between attempts (default 100 ms). */
  webhookRetryDelayMs?: number;
  /** Webhook delivery: per-request timeout (default 10 000 ms). */
  webhookTimeoutMs?: number;
}

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** Also consider what already happened before the wait started. Default false. */
  includeExisting?: boolean;
}

export type MessageMatcher = string | RegExp | ((message: Message) => boolean);

/** Record of one webhook POST attempt. */
export interface WebhookDelivery {
  update_id: number;
  url: string;
  attempt: number;
  /** HTTP status, or 0 when the connection failed. */
  status: number;
  error?: string;
  at: number;
}

/** Events emitted by the fake (`server.events`). */
export interface FakeTelegramEvents {
  /** A call arrived (before it is answered; a held getUpdates emits this at once). */
  request: [call: ApiCall];
  /** A call was answered (`call.error` is set for error answers). */
  call: [call: ApiCall];
  message: [chatId: number, message: Message];
  edit: [chatId: number, message: Message];
  delete: [chatId: number, messageId: number];
  update: [update: Update];
  /** An update was confirmed by getUpdates offset or a 2xx webhook response. */
  confirmed: [updateId: number];
  webhook: [delivery: WebhookDelivery];
}

export type { Chat, Message, Update, User };
