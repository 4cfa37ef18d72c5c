import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, Update, UserFromGetMe } from 'grammy/types';
import { ApiError } from './errors.js';
import { FakeGroups } from './groups.js';
import { parseApiRequest, readBody, sendJson } from './http.js';
import { BotApi } from './methods.js';
import { stable } from './markup.js';
import { Store } from './store.js';
import type { StoredFile } from './store.js';
import type {
  ApiCall, ApiErrorBody, ApiParams, FakeGroupInit, FakeTelegramEvents, FakeUserInit, StartFakeTelegramOptions,
  UploadedFile, WaitOptions, WebhookDelivery,
} from './types.js';
import { UpdateHub } from './updates.js';
import { FakeUser } from './user.js';
import { truncate, waitWithTimeout } from './wait.js';

export const DEFAULT_TOKEN = '123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz';

/** A fake Telegram Bot API server on 127.0.0.1. Create it with `startFakeTelegram()`. */
export class FakeTelegram {
  readonly events = new EventEmitter<FakeTelegramEvents>();
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** @internal used by FakeUser */
  readonly store: Store;
  /** @internal used by FakeUser */
  readonly api: BotApi;
  /** Groups: members, the bot's membership, privacy mode, migration, pins, per-chat limits (groups.ts). */
  readonly groups: FakeGroups;
  private readonly hub: UpdateHub;
  private readonly server: Server;
  private readonly recorded: ApiCall[] = [];
  private readonly answered = new WeakSet<ApiCall>();
  private readonly faults = new Map<string, { error: ApiErrorBody; remaining: number }>();
  private readonly holds: Array<{
    method: string; predicate: (call: ApiCall) => boolean; taken: boolean; arrived: (call: ApiCall) => void; gate: Promise<void>; open: () => void;
  }> = [];
  private port = 0;
  private closed = false;

