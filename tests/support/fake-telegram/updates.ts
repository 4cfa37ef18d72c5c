import type { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { ApiError, badRequest, optBool, optNumber, optString } from './errors.js';
import { postJson } from './http.js';
import type { ApiParams, FakeTelegramEvents, WebhookDelivery } from './types.js';

/** Update types Telegram leaves out unless listed in allowed_updates. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Webhook {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
}

interface Poller {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (updates: Update[]) => void;
  reject: (err: ApiError) => void;
}

export interface UpdateHubOptions {
  webhookMaxAttempts: number;
  webhookRetryDelayMs: number;
  webhookTimeoutMs: number;
}

const updateType = (u: Update): string => Object.keys(u).find((k) => k !== 'update_id') ?? 'unknown';

/** Holds pending updates and hands them out by getUpdates long polling or webhook POSTs. */
export class UpdateHub {
  private queue: { update: Update; delivered: boolean }[] = [];
  private poller: Poller | undefined;
  private allowed: Set<string> | undefined;
  private webhook: Webhook | undefined;
  private webhookQueue: Update[] = [];
  private pumping = false;
  private lastError: { date: number; message: string } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakeups = new Set<() => void>();
  private closed = false;
  private idSeq = 1;
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    private readonly opts: UpdateHubOptions,
    private readonly events: EventEmitter<FakeTelegramEvents>,
    private readonly onWebhookReply: (body: Record<string, unknown>) => void,
  ) {}

  nextUpdateId(): number {
    return this.idSeq++;
  }

  inject(update: Update): void {
    this.idSeq = Math.max(this.idSeq, update.update_id + 1);
    this.events.emit('update', update);
    if (this.webhook !== undefined) {
      this.webhookQueue.push(update);
      void this.pump();
    } else {
      this.queue.push({ update, delivered: false });
      this.wakePoller();
    }
  }

  pendingCount(): number {
    return this.webhook !== undefined ? this.webhookQueue.length : this.queue.length;
  }

  /** getUpdates: answers at once when updates are pending, otherwise holds the request up to `timeout` s. */
  getUpdates(params: ApiParams, res: ServerResponse): Promise<Update[]> {
    if (this.webhook !== undefined) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = optNumber(params, 'offset') ?? 0;
    const limit = Math.min(100, Math.max(1, optNumber(params, 'limit') ?? 100));
    const timeout = Math.max(0, optNumber(params, 'timeout') ?? 0);
    const allowed = params['allowed_updates'];
    if (Array.isArray(allowed)) {
      this.allowed = allowed.length === 0 ? undefined : new Set(allowed.filter((x): x is string => typeof x === 'string'));
    }
    this.confirm(offset);
    this.terminatePoller(new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const ready = this.take(limit);
    if (ready.length > 0 || timeout === 0 || this.closed) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      const poller: Poller = { res, limit, timer: undefined, resolve, reject };
      poller.timer = setTimeout(() => this.finishPoller(poller, []), timeout * 1000);
      poller.timer.unref();
      // The client went away (aborted fetch, killed process): forget the request.
      res.once('close', () => {
        if (this.poller === poller) this.finishPoller(poller, []);
      });
      this.poller = poller;
    });
  }

  setWebhook(params: ApiParams): true {
    const url = optString(params, 'url') ?? '';
    if (url === '') return this.deleteWebhook(params);
    if (!/^https?:\/\//.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    const secretToken = optString(params, 'secret_token');
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw badRequest('secret token contains unallowed characters');
    }
    if (optBool(params, 'drop_pending_updates') === true) this.dropPending();
    const allowed = params['allowed_updates'];
    if (Array.isArray(allowed)) {
      this.allowed = allowed.length === 0 ? undefined : new Set(allowed.filter((x): x is string => typeof x === 'string'));
    }
    this.webhook = { url, secretToken, maxConnections: optNumber(params, 'max_connections') ?? 40 };
    this.lastError = undefined;
    this.terminatePoller(new ApiError(409, 'Conflict: terminated by setWebhook request'));
    this.webhookQueue.push(...this.queue.map((q) => q.update));
    this.queue = [];
    void this.pump();
    return true;
  }

  deleteWebhook(params: ApiParams): true {
    if (optBool(params, 'drop_pending_updates') === true) this.dropPending();
    if (this.webhook !== undefined) {
      this.queue.push(...this.webhookQueue.map((update) => ({ update, delivered: false })));
      this.webhookQueue = [];
      this.webhook = undefined;
    }
    return true;
  }

  webhookInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.pendingCount(),
    };
    if (this.webhook !== undefined) info['max_connections'] = this.webhook.maxConnections;
    if (this.allowed !== undefined) info['allowed_updates'] = [...this.allowed];
    if (this.lastError !== undefined) {
      info['last_error_date'] = this.lastError.date;
      info['last_error_message'] = this.lastError.message;
    }
    return info;
  }

  reset(): void {
    this.terminatePoller(undefined);
    this.stopTimers();
    this.queue = [];
    this.webhookQueue = [];
    this.webhook = undefined;
    this.allowed = undefined;
    this.lastError = undefined;
    this.deliveries.length = 0;
    this.idSeq = 1;
  }

  close(): void {
    this.closed = true;
    this.terminatePoller(undefined);
    this.stopTimers();
  }

  // ------------------------------------------------------------ polling internals

  private confirm(offset: number): void {
    if (offset < 0) {
      const keep = -offset;
      const dropped = this.queue.slice(0, Math.max(0, this.queue.length - keep));
      this.queue = this.queue.slice(dropped.length);
      for (const q of dropped) this.events.emit('confirmed', q.update.update_id);
      return;
    }
    if (offset === 0) return;
    // Updates below the offset are confirmed. An update injected later with an old id
    // (a deliberate duplicate) is still handed out once before it counts as confirmed.
    const remaining: typeof this.queue = [];
    for (const q of this.queue) {
      if (q.update.update_id < offset && q.delivered) this.events.emit('confirmed', q.update.update_id);
      else remaining.push(q);
    }
    this.queue = remaining;
  }

  private take(limit: number): Update[] {
    this.queue = this.queue.filter((q) => this.isAllowed(q.update));
    const batch = this.queue.slice(0, limit);
    for (const q of batch) q.delivered = true;
    return batch.map((q) => structuredClone(q.update));
  }

  private isAllowed(update: Update): boolean {
    const type = updateType(update);
    return this.allowed === undefined ? !OPT_IN_UPDATES.has(type) : this.allowed.has(type);
  }

  private wakePoller(): void {
    const poller = this.poller;
    if (poller === undefined) return;
    const ready = this.take(poller.limit);
    if (ready.length > 0) this.finishPoller(poller, ready);
  }

  private finishPoller(poller: Poller, updates: Update[] | ApiError): void {
    if (poller.timer !== undefined) clearTimeout(poller.timer);
    if (this.poller === poller) this.poller = undefined;
    if (updates instanceof ApiError) poller.reject(updates);
    else poller.resolve(updates);
  }

  private terminatePoller(reason: ApiError | undefined): void {
    if (this.poller !== undefined) this.finishPoller(this.poller, reason ?? []);
  }

  private dropPending(): void {
    this.queue = [];
    this.webhookQueue = [];
  }

  // ------------------------------------------------------------ webhook internals

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const hook = this.webhook;
        const update = this.webhookQueue[0];
        if (hook === undefined || update === undefined || this.closed) break;
        let ok = false;
        for (let attempt = 1; attempt <= this.opts.webhookMaxAttempts && !ok; attempt++) {
          if (attempt > 1) await this.delay(this.opts.webhookRetryDelayMs);
          if (this.closed || this.webhook !== hook) break;
          ok = await this.deliverOnce(update, hook, attempt);
        }
        if (this.webhook !== hook || this.closed) continue; // deleteWebhook moved the queue back
        this.webhookQueue.shift();
        if (ok) this.events.emit('confirmed', update.update_id);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async deliverOnce(update: Update, hook: Webhook, attempt: number): Promise<boolean> {
    const headers: Record<string, string> = {};
    if (hook.secretToken !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secretToken;
    const record: WebhookDelivery = { update_id: update.update_id, url: hook.url, attempt, status: 0, at: Date.now() };
    try {
      const res = await postJson(hook.url, update, headers, this.opts.webhookTimeoutMs);
      record.status = res.status;
      if (res.status >= 200 && res.status < 300) {
        if (res.contentType.includes('application/json') && res.body.trim() !== '') {
          try {
            const body: unknown = JSON.parse(res.body);
            if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'method' in body) {
              this.onWebhookReply(body as Record<string, unknown>);
            }
          } catch {
            // Telegram ignores a response body it cannot use.
          }
        }
      } else {
        record.error = `Wrong response from the webhook: ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim();
      }
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    if (record.error !== undefined) this.lastError = { date: Math.floor(Date.now() / 1000), message: record.error };
    this.deliveries.push(record);
    this.events.emit('webhook', record);
    return record.error === undefined;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakeups.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.timers.add(timer);
      this.wakeups.add(done);
    });
  }

  private stopTimers(): void {
    for (const wake of [...this.wakeups]) wake();
  }
}
