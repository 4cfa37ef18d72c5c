// Long polling through @grammyjs/runner with AT-LEAST-ONCE delivery.
//
// The policy for a crash between fetching and handling (kill -9, OOM, power
// loss): no update is lost. The runner's own fetcher confirms a batch's
// offset as soon as it asks for the next one, while handlers may still run,
// so a crash drops them (grammY's reliability guide). This supplier instead
// confirms an offset only up to the oldest update still being handled, so
// Telegram hands every unfinished update out again after a restart. Updates
// handed out twice are caught by processed_updates (runtime/dedupe.ts) and the
// handlers are idempotent where a repeat could matter (transactions carry an
// idempotency key derived from the Telegram message or callback query,
// approvals and reversals are conditional updates in the core). The cost: a
// reply to an update that was being handled at the crash may be sent twice.
//
// Within the process, updates are handled concurrently across chats and in
// order within a chat (sequentialize, installed first in bot/index.ts).
import { createConcurrentSink, createRunner, createSource, type RunnerHandle, type UpdateSupplier } from '@grammyjs/runner';
import { GrammyError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.js';
import { pollingRefusal } from '../../runtime/telegram-start.js';
import type { BotContext } from '../context.js';

/** While a handler runs, new updates are still fetched at least this often. */
const BUSY_POLL_MS = 250;
const LONG_POLL_SECONDS = 30;

class AbortedError extends Error {}

/** The AbortSignal type of the runner and of grammY (the abort-controller polyfill types). */
type RunnerSignal = Parameters<UpdateSupplier<Update>['supply']>[1];

/** Tracks which fetched updates are still being handled and which offset is safe to confirm. */
export class AckingSupplier implements UpdateSupplier<Update> {
  private readonly inFlight = new Set<number>();
  /** Finished but not yet confirmed to Telegram (so it would hand them out again). */
  private readonly finishedUnconfirmed = new Set<number>();
  /** Fetched updates whose handler has begun (a stopped runner may never begin the rest). */
  private readonly begun = new Set<number>();
  private nextOffset = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly fetch: (args: { offset: number; limit: number; timeout: number }, signal: RunnerSignal) => Promise<Update[]>,
    private readonly log: Logger,
  ) {}

  /** The offset that confirms exactly the updates whose handling is over. */
  confirmOffset(): number {
    return this.inFlight.size > 0 ? Math.min(...this.inFlight) : this.nextOffset;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Called when an update's handler begins. */
  started(updateId: number): void {
    if (this.inFlight.has(updateId)) this.begun.add(updateId);
  }

  finished(updateId: number): void {
    this.begun.delete(updateId);
    if (!this.inFlight.delete(updateId)) return;
    this.finishedUnconfirmed.add(updateId);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when no fetched update is unfinished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Resolves when every handler that has begun is over. After the runner is
   * stopped, updates it fetched but never handed to a handler stay in flight,
   * so confirmOffset() stays below them and Telegram re-sends them after the
   * restart; waiting for them here would wait forever.
   */
  async handlersIdle(): Promise<void> {
    while (this.begun.size > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async supply(batchSize: number, signal: RunnerSignal): Promise<Update[]> {
    let retryIn = 100;
    let waitingSince: number | undefined;
    for (;;) {
      if (signal.aborted) throw new AbortedError('aborted');
      const offset = this.confirmOffset();
      const busy = this.inFlight.size > 0;
      const limit = Math.max(1, Math.min(batchSize, 100));
      // While handlers run, Telegram hands out everything again from the oldest
      // unfinished update on, so a call can bring new updates only past the ones
      // already fetched: `room` of them at most. With a backlog, calling after
      // every finished handler would fetch (and parse) up to `limit` known
      // updates for each new one; wait until a quarter of the window is free,
      // or BUSY_POLL_MS, whichever comes first.
      const room = offset + limit - this.nextOffset;
      if (busy && room < Math.ceil(limit / 4)) {
        waitingSince ??= Date.now();
        const left = BUSY_POLL_MS - (Date.now() - waitingSince);
        if (left > 0) {
          await this.pause(left, signal, true);
          continue;
        }
      }
      waitingSince = undefined;
      let updates: Update[];
      try {
        updates = await this.fetch({ offset, limit, timeout: busy ? 0 : LONG_POLL_SECONDS }, signal);
        retryIn = 100;
      } catch (err) {
        if (signal.aborted) throw new AbortedError('aborted');
        // A refused token (401, or 404 for one Telegram does not know) or another poller (409): retrying cannot help.
        if (err instanceof GrammyError && [401, 404, 409].includes(err.error_code)) throw err;
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        const delay = retryAfter !== undefined ? retryAfter * 1000 : retryIn;
        retryIn = Math.min(retryIn * 2, 30_000);
        this.log.warn({ err, retryInMs: delay }, 'getUpdates failed; retrying');
        await this.pause(delay, signal, false);
        continue;
      }
      for (const id of this.finishedUnconfirmed) if (id < offset) this.finishedUnconfirmed.delete(id);
      // Unfinished and finished-but-unconfirmed updates come back on every call
      // until confirmed: hand out only the new ones. An id below the offset is a
      // real redelivery; processed_updates decides about it.
      const fresh = updates.filter((u) => !this.inFlight.has(u.update_id) && !this.finishedUnconfirmed.has(u.update_id));
      for (const u of updates) this.nextOffset = Math.max(this.nextOffset, u.update_id + 1);
      if (fresh.length > 0) {
        for (const u of fresh) this.inFlight.add(u.update_id);
        return fresh;
      }
      // Nothing new while handlers run: wait for one to finish (or a short
      // while, so other chats' updates are not held up by a slow handler).
      if (busy) await this.pause(BUSY_POLL_MS, signal, true);
    }
  }

  private pause(ms: number, signal: RunnerSignal, untilFinished: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortedError('aborted'));
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', onAbort, { once: true });
      if (untilFinished) this.waiters.push(done);
    });
  }
}

export type Poller = { handle: RunnerHandle; stop(): Promise<void> };

/**
 * Starts polling. The bot must be initialized (bot.init()) and have no
 * webhook (deleteWebhook) before this is called.
 */
export function startAckingPolling(
  bot: Bot<BotContext>,
  log: Logger,
  opts: { concurrency?: number; onFatal?: (err: Error) => void } = {},
): Poller {
  const supplier = new AckingSupplier((args, signal) => bot.api.getUpdates(args, signal), log);
  const source = createSource(supplier);
  const sink = createConcurrentSink<Update, unknown>(
    {
      consume: async (update) => {
        supplier.started(update.update_id);
        try {
          await bot.handleUpdate(update);
        } finally {
          supplier.finished(update.update_id);
        }
      },
    },
    async (err) => {
      // bot.catch handles middleware errors; this only sees failures around it.
      log.error({ err }, 'update handling failed outside the error boundary');
    },
    { concurrency: opts.concurrency ?? 100 },
  );
  const handle = createRunner(source, sink);
  handle.start();
  // A refused token (401/404) or another poller (409) ends the loop for good. Before, the process went
  // on without a bot (or, in the bot role, ran out of work and exited 0), its healthcheck saying healthy.
  handle.task()?.catch((err: unknown) => {
    const refusal = pollingRefusal(err);
    log.fatal({ err }, refusal?.message ?? 'polling stopped');
    opts.onFatal?.(refusal ?? (err instanceof Error ? err : new Error(String(err))));
  });
  let stopping: Promise<void> | undefined;
  return {
    handle,
    stop() {
      stopping ??= (async () => {
        // stop() resolves when polling stops, not when handlers finish: wait for them.
        // It returns nothing when the runner's loop has already ended (a fetch error ended it).
        await handle.stop()?.catch(() => undefined);
        await supplier.handlersIdle();
        // Confirm what was handled, so a restart does not fetch it again (a
        // repeat would be ignored anyway). limit 1, timeout 0: returns at once
        // and confirms nothing that was not handled.
        await bot.api.getUpdates({ offset: supplier.confirmOffset(), limit: 1, timeout: 0 }).catch((err: unknown) => {
          log.warn({ err }, 'could not confirm the last handled updates; they will be ignored as duplicates after a restart');
        });
      })();
      return stopping;
    },
  };
}
