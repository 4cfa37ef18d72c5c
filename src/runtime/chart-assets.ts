// The files chart rendering needs at run time: resvg's WebAssembly module and
// the DejaVu Sans TrueType fonts (Latin, Cyrillic, Greek…; Bitstream Vera
// licence, shipped beside them). Read from node_modules in development and
// when built, and from the extracted assets inside the single executable
// (scripts/build-binary.mjs embeds them under charts/). Nothing is downloaded
// and no system font is used, so every machine draws the same picture.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { seaResourceDir } from './sea.js';

export type ChartAssets = { wasm: Uint8Array; fonts: Uint8Array[] };

/** File name inside the single executable's charts/ folder → module path in development. */
export const CHART_ASSET_FILES = {
  'resvg.wasm': '@resvg/resvg-wasm/index_bg.wasm',
  'DejaVuSans.ttf': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

function locate(file: keyof typeof CHART_ASSET_FILES): string {
  const sea = seaResourceDir();
  if (sea) {
    const p = join(sea, 'charts', file);
    if (existsSync(p)) return p;
  }
  return createRequire(import.meta.url).resolve(CHART_ASSET_FILES[file]);
}

export function loadChartAssets(): ChartAssets {
  return {
    wasm: readFileSync(locate('resvg.wasm')),
    fonts: [readFileSync(locate('DejaVuSans.ttf')), readFileSync(locate('DejaVuSans-Bold.ttf'))],
  };
}
