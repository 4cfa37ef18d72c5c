// Ignores an update_id seen before (see runtime/dedupe.ts for the states).
import type { MiddlewareFn } from 'grammy';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import type { UpdateLedger } from './dedupe.js';

// Each step looks at PROCESSED_UPDATES_CHUNK (2,000) rows, more than the claims made between steps: the walk keeps up.
const PRUNE_EVERY = 1000;

export function dedupeUpdates(ledger: UpdateLedger, log: Logger): MiddlewareFn<BotContext> {
  let claims = 0;
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!ledger.claim(updateId)) {
      log.info({ update_id: updateId }, 'duplicate update ignored');
      return;
    }
    if (++claims % PRUNE_EVERY === 0) ledger.prune();
    try {
      await next();
    } finally {
      // Also after an error: the boundary has answered it, a retry would only repeat that.
      ledger.finish(updateId);
    }
  };
}
