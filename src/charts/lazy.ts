// The chart renderer, loaded on the first chart asked for: echarts and resvg
// (~25 MB of memory and a good part of start-up) stay out of every process
// that never draws a chart. Its WebAssembly and fonts are read then too.
// Every chart passes the process's render gate (render-gate.ts): one per
// person at a time, a few in the process, drawn one after another.
import type { ChartRenderer } from './png.js';
import { processRenderGate, type RenderGate } from './render-gate.js';
import type { SpendingChartInput } from './spending-chart.js';
import { loadChartAssets } from '../runtime/chart-assets.js';

export type LazyChartRenderer = {
  /** The chart as PNG for `owner` (the person asking, e.g. `user:12`); throws ChartsBusy when the gate refuses. */
  spendingPng(input: SpendingChartInput, owner: string): Promise<Uint8Array>;
};

export function lazyChartRenderer(gate: RenderGate = processRenderGate): LazyChartRenderer {
  let loading: Promise<ChartRenderer> | undefined;
  const load = (): Promise<ChartRenderer> =>
    (loading ??= import('./png.js').then(
      (png) => png.createChartRenderer(loadChartAssets()),
      (e: unknown) => {
        // A failed load is tried again on the next chart.
        loading = undefined;
        throw e;
      },
    ));
  return { spendingPng: (input, owner) => gate.run(owner, async () => (await load()).spendingPng(input)) };
}
