// Two small SVG charts, drawn from numbers the page already has: a donut of
// spending by category and a bar chart of income and expenses per month.
// Plain SVG scales to any width (360 px phones included) and follows the
// theme through CSS variables; no chart library needed.
import type { JSX } from 'preact';

/** Colours that read on light and dark backgrounds alike. */
export const PALETTE = ['#4f8ef7', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#64748b', '#84cc16'];

export type Slice = { label: string; value: number };

export function Donut(props: { slices: Slice[]; center: string; caption: string; title: string }): JSX.Element {
  const total = props.slices.reduce((a, s) => a + s.value, 0);
  const r = 70;
  const c = 2 * Math.PI * r;
  let offset = 0;
  return (
    <svg class="donut" viewBox="0 0 200 200" role="img" aria-label={props.title} data-chart="donut">
      <circle cx="100" cy="100" r={r} class="donut-track" />
      {total > 0 &&
        props.slices.map((s, i) => {
          const len = (s.value / total) * c;
          const el = (
            <circle
              key={s.label}
              cx="100"
              cy="100"
              r={r}
              class="donut-slice"
              stroke={PALETTE[i % PALETTE.length]}
              stroke-dasharray={`${Math.max(len - 1.5, 0.5)} ${c}`}
              stroke-dashoffset={-offset}
              transform="rotate(-90 100 100)"
            />
          );
          offset += len;
          return el;
        })}
      <text x="100" y="98" class="donut-center">
        {props.center}
      </text>
      <text x="100" y="122" class="donut-caption">
        {props.caption}
      </text>
    </svg>
  );
}

export type Bar = { label: string; income: number; expense: number; current?: boolean };

export function TrendBars(props: { bars: Bar[]; title: string; format: (n: number) => string }): JSX.Element {
  const w = 340;
  const h = 170;
  const top = 18;
  const bottom = 22;
  const max = Math.max(1, ...props.bars.flatMap((b) => [b.income, b.expense]));
  const slot = w / Math.max(props.bars.length, 1);
  const bw = Math.max(3, Math.min(12, slot / 2 - 3));
  const y = (v: number) => top + (h - top - bottom) * (1 - v / max);
  return (
    <svg class="trend" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.title} data-chart="trend">
      <line x1="0" x2={w} y1={h - bottom} y2={h - bottom} class="axis" />
      <text x="0" y="11" class="tick">
        {props.format(max)}
      </text>
      {props.bars.map((b, i) => {
        const x = i * slot + slot / 2;
        return (
          <g key={b.label} class={b.current ? 'current' : undefined}>
            <rect x={x - bw - 1} y={y(b.income)} width={bw} height={h - bottom - y(b.income)} rx="2" class="bar-income" />
            <rect x={x + 1} y={y(b.expense)} width={bw} height={h - bottom - y(b.expense)} rx="2" class="bar-expense" />
            <text x={x} y={h - 6} class="tick tick-x">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