  private constructor(options: StartFakeTelegramOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.events.setMaxListeners(0);
    const botId = options.botId ?? (Number(/^(\d+):/.exec(this.token)?.[1]) || 7000000001);
    this.botInfo = {
      id: botId, is_bot: true, first_name: 'Finance Test Bot', username: 'finance_test_bot',
      can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
      can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false,
      allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false,
    };
    this.store = new Store({ id: botId, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username });
    this.hub = new UpdateHub(
      {
        webhookMaxAttempts: options.webhookMaxAttempts ?? 3,
        webhookRetryDelayMs: options.webhookRetryDelayMs ?? 100,
        webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
      },
      this.events,
      (body) => void this.webhookReply(body),
    );
    this.api = new BotApi(this.store, this.hub, this.botInfo, this.events);
    this.groups = new FakeGroups(this);
    this.api.register(this.groups.handlers());
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  /** @internal use startFakeTelegram() */
  static async start(options: StartFakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** `http://127.0.0.1:PORT`, for `new Bot(token, { client: { apiRoot } })`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ------------------------------------------------------------------ people and chats

  /** A person; their private chat with the bot has id = user id. Calling again with the same id returns the same person. */
  user(init: FakeUserInit): FakeUser {
    const user = { is_bot: false, ...init };
    this.store.users.set(user.id, user);
    const chat: Chat.PrivateChat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.last_name !== undefined) chat.last_name = user.last_name;
    if (user.username !== undefined) chat.username = user.username;
    this.store.addChat(chat);
    return new FakeUser(this, user, chat);
  }

  /** A group (the bot is in it unless `bot: 'left'`); people act in it with `alice.in(group)`, see groups.ts. */
  group(init: FakeGroupInit): Chat.GroupChat | Chat.SupergroupChat {
    const chat: Chat.GroupChat | Chat.SupergroupChat =
      init.type === 'supergroup' ? { id: init.id, type: 'supergroup', title: init.title } : { id: init.id, type: 'group', title: init.title };
    this.store.addChat(chat);
    this.groups.register(chat, init.bot ?? 'member');
    return chat;
  }

  // ------------------------------------------------------------------ updates

  /** Allocates the next update_id (use it to build updates for injectUpdate). */
  nextUpdateId(): number {
    return this.hub.nextUpdateId();
  }

  /** Queues (or POSTs to the webhook) an update as given, keeping its update_id. Returns the update_id. */
  injectUpdate(update: Update): number {
    this.hub.inject(structuredClone(update));
    return update.update_id;
  }

  /** Resolves when the update was confirmed: a getUpdates offset passed it, or the webhook answered 2xx. */
  waitForConfirmation(updateId: number, opts: WaitOptions = {}): Promise<void> {
    return waitWithTimeout<void>(
      opts.timeoutMs ?? 5000,
      (done) => {
        const listener = (id: number) => id === updateId && done();
        this.events.on('confirmed', listener);
        return () => this.events.off('confirmed', listener);
      },
      () => `Timed out waiting for update ${updateId} to be confirmed (pending updates: ${this.hub.pendingCount()})`,
    );
  }

  webhookDeliveries(): WebhookDelivery[] {
    return [...this.hub.deliveries];
  }

  webhookInfo(): Record<string, unknown> {
    return this.hub.webhookInfo();
  }

  // ------------------------------------------------------------------ calls

  /** Every Bot API call so far (optionally of one method), oldest first. */
  calls(method?: string): ApiCall[] {
    return this.recorded.filter((c) => method === undefined || c.method === method);
  }

  lastCall(method: string): ApiCall | undefined {
    return this.calls(method).at(-1);
  }

  /** The next `times` calls of `method` ('*' for any) answer with `error` instead of running. */
  failNext(method: string, error: ApiErrorBody, times = 1): void {
    if (times > 0) this.faults.set(method, { error, remaining: times });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Holds the next call of `method` (matching `predicate`) before it runs, as a slow Telegram would:
   * `reached` resolves with the call when it arrives, and it runs and is answered only after `release()`.
   * close() releases every hold.
   */
  holdNext(method: string, predicate: (call: ApiCall) => boolean = () => true): { reached: Promise<ApiCall>; release(): void } {
    let arrived!: (call: ApiCall) => void;
    let open!: () => void;
    const reached = new Promise<ApiCall>((resolve) => (arrived = resolve));
    const gate = new Promise<void>((resolve) => (open = resolve));
    this.holds.push({ method, predicate, taken: false, arrived, gate, open });
    return { reached, release: open };
  }

  /**
   * Resolves with the next call of `method` (matching `predicate`) once the fake has answered it.
   * With `includeExisting`, an earlier matching call resolves at once.
   */
  waitForCall(method: string, predicate: (call: ApiCall) => boolean = () => true, opts: WaitOptions = {}): Promise<ApiCall> {
    const existing = opts.includeExisting === true ? this.calls(method).find((c) => this.answered.has(c) && predicate(c)) : undefined;
    if (existing !== undefined) return Promise.resolve(existing);
    return waitWithTimeout(
      opts.timeoutMs ?? 5000,
      (done) => {
        const listener = (call: ApiCall) => call.method === method && predicate(call) && done(call);
        this.events.on('call', listener);
        return () => this.events.off('call', listener);
      },
      () => `Timed out waiting for a ${method} call. Recent calls:\n${this.describeCalls(12)}`,
    );
  }

  /** Parameters of answerCallbackQuery for a query id returned by `user.press()`, if answered. */
  callbackAnswer(callbackQueryId: string): ApiParams | undefined {
    return this.api.callbackQueries.get(callbackQueryId)?.answer;
  }

  waitForCallbackAnswer(callbackQueryId: string, opts: WaitOptions = {}): Promise<ApiParams> {
    const answered = this.callbackAnswer(callbackQueryId);
    if (answered !== undefined) return Promise.resolve(answered);
    return this.waitForCall('answerCallbackQuery', (c) => c.params['callback_query_id'] === callbackQueryId && c.error === undefined, opts)
      .then((c) => c.params);
  }

  /** A file the bot uploaded (or a person sent), by file_id, with its bytes. */
  file(fileId: string): StoredFile | undefined {
    return this.store.files.get(fileId);
  }

  /** Commands set with setMyCommands for a scope/language (default scope, no language by default). */
  commands(opts: { scope?: Record<string, unknown>; language_code?: string } = {}): BotCommand[] {
    return this.api.commands.get(`${stable(opts.scope ?? { type: 'default' })}|${opts.language_code ?? ''}`) ?? [];
  }

  describeCalls(n: number): string {
    const lines = this.recorded.slice(-n).map((c) => {
      const { text, chat_id, callback_query_id, offset } = c.params;
      const summary = stable({ chat_id, text, callback_query_id, offset });
      return `  ${c.method} ${truncate(summary, 100)}${c.error !== undefined ? ` → ${c.error.error_code} ${c.error.description}` : ''}`;
    });
    return lines.length > 0 ? lines.join('\n') : '  (none)';
  }

  // ------------------------------------------------------------------ lifecycle

  /** Forgets messages, calls, updates, faults, webhook, commands; people and chats stay registered. */
  reset(): void {
    this.hub.reset();
    this.api.reset();
    this.recorded.length = 0;
    this.faults.clear();
    for (const hold of this.holds.splice(0)) hold.open();
    for (const state of this.store.chats.values()) {
      state.messages = [];
      state.nextMessageId = 1;
      state.replyKeyboard = undefined;
      state.blocked = false;
    }
    this.store.files.clear();
    this.groups.reset();
  }

  /** Ends pending long polls and closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const hold of this.holds.splice(0)) hold.open();
    this.hub.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      setImmediate(() => this.server.closeAllConnections());
    });
    this.events.removeAllListeners();
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const file = /^\/file\/bot([^/]*)\/(.+)$/.exec(url.pathname);
      if (file !== null) return await this.serveFile(req, res, file[1] ?? '', decodeURIComponent(file[2] ?? ''));
      const m = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
      if (m === null) {
        await readBody(req);
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      }
      if (m[1] !== this.token) {
        await readBody(req);
        return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      }
      const method = this.api.resolve(m[2] ?? '');
      if (method === undefined) {
        await readBody(req);
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      }
      let parsed;
      try {
        parsed = await parseApiRequest(req, url);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(400, 'Bad Request: invalid request body');
        return sendJson(res, e.error_code, { ok: false, ...e.toBody() });
      }
      const { status, body } = await this.process(method, parsed.params, parsed.uploads, parsed.via, res);
      sendJson(res, status, body);
    } catch (err) {
      sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
    }
  }

  private async process(method: string, params: ApiParams, uploads: UploadedFile[], via: ApiCall['via'], res: ServerResponse | undefined) {
    const call: ApiCall = { method, params, at: Date.now(), uploads, via };
    this.recorded.push(call);
    this.events.emit('request', call);
    const hold = this.holds.find((h) => !h.taken && h.method === method && h.predicate(call));
    if (hold !== undefined) {
      hold.taken = true;
      hold.arrived(call);
      await hold.gate;
    }
    let status = 200;
    let body: { ok: true; result: unknown } | ({ ok: false } & ApiErrorBody);
    const faultKey = this.faults.has(method) ? method : '*';
    const fault = this.faults.get(faultKey);
    try {
      if (fault !== undefined) {
        if (--fault.remaining <= 0) this.faults.delete(faultKey);
        throw new ApiError(fault.error.error_code, fault.error.description, fault.error.parameters);
      }
      this.groups.beforeCall(method, params);
      body = { ok: true, result: await this.api.invoke(method, { params, call, res }) };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
      call.error = e.toBody();
      status = e.error_code;
      body = { ok: false, ...e.toBody() };
    }
    this.answered.add(call);
    this.events.emit('call', call);
    return { status, body };
  }

  private async webhookReply(body: Record<string, unknown>): Promise<void> {
    const { method: raw, ...params } = body;
    const method = typeof raw === 'string' ? this.api.resolve(raw) : undefined;
    if (method !== undefined) await this.process(method, params, [], 'webhook-reply', undefined);
  }

  private async serveFile(req: IncomingMessage, res: ServerResponse, token: string, path: string): Promise<void> {
    await readBody(req);
    if (token !== this.token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const file = this.store.fileByPath(path);
    if (file === undefined) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
    res.end(file.data);
  }
}
