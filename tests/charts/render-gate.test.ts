// The chart gate on its own: how many charts are on the way at once, and a
// person's allowance per minute (over HTTP: tests/api/chart-flood.test.ts).
import { describe, expect, it } from 'vitest';
import { ChartsBusy, createRenderGate } from '../../src/charts/render-gate.js';

/** A drawing that ends when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: async () => done.then(() => 'png'), finish };
}

describe('the chart gate', () => {
  it('lets a few charts be on the way in the process; more at once are refused at once (server), and a freed slot is usable again', async () => {
    const gate = createRenderGate({ perPerson: 10, windowMs: 60_000, inFlight: 2 }, () => 0);
    const one = held();
    const two = held();
    const first = gate.run('user:1', one.work);
    const second = gate.run('user:2', two.work);
    await expect(gate.run('user:3', async () => 'png')).rejects.toEqual(new ChartsBusy('server', 2));
    await expect(gate.run('user:1', async () => 'png')).rejects.toMatchObject({ scope: 'person', retryAfterSeconds: 1 });
    one.finish();
    two.finish();
    await expect(Promise.all([first, second])).resolves.toEqual(['png', 'png']);
    await expect(gate.run('user:3', async () => 'png')).resolves.toBe('png');
  });

  it('draws one chart at a time, in order', async () => {
    const gate = createRenderGate({ perPerson: 10, windowMs: 60_000, inFlight: 3 }, () => 0);
    const order: string[] = [];
    const one = held();
    const a = gate.run('user:1', async () => {
      order.push('a starts');
      await one.work();
      order.push('a ends');
    });
    const b = gate.run('user:2', async () => void order.push('b starts'));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['a starts']);
    one.finish();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'a ends', 'b starts']);
  });

  it('a person gets perPerson charts per window, told when the next one is allowed; a failed drawing counts too', async () => {
    let now = 1_000_000;
    const gate = createRenderGate({ perPerson: 2, windowMs: 60_000, inFlight: 4 }, () => now);
    await gate.run('user:1', async () => 'png');
    now += 10_000;
    await expect(gate.run('user:1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    // Refused before drawing: the refused chart's drawing never starts.
    let drawn = false;
    await expect(
      gate.run('user:1', async () => {
        drawn = true;
        return 'png';
      }),
    ).rejects.toEqual(new ChartsBusy('person', 50));
    expect(drawn).toBe(false);
    await expect(gate.run('user:2', async () => 'png')).resolves.toBe('png');
    now += 50_000;
    await expect(gate.run('user:1', async () => 'png')).resolves.toBe('png');
  });
});
