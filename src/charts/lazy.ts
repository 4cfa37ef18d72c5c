// The chart renderer, loaded on the first chart asked for: echarts and resvg
// (~25 MB of memory and a good part of start-up) stay out of every process
// that never draws a chart. Its WebAssembly and fonts are read then too.
import type { ChartRenderer } from './png.js';
import type { SpendingChartInput } from './spending-chart.js';
import { loadChartAssets } from '../runtime/chart-assets.js';

export type LazyChartRenderer = { spendingPng(input: SpendingChartInput): Promise<Uint8Array> };

export function lazyChartRenderer(): LazyChartRenderer {
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
  return { spendingPng: async (input) => (await load()).spendingPng(input) };
}
