// The in-process dispatcher's timings, apart from the dispatcher itself: the
// jobs' defaults read them in every process, the dispatcher (and the grammY
// handlers it runs) is loaded only by a process that sends.

export type DispatcherTuning = {
  /** How often the outbox is polled without a wake() (default 1000 ms). */
  pollMs: number;
  /** Lease on a claimed row, renewed while its handler runs; a crashed process's row is retried after it (default 10 s). */
  leaseMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
};

export const DEFAULT_DISPATCHER_TUNING: DispatcherTuning = {
  pollMs: 1000,
  // Short, renewed every leaseMs/3 while the handler works: after a crash (kill -9)
  // the row is picked up again within ~10 s instead of a minute.
  leaseMs: 10_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 30 * 60_000,
  random: Math.random,
};
