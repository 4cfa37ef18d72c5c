// What a handler gets, and the one rule every handler follows: before a side
// effect for a recipient, look in `deliveries`; right after it, record it. A
// job retried after a crash then skips everyone already served. (A crash in the
// instant between Telegram accepting a message and the record being written can
// still repeat that one message: the Bot API has no idempotency key.)
import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../config.js';
import { deliveries } from '../../db/schema.js';
import type { CoreDeps, Tx } from '../../domain/index.js';
import type { Logger } from '../../logger.js';
import { permanentTelegramError, type TelegramSender } from '../telegram-sender.js';
import type { Texts } from '../texts.js';

export type JobHooks = {
  /** Called right after a delivery was recorded (tests use it to crash at the worst moment). */
  afterDelivery?: (outboxId: number, recipient: string) => void | Promise<void>;
  /** Called when a worker starts an outbox job and when it is finished with it. */
  beforeJob?: (outboxId: number) => void;
  afterJob?: (outboxId: number, outcome: JobOutcome) => void;
  /** Redis mode: the relay handed the row to BullMQ. */
  afterRelay?: (outboxId: number) => void;
};

export type JobOutcome = 'done' | 'retry' | 'failed' | 'skipped';

export type JobContext = {
  deps: CoreDeps;
  sender: TelegramSender;
  texts: Texts;
  log: Logger;
  defaultLocale: Locale;
  /** Recipients served at once within one job (the sender also bounds calls across jobs). */
  fanOut: number;
  outboxId: number;
  hooks: JobHooks;
};

/** A job that can never succeed (unknown topic, malformed payload): no retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type Delivered = {
  /** Stored in deliveries.result (message id, or why the recipient was skipped). */
  result: string;
  /** Extra rows to write in the same transaction as the delivery record. */
  record?: (tx: Tx) => void;
};

export function alreadyDelivered(ctx: JobContext, recipient: string): boolean {
  return Boolean(
    ctx.deps.db
      .select({ r: deliveries.recipient })
      .from(deliveries)
      .where(and(eq(deliveries.outboxId, ctx.outboxId), eq(deliveries.recipient, recipient)))
      .get(),
  );
}

/**
 * Performs `effect` for `recipient` unless this job already did. A Telegram
 * error no retry can fix (blocked bot, deleted chat or message) is recorded as
 * the result and the job goes on; any other error propagates and the job is
 * retried later, skipping recipients recorded so far.
 */
export async function deliverOnce(ctx: JobContext, recipient: string, effect: () => Promise<Delivered>): Promise<'sent' | 'skipped' | 'refused'> {
  if (alreadyDelivered(ctx, recipient)) return 'skipped';
  let outcome: Delivered;
  let refused = false;
  try {
    outcome = await effect();
  } catch (err) {
    const permanent = permanentTelegramError(err);
    if (permanent === undefined) throw err;
    ctx.log.info({ outboxId: ctx.outboxId, recipient, reason: permanent }, 'recipient skipped');
    outcome = { result: `refused: ${permanent}` };
    refused = true;
  }
  const at = ctx.deps.clock();
  ctx.deps.db.transaction(
    (tx) => {
      tx.insert(deliveries).values({ outboxId: ctx.outboxId, recipient, result: outcome.result, deliveredAt: at }).onConflictDoNothing().run();
      outcome.record?.(tx);
    },
    { behavior: 'immediate' },
  );
  await ctx.hooks.afterDelivery?.(ctx.outboxId, recipient);
  return refused ? 'refused' : 'sent';
}

/** Runs `fn` for each item, a few at a time (the sender bounds in-flight calls across jobs too). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
