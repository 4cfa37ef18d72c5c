// Counts updates being handled, so stop() can wait for them in webhook mode
// too (in polling mode the runner's sink counts as well).
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

export type InFlight = { middleware: MiddlewareFn<BotContext>; size(): number; idle(): Promise<void> };

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];
  return {
    middleware: async (_ctx, next) => {
      count++;
      try {
        await next();
      } finally {
        count--;
        if (count === 0) {
          const w = waiters;
          waiters = [];
          for (const resolve of w) resolve();
        }
      }
    },
    size: () => count,
    idle: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
