// SVG → PNG with resvg's WebAssembly build: no native addon, no browser, no
// system fonts (only the bundled TTFs are given to it).
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { ChartAssets } from '../runtime/chart-assets.js';
import { spendingChartSvg, type SpendingChartInput } from './spending-chart.js';

export type ChartRenderer = {
  /** The month's spending chart as SVG (its text can be checked before rasterising). */
  spendingSvg(input: SpendingChartInput): string;
  /** The same chart as a PNG image. */
  spendingPng(input: SpendingChartInput): Promise<Uint8Array>;
  svgToPng(svg: string): Promise<Uint8Array>;
};

// resvg-wasm keeps its compiled module in the library itself and refuses a
// second initWasm() in one process, so the one initialisation is shared here
// (keyed by nothing: every renderer passes the same bytes).
let wasmReady: Promise<void> | undefined;

function ready(wasm: Uint8Array): Promise<void> {
  wasmReady ??= initWasm(wasm).catch((e: unknown) => {
    if (e instanceof Error && /already/i.test(e.message)) return;
    wasmReady = undefined;
    throw e;
  });
  return wasmReady;
}

export function createChartRenderer(assets: ChartAssets): ChartRenderer {
  const svgToPng = async (svg: string): Promise<Uint8Array> => {
    await ready(assets.wasm);
    const resvg = new Resvg(svg, { font: { fontBuffers: assets.fonts, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', loadSystemFonts: false }, background: '#ffffff' });
    try {
      const image = resvg.render();
      try {
        return image.asPng();
      } finally {
        image.free();
      }
    } finally {
      resvg.free();
    }
  };
  return {
    spendingSvg: spendingChartSvg,
    svgToPng,
    spendingPng: (input) => svgToPng(spendingChartSvg(input)),
  };
}
