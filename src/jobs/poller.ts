// A pass that runs every `everyMs` and on demand (wake), never twice at once;
// a wake during a pass schedules one more pass right after it.
import type { Logger } from '../logger.js';

export type Poller = { start(): void; wake(): void; stop(): Promise<void> };

export function createPoller(name: string, everyMs: number, log: Logger, pass: () => Promise<unknown>): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })()
      .catch((err: unknown) => log.error({ err }, `${name} pass failed`))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    start() {
      timer = setInterval(wake, everyMs);
      wake();
    },
    wake,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
