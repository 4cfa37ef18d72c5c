// A month of the family's books: spending by category as a donut and a
// ranked list, income against expenses, ◀ ▶ between months; below it the
// 12-month trend. A family with several currencies sees one at a time (never
// summed) and switches between them; the family's own currency comes first.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Donut, PALETTE, TrendBars } from '../chart.js';
import { Problem, Section, Spinner } from '../components.js';
import { money, monthName } from '../format.js';
import type { Ctx } from '../model.js';
import { readMonth, readTrend } from '../reports.js';
import { telegram } from '../telegram.js';
import { useLoad } from '../use-load.js';

/** Up to this many categories get their own slice; the rest are "other". */
const SLICES = 7;

export function MonthPage(props: { ctx: Ctx }): JSX.Element {
  const { ctx } = props;
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [currency, setCurrency] = useState<string>(ctx.family.base_currency);
  const report = useLoad(
    () => ctx.api.get<Parameters<typeof readMonth>[0]>('/reports/monthly', { family_id: ctx.family.id, month }).then(readMonth),
    [ctx.family.id, month, ctx.version],
  );
  const trend = useLoad(() => ctx.api.get<Parameters<typeof readTrend>[0]>('/reports/trend', { family_id: ctx.family.id, months: 12 }).then(readTrend), [ctx.family.id, ctx.version]);
  const r = report.data;
  const go = (m: string | undefined) => {
    telegram.select();
    setMonth(m);
  };
  // Every currency the month or the trend holds, the family's own first; one is shown at a time.
  const held = new Set([...(r?.currencies ?? []).map((c) => c.currency), ...(trend.data ?? []).map((c) => c.currency)]);
  const own = ctx.family.base_currency;
  const currencies = [...held].sort((a, b) => (a === own ? -1 : b === own ? 1 : a.localeCompare(b)));
  const shown = held.has(currency) ? currency : currencies[0];
  const base = r?.currencies.find((c) => c.currency === shown);
  const top = base ? base.expenses.slice(0, SLICES) : [];
  const restMinor = base ? base.expenses.slice(SLICES).reduce((a, l) => a + l.total.minor, 0) : 0;
  const series = trend.data?.find((s) => s.currency === shown);

  return (
    <div class="page">
      <nav class="month-nav" aria-label={ctx.t('webapp-month-nav')}>
        <button type="button" class="icon-btn" aria-label={ctx.t('webapp-month-previous')} disabled={!r?.previous} onClick={() => r?.previous && go(r.previous)}>
          ‹
        </button>
        <h1 class="month-title">{r ? monthName(ctx.lang, r.month) : ' '}</h1>
        <button type="button" class="icon-btn" aria-label={ctx.t('webapp-month-next')} disabled={!r?.next} onClick={() => r?.next && go(r.next)}>
          ›
        </button>
      </nav>
      {currencies.length > 1 && (
        <div class="currency-switch" role="group" aria-label={ctx.t('webapp-currency')}>
          {currencies.map((c) => (
            <button type="button" key={c} class={`chip${c === shown ? ' active' : ''}`} aria-pressed={c === shown} data-currency={c} onClick={() => {
                telegram.select();
                setCurrency(c);
              }}>
              {c}
            </button>
          ))}
        </div>
      )}
      {report.error && <Problem ctx={ctx} error={report.error} />}
      {!r && !report.error && <Spinner ctx={ctx} />}
      {r && !base && <p class="empty card pad">{ctx.t('webapp-month-empty')}</p>}
      {r && base && (
        <>
          <div class="summary">
            <div class="summary-item">
              <span class="muted small">{ctx.t('webapp-income')}</span>
              <strong class="income">{money(ctx.lang, base.income.text, base.currency)}</strong>
            </div>
            <div class="summary-item">
              <span class="muted small">{ctx.t('webapp-expenses')}</span>
              <strong class="expense">{money(ctx.lang, base.expense.text, base.currency)}</strong>
            </div>
          </div>
          <Section title={ctx.t('webapp-by-category')}>
            {top.length === 0 ? (
              <p class="empty">{ctx.t('webapp-month-no-expenses')}</p>
            ) : (
              <>
                <Donut
                  title={ctx.t('webapp-by-category')}
                  slices={[...top.map((l) => ({ label: (l.id !== null && ctx.categories.get(l.id)?.name) || l.name, value: l.total.minor })), ...(restMinor > 0 ? [{ label: 'other', value: restMinor }] : [])]}
                  center={money(ctx.lang, base.expense.text, base.currency, { compact: true })}
                  caption={ctx.t('webapp-expenses')}
                />
                <ul class="list legend">
                  {base.expenses.map((l, i) => (
                    <li class="legend-row" key={`${l.id}`}>
                      <span class="dot" aria-hidden="true" style={{ background: i < SLICES ? PALETTE[i % PALETTE.length] : 'var(--hint)' }} />
                      <span class="legend-name">
                        {l.emoji ? `${l.emoji} ` : ''}
                        {(l.id !== null && ctx.categories.get(l.id)?.name) || l.name}
                      </span>
                      <span class="muted small">{Math.round(l.share)}%</span>
                      <span class="legend-amount">{money(ctx.lang, l.total.text, base.currency)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Section>
        </>
      )}
      {series && (
        <Section title={ctx.t('webapp-trend')}>
          <TrendBars
            title={ctx.t('webapp-trend')}
            bars={series.points.map((p, i) => ({ label: monthName(ctx.lang, p.month, true), income: p.income.minor, expense: p.expense.minor, current: i === series.points.length - 1 }))}
            format={(n) => money(ctx.lang, String(Math.round(n / 10 ** series.decimals)), series.currency, { compact: true })}
          />
          <div class="chart-legend small">
            <span class="key key-income">{ctx.t('webapp-income')}</span>
            <span class="key key-expense">{ctx.t('webapp-expenses')}</span>
          </div>
        </Section>
      )}
      {trend.error && !report.error && <Problem ctx={ctx} error={trend.error} />}
    </div>
  );
}
