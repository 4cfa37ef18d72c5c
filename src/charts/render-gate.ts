// Who may draw a chart now. A chart is rasterised by resvg on the main thread
// (100–300 ms of CPU each, synchronous): one account asking for charts without
// end, over the API or the bot, held the event loop of the whole process, and
// every other request and update waited behind the drawings. The gate lets a
// person draw a few charts a minute and have one on the way at a time, lets a
// few be on the way in the whole process, draws them one at a time after
// letting waiting I/O in, and refuses the rest at once (nothing queued
// without bound).
export type ChartsBusyScope = 'person' | 'server';

/** Refused before any work: this person asked for too many charts, or the process has too many on the way. */
export class ChartsBusy extends Error {
  constructor(
    readonly scope: ChartsBusyScope,
    readonly retryAfterSeconds: number,
  ) {
    super(scope === 'person' ? 'Too many charts asked for by this person' : 'Too many charts are being drawn');
    this.name = 'ChartsBusy';
  }
}

export type RenderGate = {
  /** Runs `work` after the charts before it, or throws ChartsBusy at once. `owner` names the person (e.g. `user:12`). */
  run<T>(owner: string, work: () => Promise<T>): Promise<T>;
};

export type RenderLimits = {
  /** Charts one person may start per window. */
  perPerson: number;
  windowMs: number;
  /** Charts on the way in one process at most (the one being drawn included). */
  inFlight: number;
};

export const CHART_LIMITS: RenderLimits = { perPerson: 10, windowMs: 60_000, inFlight: 4 };

/** People remembered at most; past it those with no chart in the window are forgotten. */
const MAX_OWNERS = 10_000;

export function createRenderGate(limits: RenderLimits = CHART_LIMITS, now: () => number = Date.now): RenderGate {
  const started = new Map<string, number[]>();
  const busy = new Set<string>();
  let tail: Promise<unknown> = Promise.resolve();
  const recent = (owner: string, at: number): number[] => {
    const times = (started.get(owner) ?? []).filter((t) => at - t < limits.windowMs);
    if (times.length === 0) started.delete(owner);
    else started.set(owner, times);
    return times;
  };
  return {
    run<T>(owner: string, work: () => Promise<T>): Promise<T> {
      const at = now();
      const times = recent(owner, at);
      if (times.length >= limits.perPerson) {
        return Promise.reject(new ChartsBusy('person', Math.max(1, Math.ceil((times[0]! + limits.windowMs - at) / 1000))));
      }
      if (busy.has(owner)) return Promise.reject(new ChartsBusy('person', 1));
      if (busy.size >= limits.inFlight) return Promise.reject(new ChartsBusy('server', 2));
      if (started.size >= MAX_OWNERS) for (const k of [...started.keys()]) recent(k, at);
      started.set(owner, [...times, at]);
      busy.add(owner);
      // Drawn after a turn of the event loop: requests and updates that arrived meanwhile are read
      // first (a chart among them meets this one's slot) instead of waiting behind the drawing.
      const start = () => new Promise<void>((resolve) => setImmediate(resolve)).then(work);
      const mine = tail.then(start, start);
      tail = mine.catch(() => undefined);
      return mine.finally(() => busy.delete(owner));
    },
  };
}

// One gate per process: the CPU it guards is the process's, shared by the API
// and the bot when they run together (role `all`).
export const processRenderGate: RenderGate = createRenderGate();
