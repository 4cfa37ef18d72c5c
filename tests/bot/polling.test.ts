// The at-least-once update supplier: an offset is confirmed only up to the
// oldest update still being handled.
import { describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { AckingSupplier } from '../../src/bot/runtime/polling.js';
import { createLogger } from '../../src/logger.js';

const upd = (id: number): Update => ({ update_id: id }) as Update;

function scripted(responses: Update[][]) {
  const calls: Array<{ offset: number; timeout: number }> = [];
  const fetch = async (args: { offset: number; limit: number; timeout: number }) => {
    calls.push({ offset: args.offset, timeout: args.timeout });
    return responses.shift() ?? [];
  };
  return { calls, fetch };
}

const signal = () => new AbortController().signal as unknown as Parameters<AckingSupplier['supply']>[1];

describe('AckingSupplier', () => {
  it('keeps unfinished updates unconfirmed and hands out only new ones', async () => {
    const { calls, fetch } = scripted([[upd(1), upd(2), upd(3)], [upd(1), upd(2), upd(3), upd(4)], [upd(4)], [upd(5)]]);
    const s = new AckingSupplier(fetch, createLogger({ level: 'silent' }));
    expect((await s.supply(100, signal())).map((u) => u.update_id)).toEqual([1, 2, 3]);
    s.finished(2);
    s.finished(3);
    // 1 is still being handled: the offset stays at 1 and the poll does not hold.
    expect((await s.supply(100, signal())).map((u) => u.update_id)).toEqual([4]);
    expect(calls[1]).toEqual({ offset: 1, timeout: 0 });
    expect(s.confirmOffset()).toBe(1);
    s.finished(1);
    expect(s.confirmOffset()).toBe(4);
    // Only 4 comes back (in flight): the supplier waits for a handler to finish instead of spinning.
    const next = s.supply(100, signal());
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(3);
    s.finished(4);
    expect((await next).map((u) => u.update_id)).toEqual([5]);
    expect(calls[3]).toEqual({ offset: 5, timeout: 30 }); // nothing in flight: a real long poll
    s.finished(5);
    expect(s.confirmOffset()).toBe(6);
    await s.idle();
  });

  it('with a backlog, waits until a quarter of the window is free instead of fetching after every finished update', async () => {
    const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => upd(from + i));
    const { calls, fetch } = scripted([ids(1, 100), ids(26, 125)]);
    const s = new AckingSupplier(fetch, createLogger({ level: 'silent' }));
    expect(await s.supply(100, signal())).toHaveLength(100);
    for (let id = 1; id <= 10; id++) s.finished(id);
    const next = s.supply(100, signal());
    await new Promise((resolve) => setImmediate(resolve));
    // Only 10 slots past the fetched ones: no call yet.
    expect(calls).toHaveLength(1);
    for (let id = 11; id <= 24; id++) s.finished(id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    s.finished(25);
    expect((await next).map((u) => u.update_id)).toEqual(ids(101, 125).map((u) => u.update_id));
    expect(calls[1]).toEqual({ offset: 26, timeout: 0 });
  });

  it('passes a redelivered old update on to the dedupe (it is not ours to drop)', async () => {
    const { fetch } = scripted([[upd(7)], [upd(3)]]);
    const s = new AckingSupplier(fetch, createLogger({ level: 'silent' }));
    await s.supply(100, signal());
    s.finished(7);
    expect((await s.supply(100, signal())).map((u) => u.update_id)).toEqual([3]);
  });

  it('on stop, waits only for handlers that began; updates never handed to a handler stay unconfirmed', async () => {
    const { fetch } = scripted([[upd(10), upd(11), upd(12)]]);
    const s = new AckingSupplier(fetch, createLogger({ level: 'silent' }));
    await s.supply(100, signal());
    s.started(10);
    let idle = false;
    const waiting = s.handlersIdle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false); // 10 is still being handled
    s.finished(10);
    await waiting;
    // 11 and 12 were fetched but the runner stopped before handling them: Telegram must send them again.
    expect(s.confirmOffset()).toBe(11);
  });
});
