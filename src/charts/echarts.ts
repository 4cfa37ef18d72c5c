// Apache ECharts, only the parts we draw with (bars, grids, titles, legend,
// the SVG renderer): a smaller bundle for the single executable. The
// package's subpath typings re-export without file extensions, which
// NodeNext resolution cannot follow, so the runtime modules are typed here
// from its full typings.
import * as charts from 'echarts/charts';
import * as components from 'echarts/components';
import * as core from 'echarts/core';
import * as renderers from 'echarts/renderers';
import type { EChartsOption, EChartsType, init, use } from 'echarts/types/dist/echarts';

type Core = { init: typeof init; use: typeof use };
type Parts = Exclude<Parameters<typeof use>[0], unknown[]>;

const echarts = core as unknown as Core;
const c = charts as unknown as Record<'BarChart', Parts>;
const k = components as unknown as Record<'GridComponent' | 'LegendComponent' | 'TitleComponent', Parts>;
const r = renderers as unknown as Record<'SVGRenderer', Parts>;
echarts.use([c.BarChart, k.GridComponent, k.LegendComponent, k.TitleComponent, r.SVGRenderer]);

export type ChartOption = EChartsOption;

/** A chart drawn without a DOM, for renderToSVGString(); dispose() it when done. */
export function ssrChart(width: number, height: number): EChartsType {
  return echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
}
